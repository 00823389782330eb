import {AGENT_NOTICE_EN, type AgentNoticeParams} from '../model/agent-notice.js';
import {defineWords} from './catalog.js';

// What the agent says to the commune (its console's notice line, its own warnings), in both
// languages: a Vietnamese agent (--lang vi, or the console's default) says no English sentence.

/** The agent's own lines beside its link's notices. */
type AgentOwnParams = {
	/** --console without a terminal: the agent runs on without its screen. */
	'console-needs-terminal': Record<string, never>;
	/** The warning head of an agent's line. */
	warning: {text: string};
};

export type AgentWordParams = AgentNoticeParams & AgentOwnParams;

const again = (p: {retryS: number}) => `; sẽ gọi lại trong vòng ${p.retryS} giây`;

export const agentWords = defineWords<AgentWordParams>({
	en: {
		...AGENT_NOTICE_EN,
		'console-needs-terminal': () => '--console needs a terminal (standard input and output are not one): running without the console',
		warning: p => `warning: ${p.text}`,
	},
	vi: {
		connected: p => `đã kết nối tới điểm cầu chính ở ${p.hub}`,
		'refused-proof': p =>
			`điểm cầu chính không chấp nhận mã xác thực (sai mã bí mật, hoặc điểm cầu này không phải điểm cầu dial-out trong kế hoạch)${again(p)}`,
		replaced: p => `kết nối bị thay bằng một kết nối agent khác của điểm cầu này (có hai agent cùng chạy?)${again(p)}`,
		'hub-stopping': p => `điểm cầu chính đang dừng${again(p)}`,
		closed: p => `kết nối đã đóng (mã ${p.status}${p.reason ? `: ${p.reason}` : ''})${again(p)}`,
		unreachable: p => `không kết nối được tới điểm cầu chính ở ${p.hub} (${p.why})${again(p)}`,
		'console-needs-terminal': () =>
			'--console cần một cửa sổ dòng lệnh thật (stdin và stdout hiện không phải): agent vẫn chạy nhưng không có màn hình',
		warning: p => `cảnh báo: ${p.text}`,
	},
});
