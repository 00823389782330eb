// What the control channel's two ends say to a person (the hub's screen and log, `attach`), in
// Vietnamese and English: one typed table, so a missing language is a compile error.

type Lang = 'vi' | 'en';

/** Why a hub runs without a control channel. */
export type ControlProblem =
	| {code: 'key'; file: string; why: KeyProblem}
	| {code: 'no-folder'; tried: string[]}
	| {code: 'bind'; path: string; error: string};

/** What is wrong with the user's control key file. */
export type KeyProblem = 'not-a-file' | 'other-owner' | 'open-to-others' | 'unreadable' | 'too-big';

/** Why what answered on a control socket or pipe is not a diemcau hub (or not one `attach` can talk to). */
export type NotHubWhy =
	| {code: 'timeout'; seconds: number}
	| {code: 'closed'}
	| {code: 'foreign'}
	| {code: 'bad-challenge'}
	| {code: 'long-line'}
	| {code: 'error'; error: string};

/** Why `attach` will not talk to a control socket or pipe, or what it heard. */
export type AttachProblem =
	| {code: 'no-hub'; where: string[]}
	| {code: 'hub-without-control'; pid: number; problem: ControlProblem}
	| {code: 'hub-gone'; path: string}
	| {code: 'not-a-socket'; path: string}
	| {code: 'foreign-socket'; path: string; uid: number}
	| {code: 'open-folder'; path: string; folder: string; mode: string}
	| {code: 'foreign-folder'; path: string; folder: string; uid: number}
	| {code: 'no-key'; file: string}
	| {code: 'key'; file: string; why: KeyProblem}
	| {code: 'not-a-hub'; path: string; why: NotHubWhy}
	| {code: 'wrong-key'; path: string}
	| {code: 'refused'; why: string; refusal?: string}
	| {code: 'permission'; path: string};

interface Words {
	key: (why: KeyProblem) => string;
	problem: (problem: ControlProblem) => string;
	/** The hub's log (and stderr) when it has no control channel. */
	noControl: (problem: ControlProblem) => string;
	/** The same on the dashboard's alert line: short enough for one line of 100 columns (the full text goes to stderr). */
	screenNotice: (problem: ControlProblem) => string;
	attach: (problem: AttachProblem) => string;
	notHub: (why: NotHubWhy) => string;
	/** A screen whose hello lacks the user's key (the hub's log). */
	screenWithoutKey: string;
}

/** A file mode as `ls` users read it (0755). */
export const modeText = (value: number) => `0${(value & 0o7777).toString(8)}`;

