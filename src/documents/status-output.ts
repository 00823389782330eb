import stringWidth from 'string-width';
import {formatMs} from '../i18n/units.js';
import {GRADE_SYMBOL, UNKNOWN_SYMBOL} from '../model/link/grade.js';
import type {Grade, LinkSnapshot} from '../model/link/link-stats.js';

export {GRADE_SYMBOL, UNKNOWN_SYMBOL};
import {reasonCode, wordReason, type ReasonCodeName} from '../i18n/link-reason-words.js';

// Rendering of `diemcau status`: the table for people and the JSON of DESIGN.md "Outputs".
// The grade symbols are the model's (src/model/link/grade.ts), so the dashboard shows the very same ones.

/** The symbol for a link: its grade's, or UNKNOWN_SYMBOL while still unknown. */
export function linkSymbol(link: Pick<LinkSnapshot, 'state' | 'grade'>): string {
	return link.state === 'unknown' ? UNKNOWN_SYMBOL : GRADE_SYMBOL[link.grade];
}

/** One site as `status` reports it: state is settled to up or down. */
export interface StatusSite {
	id: string;
	name: string;
	mode: 'agent' | 'ws-ping';
	link: LinkSnapshot;
}

/** The stable JSON site record (DESIGN.md "Outputs"), keys in documented order. */
export interface StatusJsonSite {
	id: string;
	name: string;
	mode: 'agent' | 'ws-ping';
	state: 'up' | 'down';
	grade: Grade;
	rttMs: {last: number | null; p50: number; p95: number} | null;
	jitterMs: number | null;
	lossPct: number | null;
	mos: number | null;
	sent: number;
	received: number;
	/** Why the site is down, in English (stable for scripts); errorCode is its code (src/i18n/link-reason-words.ts). */
	error: string | null;
	udp: 'ok' | 'blocked' | 'off';
	packetLossPct: {up: number; down: number} | null;
	probeLossPct: number | null;
	errorCode: ReasonCodeName | null;
}

const round = (value: number, digits: number): number => {
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
};
const roundOrNull = (value: number | null, digits: number): number | null => (value === null ? null : round(value, digits));

/** A site's JSON record: ms to 0.01, loss to 0.1 %, MOS to 0.01; anything not up is down. */
export function statusJsonSite(site: StatusSite): StatusJsonSite {
	const {link} = site;
	const up = link.state === 'up';
	return {
		id: site.id,
		name: site.name,
		mode: site.mode,
		state: up ? 'up' : 'down',
		grade: up ? link.grade : 'down',
		rttMs: link.rttMs ? {last: roundOrNull(link.rttMs.last, 2), p50: round(link.rttMs.p50, 2), p95: round(link.rttMs.p95, 2)} : null,
		jitterMs: roundOrNull(link.jitterMs, 2),
		lossPct: roundOrNull(link.lossPct, 1),
		mos: roundOrNull(link.mos, 2),
		sent: link.sent,
		received: link.received,
		error: up ? null : (link.error ?? 'no answer'),
		// A stream still waiting for its first answer has shown nothing: for a down site, nothing is stale.
		udp: !up ? 'off' : link.udp === 'waiting' ? 'blocked' : link.udp,
		packetLossPct: up && link.packetLossPct ? {up: round(link.packetLossPct.up, 1), down: round(link.packetLossPct.down, 1)} : null,
		probeLossPct: roundOrNull(link.probeLossPct, 1),
		errorCode: up ? null : reasonCode(link.error ?? 'no answer').code,
	};
}

/** The LOSS cell: the graded loss, with ↑ (hub → site) or ↓ (site → hub) when UDP packet loss set it. */
export function lossCell(link: Pick<LinkSnapshot, 'lossPct' | 'lossFrom'>): string {
	if (link.lossPct === null) return '–';
	return `${link.lossPct.toFixed(1)}%${link.lossFrom === 'up' ? '↑' : link.lossFrom === 'down' ? '↓' : ''}`;
}

/** The UDP cell: loss up/down, or why there is none. */
export function udpCell(record: Pick<StatusJsonSite, 'udp' | 'packetLossPct' | 'state'>): string {
	if (record.state !== 'up') return '–';
	if (record.udp !== 'ok') return record.udp;
	return record.packetLossPct ? `↑${record.packetLossPct.up.toFixed(1)} ↓${record.packetLossPct.down.toFixed(1)}%` : '…';
}

/** The whole `status --json` document, pretty-printed with a trailing newline. */
export function statusJson(at: Date, sites: readonly StatusSite[]): string {
	return `${JSON.stringify({at: at.toISOString(), sites: sites.map(statusJsonSite)}, null, 2)}\n`;
}


