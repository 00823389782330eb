import {administrativeDocx} from './docx-layout.js';
import {layoutTable, TABLE_WORDS, wrapWords, type TableColumn} from './terminal-table.js';
import {minutesMarkdown} from './report-markdown.js';
import type {Minutes, MinutesSection} from './minutes.js';
import type {MeetingPlan} from '../model/meeting/session.js';
import {formatKbps, formatSeconds, shownSeconds, type Verdict} from '../model/link/verdict.js';
import {utcOffsetLabel, zoneOffsetMinutes} from '../model/plan/time-zone.js';
import type {RehearsalResult} from '../hub/rehearsal.js';
import {verdictReasons, wordVerdictReason} from '../i18n/link-words.js';
import {formatPercent, reportWords, type DocLang} from '../i18n/report-words.js';
import {formatNumber as formatPlainNumber} from '../i18n/numbers.js';
import {formatMs} from '../i18n/units.js';

// The rehearsal's report as the town sends it to the communes: per site the verdict, the
// figures and what to fix, in either language; as Markdown (Vietnamese; the English Markdown is
// rehearsal-report.ts's) or as a Word document in the administrative layout of the minutes.

type Session = MeetingPlan['session'];

/** A plan's limit as written (0,5 in Vietnamese). */
const viNumber = (value: number) => formatPlainNumber(value, 'vi');