const en: Words = {
	key: why =>
		({
			'not-a-file': 'is not a regular file',
			'other-owner': 'belongs to another user',
			'open-to-others': 'can be read or written by other users (it must be mode 0600)',
			unreadable: 'cannot be read or written',
			'too-big': 'is too large to be a control key',
		})[why],
	problem: problem =>
		problem.code === 'key'
			? `the control key ${problem.file} ${en.key(problem.why)}`
			: problem.code === 'no-folder'
				? `no folder for it is usable (${problem.tried.join(', ')}: missing and not creatable, owned by another user, or writable by others)`
				: `${problem.path} cannot be listened on (${problem.error})`,
	noControl: problem =>
		`no control channel, so no screen can attach: ${en.problem(problem)}. ${problem.code === 'key' ? `To attach screens, stop, remove ${problem.file} (a new key is made) and start again.` : 'To attach screens, stop and start again with --control PATH (a short path in a folder only you can write).'}`,
	screenNotice: problem =>
		problem.code === 'key'
			? 'no other screen can attach: the control key is faulty; remove control.key and restart'
			: `no other screen can attach: ${problem.code === 'no-folder' ? 'no private folder' : 'cannot listen'}; use --control PATH`,
	attach: problem => {
		switch (problem.code) {
			case 'no-hub':
				return `no hub is running for this meeting (no control channel at ${problem.where.join(' or ')}): start it with \`diemcau run PLAN\` or \`diemcau serve PLAN\`, or name its channel with --control PATH.`;
			case 'hub-without-control':
				return `the hub of this meeting runs (process ${problem.pid}) without a control channel, so no screen can attach: ${en.problem(problem.problem)}. ${problem.problem.code === 'key' ? `Stop it, remove ${problem.problem.file} (a new key is made) and start it again.` : 'Stop it, start it again with --control PATH (a short path in a folder only you can write), and attach with the same --control PATH.'}`;
			case 'hub-gone':
				return `the hub that made ${problem.path} is not running any more (the socket was left behind): start it again on the same journal.`;
			case 'not-a-socket':
				return `${problem.path} is not a socket, so not a diemcau hub's control socket: name the right one with --control PATH.`;
			case 'foreign-socket':
				return `${problem.path} belongs to another user (uid ${problem.uid}), not to you: it is not your hub's control socket and attach will not talk to it. Attach as the user who runs the hub, or name your own hub's socket with --control PATH.`;
			case 'open-folder':
				return `${problem.folder}, the folder of ${problem.path}, can be written by other users (mode ${problem.mode}): anyone could have put that socket there, so attach will not talk to it. Give the hub a control socket in a folder only you can write (or none: the default is one).`;
			case 'foreign-folder':
				return `${problem.folder}, the folder of ${problem.path}, belongs to another user (uid ${problem.uid}): attach will not talk to a socket there. Give the hub a control socket in a folder of your own (or none: the default is one).`;
			case 'no-key':
				return `there is no control key at ${problem.file}, so no hub has run as this user here: start the hub with \`diemcau run PLAN\` or \`diemcau serve PLAN\` as this user.`;
			case 'key':
				return `the control key ${problem.file} ${en.key(problem.why)}: remove it and start the hub again (it makes a new one).`;
			case 'not-a-hub':
				return `${problem.path} is not a diemcau hub's control channel (${en.notHub(problem.why)}): name the right one with --control PATH.`;
			case 'wrong-key':
				return `${problem.path} answered without this user's control key, so it is not your hub: attach will not show what it sends. Attach as the user who runs the hub, and check who made that socket.`;
			case 'refused':
				return `the hub refused this screen: ${problem.refusal === 'key' ? 'this screen does not hold the control key of the user who runs the hub (attach as that user)' : problem.refusal === 'full' ? 'too many screens are attached already' : problem.refusal === 'protocol' ? 'the hub and this screen are different versions of diemcau (use the same version for both)' : problem.why}`;
			case 'permission':
				return `${problem.path} belongs to another user (permission denied): attach as the user who runs the hub.`;
		}
	},
	notHub: why =>
		({
			timeout: () => `no answer within ${why.code === 'timeout' ? why.seconds : 0} s`,
			closed: () => 'it closed without a welcome',
			foreign: () => 'it does not speak the diemcau control protocol',
			'bad-challenge': () => 'its challenge is not one',
			'long-line': () => 'it sent a line too long',
			error: () => (why.code === 'error' ? why.error : ''),
		})[why.code](),
	screenWithoutKey: 'refused: it does not hold the control key of the user who runs the hub',
};

