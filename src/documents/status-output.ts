import stringWidth from 'string-width';
import type {Lang} from '../i18n/catalog.js';
import {formatFixed} from '../i18n/numbers.js';
import {formatMs} from '../i18n/units.js';
import {hubDropsLine, type HubUdpDrops} from '../i18n/hub-drops-words.js';
import {GRADE_SYMBOL, UNKNOWN_SYMBOL} from '../model/link/grade.js';
import type {Grade, LinkSnapshot} from '../model/link/link-stats.js';

export {GRADE_SYMBOL, UNKNOWN_SYMBOL};
import {reasonText, wordLinkReason, type ReasonCodeName} from '../i18n/link-reason-words.js';
import {udpBlockedHeld} from '../i18n/link-words.js';
import {linkReason} from '../model/link/link-reasons.js';

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
	/**
	 * Why the grade is not what the figures beside it say, in English (stable for scripts), or null:
	 * "UDP blocked — last measured loss 8 %" (the grade keeps the packet loss measured before UDP stopped passing).
	 */
	gradeReason: string | null;
}

/** A live grade's reason in a language (null when the grade rests on the figures shown). */
export function gradeReason(link: Pick<LinkSnapshot, 'state' | 'heldLossPct'>, lang: 'vi' | 'en'): string | null {
	return link.state === 'up' && link.heldLossPct !== null ? udpBlockedHeld(link.heldLossPct, lang) : null;
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
		error: up ? null : reasonText(downReason(link)),
		// A stream still waiting for its first answer has shown nothing: for a down site, nothing is stale.
		udp: !up ? 'off' : link.udp === 'waiting' ? 'blocked' : link.udp,
		packetLossPct: up && link.packetLossPct ? {up: round(link.packetLossPct.up, 1), down: round(link.packetLossPct.down, 1)} : null,
		probeLossPct: roundOrNull(link.probeLossPct, 1),
		errorCode: up ? null : downReason(link).code,
		gradeReason: gradeReason(link, 'en'),
	};
}

// Why a site not up is down: its reason, or that nothing answered.
const downReason = (link: Pick<LinkSnapshot, 'error'>) => link.error ?? linkReason('never-answered', {});

/** What a figure not yet measured shows (an up site whose figure lacks its evidence: DESIGN.md "Link quality"). */
export const MEASURING_CELL = '…';

/** The LOSS cell: the graded loss, with ↑ (hub → site) or ↓ (site → hub) when UDP packet loss set it. */
export function lossCell(
	link: Pick<LinkSnapshot, 'lossPct' | 'lossFrom'> & Partial<Pick<LinkSnapshot, 'state'>>,
	lang: Lang = 'en',
): string {
	if (link.lossPct === null) return link.state === 'up' ? MEASURING_CELL : '–';
	return `${formatFixed(link.lossPct, 1, lang)}%${link.lossFrom === 'up' ? '↑' : link.lossFrom === 'down' ? '↓' : ''}`;
}

/** The UDP cell: loss up/down, or why there is none. */
export function udpCell(record: Pick<StatusJsonSite, 'udp' | 'packetLossPct' | 'state'>, lang: Lang = 'en'): string {
	if (record.state !== 'up') return '–';
	if (record.udp !== 'ok') return lang === 'vi' && record.udp === 'blocked' ? 'bị chặn' : record.udp;
	const loss = record.packetLossPct;
	return loss ? `↑${formatFixed(loss.up, 1, lang)} ↓${formatFixed(loss.down, 1, lang)}%` : '…';
}

/** The whole `status --json` document, pretty-printed with a trailing newline; `hubUdpDrops`: a count, or "unavailable" (never 0 for unknown). */
export function statusJson(at: Date, sites: readonly StatusSite[], hubUdpDrops: HubUdpDrops): string {
	return `${JSON.stringify({at: at.toISOString(), sites: sites.map(statusJsonSite), hubUdpDrops}, null, 2)}\n`;
}

const ANSI = {
	good: '\u001B[32m',
	fair: '\u001B[33m',
	poor: '\u001B[35m',
	measuring: '\u001B[2m',
	down: '\u001B[31m',
	dim: '\u001B[2m',
	bold: '\u001B[1m',
	reset: '\u001B[0m',
};

