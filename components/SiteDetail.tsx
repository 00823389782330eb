import {Box, Text} from 'ink';
import {useUi} from './context.js';
import {hubDropWords} from '../src/i18n/hub-drops-words.js';
import {fit, formatAgo, sparkline, truncate, widestOf} from '../src/dashboard/format.js';
import {formatMillis, formatMos, formatPercent} from '../src/i18n/numbers.js';
import {gradeSymbols} from './theme.js';
import type {RollRow, SiteInfo, SiteRowData} from '../src/dashboard/snapshot.js';

/** Props of the site detail view. */
export interface SiteDetailProps {
	site: SiteRowData | undefined;
	info: SiteInfo | undefined;
	roll: readonly RollRow[];
	width: number;
	lines: number;
	sparkMaxMs: number;
}

// The UDP test stream's lines: both directions' loss and jitter, or why there are none.
function udpLines(site: SiteRowData, info: SiteInfo, {t, lang}: ReturnType<typeof useUi>): Array<[string, string]> {
	if (site.udp === 'blocked') return [[t.udpLoss, site.heldLossPct != null ? t.udpBlockedHeld(site.heldLossPct) : t.udpBlocked]];
	if (site.udp !== 'ok') return [[t.udpLoss, site.udp === 'off' && site.state !== 'down' ? t.udpOff : '—']];
	const loss = site.packetLossPct
		? `↑ ${formatPercent(site.packetLossPct.up, lang)} / ↓ ${formatPercent(site.packetLossPct.down, lang)}`
		: '…';
	const jitter = site.udpJitterMs ? `↑ ${formatMillis(site.udpJitterMs.up, lang)} / ↓ ${formatMillis(site.udpJitterMs.down, lang)}` : '…';
	const lines: Array<[string, string]> = [
		[t.udpLoss, loss],
		[t.udpJitter, jitter],
	];
	// Unknown is said, never left to read as none: where the hub's own drops cannot be read.
	if (!info.hubDropsReadable)
		lines.push([
			hubDropWords.word({code: 'screen-label', params: {}}, lang),
			hubDropWords.word({code: 'screen-unavailable', params: {}}, lang),
		]);
	return lines;
}

/** One site: its link figures, a long history, its roster with attendance and its contact. */
export function SiteDetail({site, info, roll, width, lines, sparkMaxMs}: SiteDetailProps) {
	const ui = useUi();
	const {lang, t, theme} = ui;
	if (!site || !info) return <Text>{truncate('—', width)}</Text>;
	const color = theme.grade[site.grade];
	// An up site's figure without its evidence yet reads "…" (not yet measured), a down site's "—".
	const na = site.state === 'up' ? '…' : '—';
	const ms = (value: number | null) => (value === null ? na : formatMillis(value, lang));
	const rtt =
		site.p50Ms === null ? na : `${formatMillis(site.p50Ms, lang)} / ${formatMillis(site.p95Ms, lang)} / ${formatMillis(site.maxMs, lang)}`;
	const facts: Array<[string, string]> = [
		[t.mode, `${info.mode}  ${info.endpoint ?? t.dialsOut}`],
		[t.lastRtt, ms(site.rttMs)],
		[t.p50p95, rtt],
		[
			`${t.colJitter} / ${t.colLoss} / ${t.colMos}`,
			`${ms(site.jitterMs)} / ${site.lossPct === null ? na : formatPercent(site.lossPct, lang)} / ${site.mos === null ? na : formatMos(site.mos, lang)}`,
		],
		[t.availability, formatPercent(site.availabilityPct, lang)],
		...udpLines(site, info, ui),
		[t.sentReceived, `${site.sent} / ${site.received}`],
		[
			t.lastSeen,
			site.seenAgoMs === null ? '—' : site.seenAgoMs < 1000 ? t.justNow : `${formatAgo(site.seenAgoMs, t.justNow, t.deltaUnits)} ${t.ago}`,
		],
	];
	if (site.error) facts.push([t.error, t.linkReason(site.error)]);
	if (info.contact && (info.contact.name || info.contact.phone))
		facts.push([t.contact, [info.contact.name, info.contact.phone].filter(Boolean).join(' · ')]);
	// The labels' column is as wide as the widest label (up to half the screen): none is cut.
	const labelWidth = Math.min(widestOf(facts.map(([name]) => name)), Math.max(12, Math.floor(width / 2)));
	const label = (text: string) => fit(text, labelWidth);
	const sparkWidth = Math.max(0, width - 2);
	const historyLines = Math.max(1, Math.min(3, lines - facts.length - 4));
	const history: string[] = [];
	for (let line = historyLines - 1; line >= 0; line--) {
		const end = site.history.length - line * sparkWidth;
		if (end <= 0) continue;
		history.push(sparkline(site.history.slice(Math.max(0, end - sparkWidth), end), sparkWidth, sparkMaxMs));
	}
	const rosterRoom = Math.max(0, lines - 2 - facts.length - history.length - 1);
	const statusText = (row: RollRow) => (row.status === null ? t.unmarked : t[row.status]) + (row.reason ? ` (${row.reason})` : '');
	return (
		<Box flexDirection="column" width={width}>
			<Text wrap="truncate">
				<Text color={color} bold>
					{gradeSymbols[site.grade]}{' '}
				</Text>
				<Text bold>{truncate(`${site.name} — ${t[site.grade]}`, width - 2)}</Text>
			</Text>
			{facts.map(([name, value]) => (
				<Text key={name} wrap="truncate">
					{truncate(`${label(name)} ${value}`, width)}
				</Text>
			))}
			{history.map((line, i) => (
				<Text key={`h${i}`} color={color} wrap="truncate">
					{'  '}
					{line}
				</Text>
			))}
			<Text bold wrap="truncate">
				{truncate(`${t.roster} (${site.present}/${site.expected})`, width)}
			</Text>
			{roll.slice(0, rosterRoom).map(row => (
				<Text key={row.role} wrap="truncate">
					{truncate(`  ${fit(row.roleName, Math.max(10, width - 22))} ${statusText(row)}`, width)}
				</Text>
			))}
		</Box>
	);
}