const ANSI = {good: '\u001B[32m', fair: '\u001B[33m', poor: '\u001B[35m', down: '\u001B[31m', dim: '\u001B[2m', bold: '\u001B[1m', reset: '\u001B[0m'};

/** Pad to a display width (Vietnamese diacritics, wide symbols), never by `.length`. */
export function padEnd(text: string, width: number): string {
	return text + ' '.repeat(Math.max(0, width - stringWidth(text)));
}

export function padStart(text: string, width: number): string {
	return ' '.repeat(Math.max(0, width - stringWidth(text))) + text;
}

/** The `status` table: one row a site, then a one-line summary. Colour only when `color` is true. */
export function statusTable(sites: readonly StatusSite[], options: {color: boolean; lang?: 'vi' | 'en'}): string {
	const lang = options.lang ?? 'en';
	const w = WORDS[lang];
	const paint = (code: string, text: string) => (options.color ? `${code}${text}${ANSI.reset}` : text);
	const header = [...w.header];
	const right = [false, false, false, true, true, true, true, true, true, true, false];
	const rows = sites.map(site => {
		const record = statusJsonSite(site);
		const grade = record.grade;
		return {
			grade,
			cells: [
				`${GRADE_SYMBOL[grade]} ${w.grade[grade]}`,
				site.name,
				w.state[record.state],
				formatMs(site.link.rttMs ? site.link.rttMs.last : null, {unit: false}),
				formatMs(site.link.rttMs?.p50 ?? null, {unit: false}),
				formatMs(site.link.rttMs?.p95 ?? null, {unit: false}),
				formatMs(site.link.jitterMs, {unit: false}),
				lang === 'vi' ? lossCell(site.link).replace('.', ',') : lossCell(site.link),
				lang === 'vi' ? udpCell(record).replace(/(\d)\.(\d)/g, '$1,$2').replace(/^blocked$/, 'bị chặn') : udpCell(record),
				site.link.mos === null ? '–' : number(lang, site.link.mos, 2),
				record.error === null ? '' : wordReason(record.error, lang),
			],
		};
	});
	const widths = header.map((title, column) => Math.max(stringWidth(title), ...rows.map(row => stringWidth(row.cells[column]!))));
	const line = (cells: string[]) =>
		cells
			.map((cell, column) => (right[column] ? padStart(cell, widths[column]!) : padEnd(cell, widths[column]!)))
			.join('  ')
			.trimEnd();
	const out = [paint(ANSI.bold, line(header))];
	for (const row of rows) {
		const text = line(row.cells);
		// Colour the grade cell after padding, so escape codes never count towards widths.
		const gradeWidth = widths[0]!;
		const gradeCell = padEnd(row.cells[0]!, gradeWidth);
		out.push(paint(ANSI[row.grade], gradeCell) + text.slice(gradeCell.length));
	}
	out.push(summary(rows.map(row => row.grade), lang));
	return `${out.join('\n')}\n`;
}

/** "15 sites: 13 up (11 good, 1 fair, 1 poor), 2 down". */
export function summary(grades: readonly Grade[], lang: 'vi' | 'en' = 'en'): string {
	const count = (grade: Grade) => grades.filter(g => g === grade).length;
	const down = count('down');
	const up = grades.length - down;
	if (lang === 'vi') return `${grades.length} điểm cầu: ${up} kết nối (${count('good')} tốt, ${count('fair')} khá, ${count('poor')} kém), ${down} mất kết nối`;
	return `${grades.length} site${grades.length === 1 ? '' : 's'}: ${up} up (${count('good')} good, ${count('fair')} fair, ${count('poor')} poor), ${down} down`;
}

/** Fixed decimals in the language's convention: vi "5,1", en "5.1". */
function number(lang: 'vi' | 'en', value: number, digits: number): string {
	return lang === 'vi' ? value.toFixed(digits).replace('.', ',') : value.toFixed(digits);
}

const WORDS = {
	en: {
		header: ['', 'SITE', 'STATE', 'LAST ms', 'P50 ms', 'P95 ms', 'JITTER ms', 'LOSS', 'UDP LOSS', 'MOS', 'ERROR'],
		grade: {good: 'good', fair: 'fair', poor: 'poor', down: 'down'} as Record<Grade, string>,
		state: {up: 'up', down: 'down'},
	},
	vi: {
		header: ['', 'ĐIỂM CẦU', 'TRẠNG THÁI', 'GẦN NHẤT ms', 'P50 ms', 'P95 ms', 'JITTER ms', 'MẤT', 'MẤT GÓI UDP', 'MOS', 'LÝ DO'],
		grade: {good: 'tốt', fair: 'khá', poor: 'kém', down: 'mất'} as Record<Grade, string>,
		state: {up: 'kết nối', down: 'mất kết nối'},
	},
} as const;
