import {defineWords, type Lang} from './catalog.js';

// The top-level usage (`diemcau` alone, `diemcau --help`, an unknown command) in both languages:
// what each command is for, in one line, and the exit codes. An area of the catalog.

/** The commands `diemcau` lists, in its order. */
export const COMMAND_NAMES = ['demo', 'run', 'serve', 'attach', 'rehearse', 'status', 'agent', 'report', 'plan', 'token'] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

type NoParams = Record<string, never>;
export type CommandWordParams = {[C in CommandName]: NoParams} & {
	usage: NoParams;
	commands: NoParams;
	'more-help': NoParams;
	'exit-codes': NoParams;
	'unknown-command': {name: string};
};

export const commandWords = defineWords<CommandWordParams>({
	en: {
		demo: () => 'the dashboard on simulated sites (what `npm start` runs)',
		run: () => 'the live dashboard: links, attendance, agenda, journal',
		serve: () => 'the hub without a screen (a service): probing, meeting, journal',
		attach: () => 'another screen on a running hub (run or serve), operator or viewer',
		rehearse: () => 'pre-meeting rehearsal with a verdict per site',
		status: () => 'probe every site now and print the table or JSON',
		agent: () => 'the site-side agent that answers probes',
		report: () => "the meeting's minutes from its journal",
		plan: () => 'plan check PLAN: validate a plan file',
		token: () => 'token new [FILE]: make a random site token (file mode 600)',
		usage: () => 'Usage: diemcau COMMAND [options]',
		commands: () => 'Commands:',
		'more-help': () => 'Run `diemcau COMMAND --help` for the options of one command.',
		'exit-codes': () => 'Exit codes: 0 ok, 1 a check failed (a site down, a rehearsal fail), 2 bad usage or bad input.',
		'unknown-command': p => `unknown command "${p.name}".`,
	},
	vi: {
		demo: () => 'bảng điều khiển trên các điểm cầu mô phỏng (lệnh mà `npm start` chạy)',
		run: () => 'bảng điều khiển trực tiếp: đường truyền, điểm danh, chương trình, nhật ký',
		serve: () => 'điểm cầu chính không có màn hình (chạy như một dịch vụ): đo đường truyền, điều hành, ghi nhật ký',
		attach: () => 'thêm một màn hình vào điểm cầu chính đang chạy (run hoặc serve), để điều hành hoặc chỉ để xem',
		rehearse: () => 'kiểm tra đường truyền trước hội nghị, có kết luận cho từng điểm cầu',
		status: () => 'đo mọi điểm cầu ngay bây giờ rồi in bảng kết quả hoặc JSON',
		agent: () => 'agent đặt tại điểm cầu, trả lời các lần đo của điểm cầu chính',
		report: () => 'biên bản hội nghị, lập từ nhật ký',
		plan: () => 'plan check PLAN: kiểm tra tệp kế hoạch',
		token: () => 'token new [FILE]: tạo mã bí mật ngẫu nhiên cho một điểm cầu (tệp chỉ chủ sở hữu đọc được, quyền 600)',
		usage: () => 'Cách dùng: diemcau LỆNH [tùy chọn]',
		commands: () => 'Các lệnh:',
		'more-help': () => 'Tùy chọn của từng lệnh: `diemcau LỆNH --help`.',
		'exit-codes': () =>
			'Mã thoát: 0 thành công, 1 có kiểm tra không đạt (một điểm cầu mất kết nối, kiểm tra đường truyền không đạt), 2 dùng sai lệnh hoặc dữ liệu vào không hợp lệ.',
		'unknown-command': p => `không có lệnh "${p.name}".`,
	},
});

/** The top-level usage in a language: the commands with what each is for, and the exit codes. */
export function usageText(lang: Lang): string {
	const say = (code: Exclude<keyof CommandWordParams, 'unknown-command'>) => commandWords.word({code, params: {}}, lang);
	const width = Math.max(...COMMAND_NAMES.map(name => name.length));
	return [
		say('usage'),
		'',
		say('commands'),
		...COMMAND_NAMES.map(name => `  ${name.padEnd(width)}  ${say(name)}`),
		'',
		say('more-help'),
		say('exit-codes'),
	].join('\n');
}
