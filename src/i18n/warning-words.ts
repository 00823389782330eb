import {defineWords, type Message} from './catalog.js';

// The warnings a run can start with (a token file others can read, a journal repaired or kept
// aside, a UDP rate lowered) and the one a dial-out hub gives while it runs (an agent replaced):
// each a code and its parameters from where it arises, worded where it is shown — in English on
// stderr and in logs, in the operator's language on the screen.

/** The parameters of every warning, by code. */
export type WarningParams = {
	'token-file-open': {site: string; file: string};
	'journal-torn': {file: string; bytes: number};
	'journal-fresh': {kept: string};
	'agent-replaced': {site: string; from: string; previous: string};
	'udp-rate-lowered': {asked: number; sites: number; budget: number; rate: number};
};

/** A warning in transit. */
export type Warning = Message<WarningParams>;

export const warningWords = defineWords<WarningParams>({
	en: {
		'token-file-open': p => `${p.site}: token file ${p.file} can be read by other users: run chmod 600 ${p.file}`,
		'journal-torn': p =>
			`Journal ${p.file}: the last line was cut off (${p.bytes} bytes, a crash or power cut while writing); it was dropped. Nothing the screen had shown was in it.`,
		'journal-fresh': p => `Started a fresh journal; the previous one was kept as ${p.kept}.`,
		'agent-replaced': p =>
			`site ${p.site}: a new agent connection from ${p.from} replaced the one from ${p.previous} (a restarted PC, or two agents running for this site?)`,
		'udp-rate-lowered': p =>
			`probe.udpRate: ${p.asked} packets a second at ${p.sites} sites is more than one hub times truthfully (${p.budget} a second in all): the UDP test stream runs at ${p.rate} a second per site`,
	},
	vi: {
		'token-file-open': p => `${p.site}: người khác đọc được tệp mã ${p.file}: hãy chạy chmod 600 ${p.file}`,
		'journal-torn': p =>
			`Nhật ký ${p.file}: dòng cuối bị cắt dở (${p.bytes} byte, do mất điện hoặc lỗi khi đang ghi) và đã được bỏ; màn hình chưa từng hiển thị nội dung đó.`,
		'journal-fresh': p => `Đã bắt đầu nhật ký mới; nhật ký cũ được giữ lại ở ${p.kept}.`,
		'agent-replaced': p =>
			`điểm cầu ${p.site}: agent mới gọi về từ ${p.from} thay cho kết nối từ ${p.previous} (máy vừa khởi động lại, hay có hai agent cùng chạy cho điểm cầu này?)`,
		'udp-rate-lowered': p =>
			`probe.udpRate: ${p.asked} gói mỗi giây cho ${p.sites} điểm cầu là quá sức một máy chủ đo cho đúng (tổng ${p.budget} gói mỗi giây): luồng đo UDP chạy ${p.rate} gói mỗi giây mỗi điểm cầu`,
	},
});

// Why a journal write failed is worded beside the refusal that carries it.
export {wordJournalFailure} from './refusal-words.js';
