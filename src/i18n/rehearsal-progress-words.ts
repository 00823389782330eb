import type {LinkReason} from '../model/link/link-reasons.js';
import {wordLinkReason} from './link-reason-words.js';
import {formatKbps, formatSeconds, shownSeconds} from '../model/link/verdict.js';
import {formatNumber} from './numbers.js';
import {defineWords, type Lang} from './catalog.js';
import type {TestError} from '../model/link/test-errors.js';
import {wordTestError} from './test-error-words.js';

// What a running rehearsal says, in each language: the live view (components/RehearsalProgress.tsx)
// and, without a terminal, its stderr lines (src/commands/rehearse.ts). The language is the one
// its report uses (--lang, else the saved choice, else LANG). Lines keep their "rehearse:" head
// (the command's name) in both languages; in English they are exactly what they always were.

/** Grade counts of a progress line. */
export interface ProgressTally {
	good: number;
	fair: number;
	poor: number;
	down: number;
	waiting: number;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
/** "1,4 giây", "12 giây". */
const viSeconds = (ms: number) => `${formatNumber(shownSeconds(ms), 'vi')} giây`;
/** "850 kbit/s", "1,1 Mbit/s". */
const viKbps = (kbps: number) =>
	kbps >= 1000 ? `${formatNumber(Number((kbps / 1000).toFixed(1)), 'vi')} Mbit/s` : `${Math.round(kbps)} kbit/s`;

/** The words of a running rehearsal. */
export interface RehearsalProgressWords {
	title: (title: string) => string;
	probing: string;
	measuring: (done: number, total: number) => string;
	done: string;
	/** Column heads: site, p95, jitter, loss, availability, bandwidth / state. */
	head: {site: string; p95: string; jitter: string; loss: string; available: string; state: string};
	moreSites: (n: number) => string;
	ctrlC: string;
	down: string;
	bandwidthWaiting: string;
	bandwidthRunning: string;
	bandwidthFailed: (why: TestError) => string;
	/** stderr, without a terminal. */
	lines: {
		probing: (sites: number, durationMs: number) => string;
		bandwidth: (sites: number, parallel: number) => string;
		tick: (
			elapsedMs: number,
			durationMs: number,
			tally: ProgressTally,
			down: ReadonlyArray<{id: string; reason: LinkReason | null}>,
		) => string;
		bandwidthResult: (id: string, result: {downKbps: number; upKbps: number} | {error: TestError}) => string;
		stopping: string;
		warning: (text: string) => string;
		/** `errno`: Node's code of the failure (EACCES…), when it gave one. */
		cannotWrite: (file: string, why: string, errno?: string) => string;
	};
}

/** The parameters of each line a rehearsal prints on stderr without a terminal, by its code. */
export type RehearsalLineParams = {
	probing: {sites: number; durationMs: number};
	bandwidth: {sites: number; parallel: number};
	tick: {elapsedMs: number; durationMs: number; tally: ProgressTally; down: ReadonlyArray<{id: string; reason: LinkReason | null}>};
	bandwidthResult: {id: string; result: {downKbps: number; upKbps: number} | {error: TestError}};
	stopping: Record<string, never>;
	warning: {text: string};
	cannotWrite: {file: string; why: string; errno?: string};
};

/** A rehearsal's stderr lines: an area of the catalog. */
export const rehearsalLineWords = defineWords<RehearsalLineParams>({
	en: {
		probing: ({sites, durationMs}) =>
			`probing ${plural(sites, 'site')} for ${formatSeconds(durationMs)} (Ctrl-C stops early and still writes the report)`,
		bandwidth: ({sites, parallel}) => `measuring bandwidth of ${plural(sites, 'agent site')}, ${parallel} at a time`,
		tick: ({elapsedMs, durationMs, tally: t, down}) => {
			const more = t.down > down.length ? ', …' : '';
			const list = down.length
				? ` (${down.map(d => `${d.id}: ${d.reason ? wordLinkReason(d.reason, 'en') : 'down'}`).join('; ')}${more})`
				: '';
			return `${formatSeconds(elapsedMs)} of ${formatSeconds(durationMs)} · ${t.good} good, ${t.fair} fair, ${t.poor} poor, ${t.down} down${list}${t.waiting ? `, ${t.waiting} waiting` : ''}`;
		},
		bandwidthResult: ({id, result: r}) =>
			`bandwidth ${id}: ${'error' in r ? `failed: ${wordTestError(r.error, 'en')}` : `down ${formatKbps(r.downKbps)}, up ${formatKbps(r.upKbps)}`}`,
		stopping: () => 'stopping: writing the report of what was measured (Ctrl-C again to quit at once)',
		warning: ({text}) => `warning: ${text}`,
		cannotWrite: ({file, why}) => `cannot write ${file}: ${why}`,
	},
	vi: {
		probing: ({sites, durationMs}) => `đang đo ${sites} điểm cầu trong ${viSeconds(durationMs)} (Ctrl-C để dừng sớm, vẫn ghi báo cáo)`,
		bandwidth: ({sites, parallel}) => `đang đo băng thông ${sites} điểm cầu có agent, mỗi lần ${parallel} điểm`,
		tick: ({elapsedMs, durationMs, tally: t, down}) => {
			const more = t.down > down.length ? ', …' : '';
			const list = down.length
				? ` (${down.map(d => `${d.id}: ${d.reason ? wordLinkReason(d.reason, 'vi') : 'mất kết nối'}`).join('; ')}${more})`
				: '';
			return `${viSeconds(elapsedMs)} / ${viSeconds(durationMs)} · ${t.good} tốt, ${t.fair} khá, ${t.poor} kém, ${t.down} mất kết nối${list}${t.waiting ? `, ${t.waiting} đang chờ` : ''}`;
		},
		bandwidthResult: ({id, result: r}) =>
			`băng thông ${id}: ${'error' in r ? `không đo được: ${wordTestError(r.error, 'vi')}` : `tải xuống ${viKbps(r.downKbps)}, tải lên ${viKbps(r.upKbps)}`}`,
		stopping: () => 'đang dừng: ghi báo cáo những gì đã đo được (Ctrl-C lần nữa để thoát ngay)',
		warning: ({text}) => `cảnh báo: ${text}`,
		cannotWrite: ({file, why, errno}) =>
			`không ghi được ${file}: ${errno && WRITE_VI[errno] ? `${WRITE_VI[errno]} (${errno})` : `lỗi hệ thống (${why})`}`,
	},
});

/** The lines in a language, as functions (what rehearse calls). */
function linesIn(lang: Lang): RehearsalProgressWords['lines'] {
	const word = rehearsalLineWords.word;
	return {
		probing: (sites, durationMs) => word({code: 'probing', params: {sites, durationMs}}, lang),
		bandwidth: (sites, parallel) => word({code: 'bandwidth', params: {sites, parallel}}, lang),
		tick: (elapsedMs, durationMs, tally, down) => word({code: 'tick', params: {elapsedMs, durationMs, tally, down}}, lang),
		bandwidthResult: (id, result) => word({code: 'bandwidthResult', params: {id, result}}, lang),
		stopping: word({code: 'stopping', params: {}}, lang),
		warning: text => word({code: 'warning', params: {text}}, lang),
		cannotWrite: (file, why, errno) => word({code: 'cannotWrite', params: {file, why, ...(errno ? {errno} : {})}}, lang),
	};
}

const en: RehearsalProgressWords = {
	title: title => `Rehearsal · ${title}`,
	probing: 'Probing every site',
	measuring: (done, total) => `Measuring bandwidth: ${done} of ${total} sites done`,
	done: 'Done',
	head: {site: 'SITE', p95: 'P95', jitter: 'JITTER', loss: 'LOSS', available: 'AVAIL', state: 'BANDWIDTH / STATE'},
	moreSites: n => `… ${n} more sites`,
	ctrlC: 'Ctrl-C stops early and still writes the report of what was measured.',
	down: 'down',
	bandwidthWaiting: 'bandwidth: waiting',
	bandwidthRunning: 'bandwidth: measuring…',
	bandwidthFailed: why => `bandwidth failed: ${wordTestError(why, 'en')}`,
	lines: linesIn('en'),
};

// Why a file could not be written, by Node's code of the failure (EACCES…), in Vietnamese.
const WRITE_VI: Record<string, string> = {
	EACCES: 'không có quyền ghi',
	EPERM: 'không được phép ghi',
	ENOSPC: 'ổ đĩa đã đầy',
	EROFS: 'ổ đĩa chỉ đọc',
	ENOENT: 'thư mục không tồn tại',
	EISDIR: 'đó là một thư mục',
	EIO: 'lỗi đọc ghi ổ đĩa',
	EFBIG: 'tệp quá lớn',
};

const vi: RehearsalProgressWords = {
	title: title => `Kiểm tra đường truyền · ${title}`,
	probing: 'Đang đo tất cả điểm cầu',
	measuring: (done, total) => `Đang đo băng thông: xong ${done}/${total} điểm cầu`,
	done: 'Xong',
	head: {site: 'ĐIỂM CẦU', p95: 'P95', jitter: 'JITTER', loss: 'MẤT', available: 'SẴN', state: 'BĂNG THÔNG / TÌNH TRẠNG'},
	moreSites: n => `… còn ${n} điểm cầu nữa`,
	ctrlC: 'Ctrl-C để dừng sớm: vẫn ghi báo cáo những gì đã đo được.',
	down: 'mất kết nối',
	bandwidthWaiting: 'băng thông: đang chờ',
	bandwidthRunning: 'băng thông: đang đo…',
	bandwidthFailed: why => `không đo được băng thông: ${wordTestError(why, 'vi')}`,
	lines: linesIn('vi'),
};

/** The words of a running rehearsal in a language. */
export function rehearsalProgressWords(lang: Lang): RehearsalProgressWords {
	return lang === 'vi' ? vi : en;
}
