import {escapeMarkdown as md} from '../model/sanitize.js';
import {formatKbps, formatSeconds, type Verdict} from '../model/link/verdict.js';
import type {RehearsalResult, SiteResult} from '../hub/rehearsal.js';
import {layoutTable, TABLE_WORDS, wrapWords, type TableColumn} from './terminal-table.js';
import {formatMs} from '../i18n/units.js';
import {verdictReasons, wordVerdictReason} from '../i18n/link-words.js';

// What a rehearsal leaves behind: the table on stdout, the Markdown report a technician sends
// to the communes, and the JSON of DESIGN.md "Outputs" for scheduled checks.

/** One symbol per verdict, so it reads without colour. */
export const VERDICT_SYMBOL: Readonly<Record<Verdict, string>> = {pass: '✔', warn: '▲', fail: '✖'};

const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;
const roundOrNull = (value: number | null, digits: number): number | null => (value === null ? null : round(value, digits));

/** The JSON site record of DESIGN.md, keys in documented order. */
export interface RehearsalJsonSite {
	id: string;
	name: string;
	verdict: Verdict;
	reasons: string[];
	rttMs: {p50: number; p95: number; max: number} | null;
	jitterMs: number | null;
	lossPct: number | null;
	availabilityPct: number | null;
	bandwidthKbps: {up: number; down: number} | null;
	udp: 'ok' | 'blocked' | 'off';
	packetLossPct: {up: number; down: number} | null;
	udpJitterMs: {up: number; down: number} | null;
	latencyUnderLoadMs: {p50: number; p95: number} | null;
	videoLoad: {kbps: number; up: {lossPct: number; jitterMs: number | null}; down: {lossPct: number; jitterMs: number | null}} | null;
}

const pair = (value: {up: number; down: number} | null | undefined, digits: number) =>
	value ? {up: round(value.up, digits), down: round(value.down, digits)} : null;

/** The `rehearse --json` document: DESIGN.md "Outputs" plus `cutShort` and `plannedDurationS`. */
export function rehearsalJson(result: RehearsalResult): string {
	const doc = {
		startedAt: result.startedAt.toISOString(),
		durationS: round(result.durationMs / 1000, 1),
		plannedDurationS: round(result.plannedDurationMs / 1000, 1),
		cutShort: result.cutShort,
		verdict: result.verdict,
		sites: result.sites.map(jsonSite),
	};
	return `${JSON.stringify(doc, null, 2)}\n`;
}

function jsonSite(site: SiteResult): RehearsalJsonSite {
	const {figures} = site;
	const rtt = figures.rttMs;
	const bw = figures.bandwidth;
	return {
		id: site.id,
		name: site.name,
		verdict: site.verdict.verdict,
		reasons: verdictReasons(site.verdict, 'en'),
		rttMs: rtt ? {p50: round(rtt.p50, 2), p95: round(rtt.p95, 2), max: round(rtt.max, 2)} : null,
		jitterMs: roundOrNull(figures.jitterMs, 2),
		lossPct: roundOrNull(figures.lossPct, 1),
		availabilityPct: roundOrNull(figures.availabilityPct, 2),
		bandwidthKbps: bw && !('error' in bw) ? {up: Math.round(bw.upKbps), down: Math.round(bw.downKbps)} : null,
		udp: figures.udp ?? 'off',
		packetLossPct: pair(figures.packetLossPct, 1),
		udpJitterMs: pair(figures.udpJitterMs, 2),
		latencyUnderLoadMs: figures.latencyUnderLoadMs
			? {p50: round(figures.latencyUnderLoadMs.p50, 2), p95: round(figures.latencyUnderLoadMs.p95, 2)}
			: null,
		videoLoad: videoJson(figures.videoLoad),
	};
}

function videoJson(video: SiteResult['figures']['videoLoad']): RehearsalJsonSite['videoLoad'] {
	if (!video || 'error' in video) return null;
	const way = (w: {lossPct: number; jitterMs: number | null}) => ({lossPct: round(w.lossPct, 1), jitterMs: roundOrNull(w.jitterMs, 2)});
	return {kbps: video.kbps, up: way(video.up), down: way(video.down)};
}

/** The cells every human-readable table shares, in order. */
function cells(site: SiteResult): string[] {
	const {figures} = site;
	const bw = figures.bandwidth;
	const measured = bw && !('error' in bw) ? bw : null;
	return [
		formatMs(figures.rttMs?.p50 ?? null, {unit: false}),
		formatMs(figures.rttMs?.p95 ?? null, {unit: false}),
		formatMs(figures.rttMs?.max ?? null, {unit: false}),
		formatMs(figures.jitterMs, {unit: false}),
		figures.lossPct === null ? '–' : `${figures.lossPct.toFixed(1)} %`,
		figures.availabilityPct === null ? '–' : `${figures.availabilityPct.toFixed(1)} %`,
		measured ? formatKbps(measured.downKbps) : bw ? 'failed' : '–',
		measured ? formatKbps(measured.upKbps) : bw ? 'failed' : '–',
		figures.udp === 'blocked'
			? 'blocked'
			: figures.packetLossPct
				? `↑${figures.packetLossPct.up.toFixed(1)} ↓${figures.packetLossPct.down.toFixed(1)} %`
				: '–',
		figures.latencyUnderLoadMs ? formatMs(figures.latencyUnderLoadMs.p95) : '–',
		videoCell(figures.videoLoad),
	];
}