/** Pad to a display width (Vietnamese diacritics, wide symbols), never by `.length`. */
export function padEnd(text: string, width: number): string {
	return text + ' '.repeat(Math.max(0, width - stringWidth(text)));
}

export function padStart(text: string, width: number): string {
	return ' '.repeat(Math.max(0, width - stringWidth(text))) + text;
}

/** The `status` table: one row a site, then a one-line summary. Colour only when `color` is true. */
export function statusTable(
	sites: readonly StatusSite[],
	options: {color: boolean; lang?: 'vi' | 'en'; hubUdpDrops?: HubUdpDrops},
): string {
	const lang = options.lang ?? 'en';
	const w = WORDS[lang];
	const paint = (code: string, text: string) => (options.color ? `${code}${text}${ANSI.reset}` : text);
	const header = [...w.header];
	const right = [false, false, false, true, true, true, true, true, true, true, false];
	const rows = sites.map(site => {
		const record = statusJsonSite(site);
		const grade = record.grade;
		const up = record.state === 'up';
		// An up site's figure without its evidence yet reads "…" (not measured), not "–" (none).
		const ms = (value: number | null) => (value === null && up ? MEASURING_CELL : formatMs(value, {unit: false, lang}));
		return {
			grade,
			cells: [
				`${GRADE_SYMBOL[grade]} ${w.grade[grade]}`,
				site.name,
				w.state[record.state],
				ms(site.link.rttMs ? site.link.rttMs.last : null),
				ms(site.link.rttMs?.p50 ?? null),
				ms(site.link.rttMs?.p95 ?? null),
				ms(site.link.jitterMs),
				lossCell(site.link, lang),
				udpCell(record, lang),
				site.link.mos === null ? (up ? MEASURING_CELL : '–') : formatFixed(site.link.mos, 2, lang),
				record.error === null ? (gradeReason(site.link, lang) ?? '') : wordLinkReason(downReason(site.link), lang),
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
	out.push(
		summary(
			rows.map(row => row.grade),
			lang,
		),
	);
	const drops = hubDropsLine(options.hubUdpDrops ?? 0, lang);
	if (drops !== null) out.push(drops);
	return `${out.join('\n')}\n`;
}

/** "15 sites: 13 up (11 good, 1 fair, 1 poor), 2 down". */
export function summary(grades: readonly Grade[], lang: 'vi' | 'en' = 'en'): string {
	const count = (grade: Grade) => grades.filter(g => g === grade).length;
	const down = count('down');
	const up = grades.length - down;
	const measuring = count('measuring');
	if (lang === 'vi')
		return `${grades.length} điểm cầu: ${up} kết nối (${count('good')} tốt, ${count('fair')} khá, ${count('poor')} kém${measuring ? `, ${measuring} đang đo` : ''}), ${down} mất kết nối`;
	return `${grades.length} site${grades.length === 1 ? '' : 's'}: ${up} up (${count('good')} good, ${count('fair')} fair, ${count('poor')} poor${measuring ? `, ${measuring} measuring` : ''}), ${down} down`;
}

const WORDS = {
	en: {
		header: ['', 'SITE', 'STATE', 'LAST ms', 'P50 ms', 'P95 ms', 'JITTER ms', 'LOSS', 'UDP LOSS', 'MOS', 'ERROR'],
		grade: {good: 'good', fair: 'fair', poor: 'poor', measuring: 'measuring', down: 'down'} as Record<Grade, string>,
		state: {up: 'up', down: 'down'},
	},
	vi: {
		header: ['', 'ĐIỂM CẦU', 'TRẠNG THÁI', 'GẦN NHẤT ms', 'P50 ms', 'P95 ms', 'JITTER ms', 'MẤT', 'MẤT GÓI UDP', 'MOS', 'LÝ DO'],
		grade: {good: 'tốt', fair: 'khá', poor: 'kém', measuring: 'đang đo', down: 'mất'} as Record<Grade, string>,
		state: {up: 'kết nối', down: 'mất kết nối'},
	},
} as const;
