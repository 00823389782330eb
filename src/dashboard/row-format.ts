import {fit, fitRight, formatAgo, sparkline} from './format.js';
import type {TableColumns} from './layout.js';
import type {SiteRowData} from './snapshot.js';
import type {Lang} from '../i18n/catalog.js';
import {formatMillis, formatMos, formatPercent} from '../i18n/numbers.js';
import type {Strings} from '../i18n/strings.js';

// Display strings of a table row, computed for the visible rows only and cached per row
// object and version: re-renders of one snapshot reuse them, and equal strings let the
// memoised row skip rendering. Figures are written in the screen's language (0,4ms in
// Vietnamese), once per row and version like every other cell.

/** The three pieces of a row line around the coloured symbol and sparkline. */
export interface RowCells {
	main: string;
	spark: string;
	tail: string;
}

const cache = new WeakMap<
	SiteRowData,
	{version: number | undefined; columns: TableColumns; sparkMaxMs: number; lang: Lang; cells: RowCells}
>();

/** The cells of one row for the given columns, its figures in `lang`'s notation. */
export function rowCells(
	row: SiteRowData,
	columns: TableColumns,
	sparkMaxMs: number,
	nowWord = 'now',
	units?: {minute: string; hour: string},
	lang: Lang = 'en',
): RowCells {
	const hit = cache.get(row);
	if (hit && hit.version === row.version && hit.columns === columns && hit.sparkMaxMs === sparkMaxMs && hit.lang === lang) return hit.cells;
	// An up site's figure without its evidence yet reads "…" (not yet measured); a down site's "—".
	const measuring = row.state === 'up';
	const cell = (value: number | null, text: (value: number, lang: Lang) => string) =>
		value === null && measuring ? '…' : value === null ? '—' : text(value, lang);
	const main = [
		fit(row.name, columns.name),
		fitRight(cell(row.rttMs, formatMillis), columns.rtt),
		fitRight(cell(row.jitterMs, formatMillis), columns.jitter),
		fitRight(cell(row.lossPct, formatPercent) + lossArrow(row.lossFrom), columns.loss),
		fitRight(cell(row.mos, formatMos), columns.mos),
	].join(' ');
	const spark = columns.spark > 0 ? sparkline(row.history, columns.spark, sparkMaxMs) : '';
	const attendance = row.expected > 0 ? `${row.present}/${row.expected}` : '—';
	const tail = `${fitRight(attendance, columns.attendance)} ${fitRight(row.state === 'down' && row.seenAgoMs === null ? '—' : formatAgo(row.seenAgoMs, nowWord, units), columns.seen)}`;
	const cells = {main, spark, tail};
	cache.set(row, {version: row.version, columns, sparkMaxMs, lang, cells});
	return cells;
}

/** ↑ when UDP packet loss up (hub → site) set the loss shown, ↓ when down (site → hub); lost probes have none. */
export function lossArrow(from: SiteRowData['lossFrom'] | undefined): string {
	return from === 'up' ? '↑' : from === 'down' ? '↓' : '';
}

/** The column titles line, aligned with `rowCells`. */
export function headerCells(t: Strings, columns: TableColumns): string {
	const parts = [
		'   ' + fit(t.colSite, columns.name),
		fitRight(t.colRtt, columns.rtt),
		fitRight(t.colJitter, columns.jitter),
		fitRight(t.colLoss, columns.loss),
		fitRight(t.colMos, columns.mos),
	];
	if (columns.spark > 0) parts.push(fit(t.colHistory, columns.spark));
	parts.push(fitRight(t.colAttendance, columns.attendance), fitRight(t.colSeen, columns.seen));
	return parts.join(' ');
}