function videoCell(video: SiteResult['figures']['videoLoad']): string {
	if (!video) return '–';
	if ('error' in video) return 'failed';
	return `↑${video.up.lossPct.toFixed(1)} ↓${video.down.lossPct.toFixed(1)} %`;
}

// BW: bandwidth (its cells carry kbit/s or Mbit/s), arrows as in "up = hub → site", apart from a site's `down` grade.

const ANSI = {pass: '\u001B[32m', warn: '\u001B[33m', fail: '\u001B[31m', bold: '\u001B[1m', reset: '\u001B[0m'};

/** Columns of the English table, by how long each is kept on a narrow terminal (0 longest). */
const COLUMNS: TableColumn[] = [
	{head: '', align: 'left', rank: 0},
	{head: 'SITE', align: 'left', rank: 0, shrinkTo: 14},
	{head: 'P50 ms', align: 'right', rank: 11},
	{head: 'P95 ms', align: 'right', rank: 1},
	{head: 'MAX ms', align: 'right', rank: 12},
	{head: 'JITTER ms', align: 'right', rank: 4},
	{head: 'LOSS', align: 'right', rank: 2},
	{head: 'AVAIL', align: 'right', rank: 8},
	{head: 'BW ↓', align: 'right', rank: 5},
	{head: 'BW ↑', align: 'right', rank: 6},
	{head: 'PKT LOSS', align: 'right', rank: 3},
	{head: 'LOAD P95', align: 'right', rank: 10},
	{head: 'VIDEO LOSS', align: 'right', rank: 9},
];

/**
 * The table printed at the end: one row a site, then the verdict line. `width` is the terminal's
 * (the columns that fit, the reasons on lines below each row), null in a pipe (every column, one
 * line a site with its reasons at the end).
 */
export function rehearsalTable(result: RehearsalResult, options: {color: boolean; width?: number | null}): string {
	const paint = (code: string, text: string) => (options.color ? `${code}${text}${ANSI.reset}` : text);
	const rows = result.sites.map(site => [`${VERDICT_SYMBOL[site.verdict.verdict]} ${site.verdict.verdict}`, site.name, ...cells(site)]);
	const width = options.width ?? null;
	const table = layoutTable(
		COLUMNS,
		rows,
		result.sites.map(site => verdictReasons(site.verdict, 'en')),
		width,
		'REASONS',
	);
	const out = [paint(ANSI.bold, table.head)];
	result.sites.forEach((site, i) => {
		const row = table.rows[i]!;
		// Colour after the layout, so escape codes never count towards widths.
		out.push(paint(ANSI[site.verdict.verdict], row.line), ...row.notes);
	});
	if (width !== null && table.dropped.length > 0)
		out.push(...wrapWords(TABLE_WORDS.en.dropped(width, table.dropped.join(', ')), width, ''));
	out.push(verdictLine(result));
	return `${out.join('\n')}\n`;
}

/** "6 sites: 3 pass, 1 warn, 2 fail · verdict FAIL (cut short after 12 s of 60 s)". */
export function verdictLine(result: RehearsalResult): string {
	const count = (verdict: Verdict) => result.sites.filter(site => site.verdict.verdict === verdict).length;
	const n = result.sites.length;
	const unmeasured = result.sites.filter(site => {
		const f = site.figures;
		return (f.asked?.bandwidth && !f.bandwidth) || (f.asked?.video && !f.videoLoad);
	});
	const which =
		unmeasured.length > 0
			? `; not fully measured: ${unmeasured
					.slice(0, 5)
					.map(site => site.id)
					.join(', ')}${unmeasured.length > 5 ? `, +${unmeasured.length - 5}` : ''}`
			: '';
	const cut = result.cutShort
		? ` (cut short after ${formatSeconds(result.durationMs)} of ${formatSeconds(result.plannedDurationMs)}${which})`
		: '';
	return `${n} site${n === 1 ? '' : 's'}: ${count('pass')} pass, ${count('warn')} warn, ${count('fail')} fail · verdict ${result.verdict.toUpperCase()}${cut}`;
}

