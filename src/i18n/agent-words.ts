import {AGENT_NOTICE_EN, type AgentNoticeParams, type UdpDrops} from '../model/agent-notice.js';
import {defineWords, type Message} from './catalog.js';

// What the agent says to the commune (its log's lines, its console's notice line, its own
// warnings), in both languages: a Vietnamese agent (--lang vi, or the console's default) says no
// English sentence. Each log line keeps its head, "diemcau agent:", in every language.

/** The agent's own lines beside its link's notices. */
type AgentOwnParams = {
	/** --console without a terminal: the agent runs on without its screen. */
	'console-needs-terminal': Record<string, never>;
	/** A token file others on the PC can read (they could pose as the site). */
	'token-file-open': {file: string};
	/** A --many file others on the PC can read (it may hold tokens). */
	'many-file-open': {file: string};
	/** The warning head of an agent's line. */
	warning: {text: string};
	/** When the agent stops: the UDP test packets it answered, and those it dropped, by why. */
	'udp-counts': {site: string; answered: number; dropped: UdpDrops};
};

const DROP_EN: Record<keyof UdpDrops, string> = {
	malformed: 'malformed',
	unknownSession: 'of no session',
	wrongPeer: 'from another address',
	badMac: 'with a bad MAC',
	replayed: 'replayed',
	rateCapped: 'over the rate cap',
	simulatedLoss: 'dropped by the simulation',
};
const DROP_VI: Record<keyof UdpDrops, string> = {
	malformed: 'sai định dạng',
	unknownSession: 'không thuộc phiên nào',
	wrongPeer: 'từ địa chỉ khác',
	badMac: 'sai MAC',
	replayed: 'gửi lại gói cũ',
	rateCapped: 'vượt giới hạn tốc độ',
	simulatedLoss: 'do mô phỏng bỏ',
};

/** "3 (2 with a bad MAC, 1 replayed)": the total, then each reason that counted. */
function drops(dropped: UdpDrops, names: Record<keyof UdpDrops, string>): string {
	const parts = (Object.keys(names) as Array<keyof UdpDrops>).filter(why => dropped[why] > 0).map(why => `${dropped[why]} ${names[why]}`);
	const total = Object.values(dropped).reduce((a, b) => a + b, 0);
	return `${total}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

export type AgentWordParams = AgentNoticeParams & AgentOwnParams;

/** A message of the agent's words. */
export type AgentMessage = Message<AgentWordParams>;

const again = (p: {retryS: number}) => `; sẽ gọi lại trong vòng ${p.retryS} giây`;

export const agentWords = defineWords<AgentWordParams>({
	en: {
		...AGENT_NOTICE_EN,
		'console-needs-terminal': () => '--console needs a terminal (standard input and output are not one): running without the console',
		'token-file-open': p => `token file ${p.file} can be read by other users: run chmod 600 ${p.file}`,
		'many-file-open': p => `--many file ${p.file} can be read by other users and may hold tokens: run chmod 600 ${p.file}`,
		warning: p => `warning: ${p.text}`,
		'udp-counts': p => `site=${p.site}: udp answered ${p.answered}, dropped ${drops(p.dropped, DROP_EN)}`,
	},
	vi: {
		connected: p => `đã kết nối tới điểm cầu chính ở ${p.hub}`,
		'refused-proof': p =>
			`điểm cầu chính không chấp nhận mã xác thực (sai mã bí mật, hoặc điểm cầu này không phải điểm cầu dial-out trong kế hoạch)${again(p)}`,
		replaced: p => `kết nối bị thay bằng một kết nối agent khác của điểm cầu này (có hai agent cùng chạy?)${again(p)}`,
		'hub-stopping': p => `điểm cầu chính đang dừng${again(p)}`,
		closed: p => `kết nối đã đóng (mã ${p.status}${p.reason ? `: ${p.reason}` : ''})${again(p)}`,
		unreachable: p => `không kết nối được tới điểm cầu chính ở ${p.hub} (${p.why})${again(p)}`,
		'handshake-failures': p =>
			`site=${p.site}: ${p.from} xác thực sai ${p.failures} lần trong một phút; từ nay kiểm tra chậm lại với nơi này (mã bí mật đúng vẫn vào được)`,
		'udp-port-unavailable': p => `site=${p.site}: không mở được cổng UDP ${p.port} (${p.code}): tắt luồng đo UDP; hãy dùng --udp-port N`,
		'console-needs-terminal': () =>
			'--console cần một cửa sổ dòng lệnh thật (stdin và stdout hiện không phải): agent vẫn chạy nhưng không có màn hình',
		'token-file-open': p => `người khác trên máy này đọc được tệp mã ${p.file}: hãy chạy chmod 600 ${p.file}`,
		'many-file-open': p => `người khác trên máy này đọc được tệp --many ${p.file} (có thể chứa mã bí mật): hãy chạy chmod 600 ${p.file}`,
		warning: p => `cảnh báo: ${p.text}`,
		'udp-counts': p => `site=${p.site}: udp đã trả lời ${p.answered} gói đo, bỏ ${drops(p.dropped, DROP_VI)}`,
	},
});