const vi: Words = {
	key: why =>
		({
			'not-a-file': 'không phải là một tệp thông thường',
			'other-owner': 'thuộc về người dùng khác',
			'open-to-others': 'để người dùng khác đọc hoặc ghi được (phải là quyền 0600)',
			unreadable: 'không đọc hoặc ghi được',
			'too-big': 'quá lớn, không thể là khóa điều khiển',
		})[why],
	problem: problem =>
		problem.code === 'key'
			? `tệp khóa điều khiển ${problem.file} ${vi.key(problem.why)}`
			: problem.code === 'no-folder'
				? `không có thư mục nào dùng được cho nó (${problem.tried.join(', ')}: không có và không tạo được, thuộc về người dùng khác, hoặc người khác ghi được)`
				: `không mở được ${problem.path} để chờ kết nối (${problem.error})`,
	noControl: problem =>
		`không có kênh điều khiển nên không màn hình nào gắn vào được: ${vi.problem(problem)}. ${problem.code === 'key' ? `Muốn gắn thêm màn hình, hãy dừng, xóa ${problem.file} (khóa mới sẽ được tạo) rồi chạy lại.` : 'Muốn gắn thêm màn hình, hãy dừng rồi chạy lại với --control ĐƯỜNG_DẪN (một đường dẫn ngắn, trong thư mục chỉ bạn ghi được).'}`,
	screenNotice: problem =>
		problem.code === 'key'
			? 'không gắn thêm màn hình được: khóa điều khiển bị lỗi; xóa control.key rồi chạy lại'
			: `không gắn thêm màn hình được: ${problem.code === 'no-folder' ? 'không có thư mục riêng' : 'không mở được kênh'}; dùng --control ĐƯỜNG_DẪN`,
	attach: problem => {
		switch (problem.code) {
			case 'no-hub':
				return `chưa có điểm cầu chính nào chạy cho hội nghị này (không có kênh điều khiển ở ${problem.where.join(' hay ')}): hãy chạy nó bằng \`diemcau run KẾ_HOẠCH\` hoặc \`diemcau serve KẾ_HOẠCH\`, hoặc chỉ đúng kênh của nó bằng --control ĐƯỜNG_DẪN.`;
			case 'hub-without-control':
				return `điểm cầu chính của hội nghị này đang chạy (tiến trình ${problem.pid}) nhưng không có kênh điều khiển, nên không màn hình nào gắn vào được: ${vi.problem(problem.problem)}. ${problem.problem.code === 'key' ? `Hãy dừng nó, xóa ${problem.problem.file} (khóa mới sẽ được tạo) rồi chạy lại.` : 'Hãy dừng nó, chạy lại với --control ĐƯỜNG_DẪN (một đường dẫn ngắn, trong thư mục chỉ bạn ghi được), rồi gắn vào với cùng --control ĐƯỜNG_DẪN.'}`;
			case 'hub-gone':
				return `điểm cầu chính đã tạo ${problem.path} không còn chạy nữa (socket còn sót lại): hãy chạy lại nó với cùng nhật ký.`;
			case 'not-a-socket':
				return `${problem.path} không phải là socket, nên không phải kênh điều khiển của điểm cầu chính diemcau: hãy chỉ đúng kênh bằng --control ĐƯỜNG_DẪN.`;
			case 'foreign-socket':
				return `${problem.path} thuộc về người dùng khác (uid ${problem.uid}), không phải của bạn: đây không phải kênh điều khiển của điểm cầu chính bạn chạy, nên attach không kết nối. Hãy gắn vào bằng đúng người dùng đang chạy điểm cầu chính, hoặc chỉ đúng socket của nó bằng --control ĐƯỜNG_DẪN.`;
			case 'open-folder':
				return `${problem.folder}, thư mục chứa ${problem.path}, để người dùng khác ghi được (quyền ${problem.mode}): ai cũng có thể đặt socket đó vào, nên attach không kết nối. Hãy cho điểm cầu chính một socket điều khiển trong thư mục chỉ bạn ghi được (hoặc bỏ --control: mặc định là như vậy).`;
			case 'foreign-folder':
				return `${problem.folder}, thư mục chứa ${problem.path}, thuộc về người dùng khác (uid ${problem.uid}): attach không kết nối tới socket ở đó. Hãy cho điểm cầu chính một socket điều khiển trong thư mục của chính bạn (hoặc bỏ --control: mặc định là như vậy).`;
			case 'no-key':
				return `không có khóa điều khiển ở ${problem.file}, tức là chưa có điểm cầu chính nào chạy dưới người dùng này trên máy này: hãy chạy nó bằng \`diemcau run KẾ_HOẠCH\` hoặc \`diemcau serve KẾ_HOẠCH\` dưới người dùng này.`;
			case 'key':
				return `tệp khóa điều khiển ${problem.file} ${vi.key(problem.why)}: hãy xóa nó rồi chạy lại điểm cầu chính (nó sẽ tạo khóa mới).`;
			case 'not-a-hub':
				return `${problem.path} không phải kênh điều khiển của điểm cầu chính diemcau (${vi.notHub(problem.why)}): hãy chỉ đúng kênh bằng --control ĐƯỜNG_DẪN.`;
			case 'wrong-key':
				return `${problem.path} trả lời mà không có khóa điều khiển của người dùng này, nên đó không phải điểm cầu chính của bạn: attach không hiển thị những gì nó gửi. Hãy gắn vào bằng đúng người dùng đang chạy điểm cầu chính, và kiểm tra xem ai đã tạo socket đó.`;
			case 'refused':
				return `điểm cầu chính từ chối màn hình này: ${problem.refusal === 'key' ? 'màn hình này không có khóa điều khiển của người dùng đang chạy điểm cầu chính (hãy gắn vào bằng người dùng đó)' : problem.refusal === 'full' ? 'đã có quá nhiều màn hình gắn vào' : problem.refusal === 'protocol' ? 'điểm cầu chính và màn hình này dùng hai phiên bản diemcau khác nhau (hãy dùng cùng một phiên bản cho cả hai)' : problem.why}`;
			case 'permission':
				return `${problem.path} thuộc về người dùng khác (không có quyền truy cập): hãy gắn vào bằng đúng người dùng đang chạy điểm cầu chính.`;
		}
	},
	notHub: why =>
		({
			timeout: () => `không có trả lời trong ${why.code === 'timeout' ? why.seconds : 0} giây`,
			closed: () => 'nó đóng kết nối trước khi hoàn tất bắt tay',
			foreign: () => 'nó không dùng giao thức điều khiển của diemcau',
			'bad-challenge': () => 'mã thử thách nó gửi không hợp lệ',
			'long-line': () => 'nó gửi một dòng quá dài',
			error: () => (why.code === 'error' ? `lỗi ${why.error}` : ''),
		})[why.code](),
	screenWithoutKey: 'bị từ chối: không có khóa điều khiển của người dùng đang chạy điểm cầu chính',
};

/** The control channel's words in a language. */
export function controlWords(lang: Lang): Words {
	return lang === 'vi' ? vi : en;
}