/** The Markdown report: date, duration, settings, the sites table, and what each site must fix, with its contact. */
export function rehearsalMarkdown(result: RehearsalResult): string {
	const {limits, probe} = result;
	const {good, fair} = limits.thresholds;
	const out: string[] = [];
	out.push(`# Rehearsal: ${md(result.title)}`, '');
	if (result.cutShort) {
		const measured = result.sites.some(site => site.figures.bandwidth !== null);
		const bandwidth =
			result.bandwidthSeconds === 0 ? '' : measured ? ', and some sites have no bandwidth figures' : ', and bandwidth was not measured';
		out.push(
			`> **Cut short** after ${formatSeconds(result.durationMs)} of the planned ${formatSeconds(result.plannedDurationMs)}: the figures cover only that time${bandwidth}.`,
			'',
		);
	}
	out.push(
		`- **Date:** ${localTime(result.startedAt)}`,
		`- **Duration:** ${formatSeconds(result.durationMs)}${result.cutShort ? ` (planned ${formatSeconds(result.plannedDurationMs)})` : ''}`,
		`- **Verdict:** ${VERDICT_SYMBOL[result.verdict]} **${result.verdict.toUpperCase()}** — ${verdictLine(result).split(' · ')[0]}`,
		`- **Plan:** \`${result.planFile}\``,
		'',
		'## Settings',
		'',
		`- Probes every ${probe.intervalMs} ms, lost after ${probe.timeoutMs} ms; a site is down after ${probe.downAfter} lost in a row.`,
		`- Pass: RTT p95 ≤ ${good.rttMs} ms, jitter ≤ ${good.jitterMs} ms, loss ≤ ${good.lossPct} %, available ≥ ${limits.availabilityPct.pass} %, bandwidth ≥ ${formatKbps(limits.bandwidthKbps.pass)} each way.`,
		`- Warn (else fail): RTT p95 ≤ ${fair.rttMs} ms, jitter ≤ ${fair.jitterMs} ms, loss ≤ ${fair.lossPct} %, available ≥ ${limits.availabilityPct.warn} %, bandwidth ≥ ${formatKbps(limits.bandwidthKbps.warn)} each way.`,
		result.bandwidthSeconds > 0
			? `- Bandwidth: a bulk transfer of about ${result.bandwidthSeconds} s each way with every agent site, after probing (down = site to hub, up = hub to site).`
			: '- Bandwidth: not measured (--bandwidth 0).',
		'- Links run over TCP, which hides packet loss as delay: "loss" counts probes left unanswered; "packet loss" is the UDP test stream\'s, per direction (↑ up = hub to site, ↓ down = site to hub).',
		result.videoKbps > 0
			? `- Video load: a paced UDP stream of 1,200-byte packets at ${formatKbps(result.videoKbps)} each way for ${formatSeconds(result.videoMs)} with every agent site, as a 720p call.`
			: '- Video load: not measured (--video 0).',
		`- RTT under load (UDP probes during the bandwidth test): warn above the idle p95 + ${limits.latencyUnderLoadMs.warn} ms, fail above + ${limits.latencyUnderLoadMs.fail} ms.`,
		'',
		'## Sites',
		'',
	);
	const header = [
		'',
		'Site',
		'Verdict',
		'RTT p50 ms',
		'RTT p95 ms',
		'RTT max ms',
		'Jitter ms',
		'Loss',
		'Available',
		'BW ↓ (site → hub)',
		'BW ↑ (hub → site)',
		'Packet loss',
		'RTT under load p95 ms',
		'Video load loss',
		'Reasons',
	];
	out.push(`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i >= 3 && i <= 13 ? ' ---: ' : ' --- ')).join('|')}|`);
	for (const site of result.sites) {
		// Names come from the plan, reasons from the far side: text in the document, never Markdown.
		const row = [
			VERDICT_SYMBOL[site.verdict.verdict],
			`${md(site.name)} (\`${site.id}\`)`,
			site.verdict.verdict,
			...cells(site),
			verdictReasons(site.verdict, 'en').map(md).join('; ') || '—',
		];
		out.push(`| ${row.map(cell).join(' | ')} |`);
	}
	out.push('');
	const toFix = result.sites.filter(site => site.verdict.verdict !== 'pass');
	out.push('## To fix', '');
	if (toFix.length === 0) out.push('Nothing: every site passed.', '');
	// Failures first: those sites cannot join as they are.
	for (const site of [...toFix.filter(s => s.verdict.verdict === 'fail'), ...toFix.filter(s => s.verdict.verdict === 'warn')]) {
		out.push(`### ${VERDICT_SYMBOL[site.verdict.verdict]} ${md(site.name)} (\`${site.id}\`) — ${site.verdict.verdict}`, '');
		const contact = [site.contact?.name, site.contact?.phone]
			.filter(Boolean)
			.map(text => md(text!))
			.join(', ');
		out.push(`Contact: ${contact || 'none in the plan'}`, '');
		for (const finding of site.verdict.findings)
			out.push(`- ${finding.verdict === 'fail' ? '**must fix:**' : 'should fix:'} ${md(wordVerdictReason(finding.reason, 'en'))}`);
		out.push('');
	}
	return `${out.join('\n').trimEnd()}\n`;
}

// A Markdown table cell: line breaks would break the row (pipes in foreign text are escaped by md already).
function cell(text: string): string {
	return text.replace(/(?<!\\)\|/g, '\\|').replace(/\r?\n/g, ' ');
}

// "2021-11-25 08:00:12 (UTC+07:00)": the technician's own clock, with its offset.
function localTime(date: Date): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	const offset = -date.getTimezoneOffset();
	const sign = offset >= 0 ? '+' : '-';
	const abs = Math.abs(offset);
	return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())} (UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)})`;
}