const WORDS = {
	vi: {
		title: (title: string) => `Kiểm tra đường truyền: ${title}`,
		subject: (title: string) => `Kết quả kiểm tra đường truyền trước ${title}`,
		verdict: {pass: 'đạt', warn: 'cần khắc phục', fail: 'không đạt'} as Record<Verdict, string>,
		date: 'Thời gian',
		duration: 'Thời lượng đo',
		overall: 'Kết luận chung',
		cut: (measured: string, planned: string) => `dừng sớm sau ${measured} trên ${planned} dự kiến: số liệu chỉ tính trong thời gian đó`,
		unmeasured: (ids: string) => `chưa đo đủ: ${ids}`,
		counts: (n: number, pass: number, warn: number, fail: number) => `${n} điểm cầu: ${pass} đạt, ${warn} cần khắc phục, ${fail} không đạt`,
		zone: (zone: string | null, offset: string) => `Giờ địa phương${zone ? ` (${zone}, ${offset})` : ` (${offset})`}.`,
		criteria: 'Tiêu chí',
		criteriaLines: (r: RehearsalResult, kbps: (n: number) => string) => [
			`Đo mỗi ${viNumber(r.probe.intervalMs)} ms; một lần đo quá ${viNumber(r.probe.timeoutMs)} ms tính là mất; mất ${viNumber(r.probe.downAfter)} lần liên tiếp là mất kết nối.`,
			`Đạt: RTT p95 ≤ ${viNumber(r.limits.thresholds.good.rttMs)} ms, jitter ≤ ${viNumber(r.limits.thresholds.good.jitterMs)} ms, mất gói ≤ ${viNumber(r.limits.thresholds.good.lossPct)} %, kết nối ≥ ${viNumber(r.limits.availabilityPct.pass)} % thời gian, băng thông ≥ ${kbps(r.limits.bandwidthKbps.pass)} mỗi chiều.`,
			`Cần khắc phục (nếu vượt nữa là không đạt): RTT p95 ≤ ${viNumber(r.limits.thresholds.fair.rttMs)} ms, jitter ≤ ${viNumber(r.limits.thresholds.fair.jitterMs)} ms, mất gói ≤ ${viNumber(r.limits.thresholds.fair.lossPct)} %, kết nối ≥ ${viNumber(r.limits.availabilityPct.warn)} %, băng thông ≥ ${kbps(r.limits.bandwidthKbps.warn)}.`,
		],
		sites: 'Kết quả từng điểm cầu',
		sitesHead: ['Điểm cầu', 'Kết luận', 'RTT p95 ms', 'Jitter ms', 'Mất gói', 'UDP ↑/↓', 'Kết nối', 'Tải xuống', 'Tải lên'],
		failed: 'lỗi',
		blocked: 'bị chặn',
		toFix: 'Việc cần khắc phục',
		nothing: 'Không có: mọi điểm cầu đều đạt.',
		contact: (contact: string) => `liên hệ: ${contact || 'kế hoạch chưa ghi'}`,
		must: 'phải khắc phục',
		should: 'nên khắc phục',
		docTitle: 'BIÊN BẢN KIỂM TRA ĐƯỜNG TRUYỀN',
		signer: 'NGƯỜI KIỂM TRA',
		seconds: (ms: number) => `${formatPlainNumber(shownSeconds(ms), 'vi')} giây`,
	},
	en: {
		title: (title: string) => `Rehearsal: ${title}`,
		subject: (title: string) => `Link rehearsal before ${title}`,
		verdict: {pass: 'pass', warn: 'warn', fail: 'fail'} as Record<Verdict, string>,
		date: 'Date',
		duration: 'Duration',
		overall: 'Verdict',
		cut: (measured: string, planned: string) => `cut short after ${measured} of the planned ${planned}: the figures cover only that time`,
		unmeasured: (ids: string) => `not fully measured: ${ids}`,
		counts: (n: number, pass: number, warn: number, fail: number) => `${n} sites: ${pass} pass, ${warn} warn, ${fail} fail`,
		zone: (zone: string | null, offset: string) => `Local time${zone ? ` (${zone}, ${offset})` : ` (${offset})`}.`,
		criteria: 'Settings',
		criteriaLines: (r: RehearsalResult, kbps: (n: number) => string) => [
			`Probes every ${r.probe.intervalMs} ms, lost after ${r.probe.timeoutMs} ms; a site is down after ${r.probe.downAfter} lost in a row.`,
			`Pass: RTT p95 ≤ ${r.limits.thresholds.good.rttMs} ms, jitter ≤ ${r.limits.thresholds.good.jitterMs} ms, loss ≤ ${r.limits.thresholds.good.lossPct} %, available ≥ ${r.limits.availabilityPct.pass} %, bandwidth ≥ ${kbps(r.limits.bandwidthKbps.pass)} each way.`,
			`Warn (else fail): RTT p95 ≤ ${r.limits.thresholds.fair.rttMs} ms, jitter ≤ ${r.limits.thresholds.fair.jitterMs} ms, loss ≤ ${r.limits.thresholds.fair.lossPct} %, available ≥ ${r.limits.availabilityPct.warn} %, bandwidth ≥ ${kbps(r.limits.bandwidthKbps.warn)}.`,
		],
		sites: 'Sites',
		sitesHead: ['Site', 'Verdict', 'RTT p95 ms', 'Jitter ms', 'Loss', 'UDP ↑/↓', 'Available', 'Down', 'Up'],
		failed: 'failed',
		blocked: 'blocked',
		toFix: 'To fix',
		nothing: 'Nothing: every site passed.',
		contact: (contact: string) => `contact: ${contact || 'none in the plan'}`,
		must: 'must fix',
		should: 'should fix',
		docTitle: 'LINK REHEARSAL REPORT',
		signer: 'CHECKED BY',
		seconds: (ms: number) => formatSeconds(ms),
	},
};

/** Mbit/s as formatKbps rounds them (one decimal), for writing in another notation. */
function shownMbit(kbps: number): number {
	return Number((kbps / 1000).toFixed(1));
}

/** The rehearsal report as a document model in a language. */
export function rehearsalMinutes(result: RehearsalResult, lang: DocLang, session?: Session): Minutes {
	const w = WORDS[lang];
	const kbps = (n: number) => (lang === 'vi' && n >= 1000 ? `${formatPlainNumber(shownMbit(n), 'vi')} Mbit/s` : formatKbps(n));
	const ms = (n: number | null | undefined) => formatMs(n ?? null, {unit: false, lang});
	const zone = session?.timeZone ?? null;
	const offset = zone ? zoneOffsetMinutes(zone, result.startedAt.getTime()) : -result.startedAt.getTimezoneOffset();
	const local = new Date(result.startedAt.getTime() + offset * 60_000).toISOString();
	const count = (verdict: Verdict) => result.sites.filter(site => site.verdict.verdict === verdict).length;
	const facts: Array<[string, string]> = [
		[w.date, `${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)} ${local.slice(11, 19)}`],
		[
			w.duration,
			w.seconds(result.durationMs) +
				(result.cutShort ? ` — ${w.cut(w.seconds(result.durationMs), w.seconds(result.plannedDurationMs))}` : ''),
		],
		[
			w.overall,
			`${w.verdict[result.verdict].toUpperCase()} — ${w.counts(result.sites.length, count('pass'), count('warn'), count('fail'))}`,
		],
	];
	const rows = result.sites.map(site => {
		const f = site.figures;
		const bw = f.bandwidth;
		const measured = bw && !('error' in bw) ? bw : null;
		return [
			site.name,
			w.verdict[site.verdict.verdict],
			ms(f.rttMs?.p95),
			ms(f.jitterMs),
			f.lossPct === null ? '–' : formatPercent(lang, f.lossPct),
			f.udp === 'blocked'
				? w.blocked
				: f.packetLossPct
					? `${formatPercent(lang, f.packetLossPct.up)} / ${formatPercent(lang, f.packetLossPct.down)}`
					: '–',
			f.availabilityPct === null ? '–' : formatPercent(lang, f.availabilityPct),
			measured ? kbps(measured.downKbps) : bw ? w.failed : '–',
			measured ? kbps(measured.upKbps) : bw ? w.failed : '–',
		];
	});
	const toFix = [...result.sites.filter(s => s.verdict.verdict === 'fail'), ...result.sites.filter(s => s.verdict.verdict === 'warn')];
	const fixes: MinutesSection['blocks'] = toFix.length === 0 ? [{paragraph: w.nothing}] : [];
	for (const site of toFix) {
		const contact = [site.contact?.name, site.contact?.phone].filter(Boolean).join(', ');
		fixes.push({paragraph: `${site.name} (${w.verdict[site.verdict.verdict]}), ${w.contact(contact)}:`});
		fixes.push({
			list: site.verdict.findings.map(
				finding => `${finding.verdict === 'fail' ? w.must : w.should}: ${wordVerdictReason(finding.reason, lang)}`,
			),
		});
	}
	return {
		lang,
		title: w.title(result.title),
		facts,
		zoneLine: w.zone(zone, utcOffsetLabel(offset)),
		sections: [
			{heading: w.criteria, blocks: [{list: w.criteriaLines(result, kbps)}]},
			{heading: w.sites, blocks: [{table: {head: w.sitesHead, rows, weights: [2.6, 1.5, 1.1, 1.0, 1.0, 1.6, 1.1, 1.2, 1.2]}}]},
			{heading: w.toFix, blocks: fixes},
		],
	};
}

/** The rehearsal report in Markdown, in a language. */
export function rehearsalMarkdownIn(result: RehearsalResult, lang: DocLang, session?: Session): string {
	return minutesMarkdown(rehearsalMinutes(result, lang, session));
}

/** The rehearsal report as .docx bytes, in the administrative layout. */
export function rehearsalDocx(result: RehearsalResult, lang: DocLang, session?: Session, hubName = ''): Promise<Buffer> {
	const w = reportWords(lang);
	const minutes = rehearsalMinutes(result, lang, session);
	const zone = session?.timeZone;
	const offset = zone ? zoneOffsetMinutes(zone, result.startedAt.getTime()) : -result.startedAt.getTimezoneOffset();
	const local = new Date(result.startedAt.getTime() + offset * 60_000).toISOString();
	const day = local.slice(8, 10);
	const month = Number(local.slice(5, 7));
	const end = new Date(result.startedAt.getTime() + result.durationMs + offset * 60_000).toISOString();
	const monthOf = (text: string) => (Number(text) < 3 ? String(Number(text)).padStart(2, '0') : String(Number(text)));
	return administrativeDocx({
		issuer: session?.issuer ?? [hubName],
		number: w.number.replace('/BB-HĐND', '/BB-VP'),
		motto: w.motto as [string, string],
		placeDate: w.placeDate(
			session?.place ?? session?.venue ?? '',
			day,
			month < 3 ? String(month).padStart(2, '0') : String(month),
			local.slice(0, 4),
		),
		title: WORDS[lang].docTitle,
		subject: WORDS[lang].subject(result.title),
		facts: minutes.facts,
		preamble: minutes.zoneLine,
		sections: minutes.sections,
		recipientsLabel: w.recipients,
		closing: w.rehearsalEndedAt(end.slice(11, 13), end.slice(14, 16), end.slice(8, 10), monthOf(end.slice(5, 7)), end.slice(0, 4)),
		recipients: session?.recipients ?? w.defaultRecipients,
		// The technician signs by hand, under a line for the name.
		signers: [{lines: [WORDS[lang].signer], name: ''}],
		lang,
		author: hubName,
	});
}

/** How long each column of the table is kept on a narrow terminal (0 longest): site, verdict, p95, loss, UDP, jitter, down, up, available. */
const TABLE_RANKS = [0, 0, 1, 4, 2, 3, 8, 5, 6];

/** The table printed at the end in a language other than English: one row a site, its reasons, the verdict line; fitted to `width` (null: a pipe). */
export function rehearsalTableIn(result: RehearsalResult, lang: DocLang, options: {color: boolean; width?: number | null}): string {
	const minutes = rehearsalMinutes(result, lang);
	const table = minutes.sections[1]!.blocks[0] as {table: {head: string[]; rows: string[][]}};
	const w = WORDS[lang];
	const columns: TableColumn[] = table.table.head.map((head, i) => ({
		head: head.toUpperCase(),
		align: i >= 2 ? 'right' : 'left',
		rank: TABLE_RANKS[i] ?? 9,
		...(i === 0 ? {shrinkTo: 14} : {}),
	}));
	const width = options.width ?? null;
	const reasons = result.sites.map(site => verdictReasons(site.verdict, lang));
	const laid = layoutTable(columns, table.table.rows, reasons, width, lang === 'vi' ? 'LÝ DO' : 'REASONS');
	const paint = (verdict: Verdict, text: string) => (options.color ? `${COLOR[verdict]}${text}\u001B[0m` : text);
	const out = [laid.head];
	laid.rows.forEach((row, index) => out.push(paint(result.sites[index]!.verdict.verdict, row.line), ...row.notes));
	if (width !== null && laid.dropped.length > 0)
		out.push(...wrapWords(TABLE_WORDS[lang].dropped(width, laid.dropped.join(', ')), width, ''));
	const count = (verdict: Verdict) => result.sites.filter(site => site.verdict.verdict === verdict).length;
	// Cut short: say so, and which sites the tests asked for never reached (as the English verdict line does).
	const unmeasured = result.sites.filter(
		site => (site.figures.asked?.bandwidth && !site.figures.bandwidth) || (site.figures.asked?.video && !site.figures.videoLoad),
	);
	const which =
		unmeasured.length > 0
			? `; ${w.unmeasured(
					unmeasured
						.slice(0, 5)
						.map(site => site.id)
						.join(', ') + (unmeasured.length > 5 ? `, +${unmeasured.length - 5}` : ''),
				)}`
			: '';
	const cut = result.cutShort ? ` (${w.cut(w.seconds(result.durationMs), w.seconds(result.plannedDurationMs))}${which})` : '';
	out.push(
		`${w.counts(result.sites.length, count('pass'), count('warn'), count('fail'))} · ${w.overall.toLowerCase()}: ${w.verdict[result.verdict].toUpperCase()}${cut}`,
	);
	return `${out.join('\n')}\n`;
}

const COLOR: Record<Verdict, string> = {pass: '\u001B[32m', warn: '\u001B[33m', fail: '\u001B[31m'};
