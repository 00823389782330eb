import {defineWords, type Lang} from './catalog.js';
import {warningWords, type Warning} from './warning-words.js';

// The few lines the commands print on stderr around a screen or a document (the last plan opened,
// a warning, where the minutes went), in the user's language: the same choice as the screen's.
// In English they are exactly the lines they always were. An area of the catalog: a code a line.

/** The parameters of each line (without the "diemcau: " head). */
export type CliParams = {
	openingLastPlan: {file: string};
	attachingLastPlan: {file: string};
	startingSimulated: {count: number};
	/** A warning, worded by warning-words.ts. */
	warning: {warning: Warning};
	lastJournal: {file: string; title: string; date: string};
	minutesIn: {file: string};
	/** Where the meeting's journal is (run prints it on exit: `diemcau report` reads it). */
	journalIs: {file: string};
	/** Where dial-out agents call the hub (status, when it listens for them). */
	dialOutCall: {url: string};
	/** `token new FILE` made the file (on stdout, without the head). */
	tokenWritten: {file: string};
};

export const cliLines = defineWords<CliParams>({
	en: {
		openingLastPlan: p => `opening the last plan: ${p.file}`,
		attachingLastPlan: p => `attaching to the last plan: ${p.file}`,
		startingSimulated: p => `starting ${p.count} simulated site(s)…`,
		warning: p => `warning: ${warningWords.word(p.warning, 'en')}`,
		lastJournal: p => `the last meeting's journal: ${p.file} ("${p.title}", ${p.date})`,
		minutesIn: p => `the minutes are in ${p.file}`,
		journalIs: p => `the journal is ${p.file}`,
		dialOutCall: p => `dial-out agents call ${p.url}`,
		tokenWritten: p => `wrote a new token to ${p.file} (mode 600)`,
	},
	vi: {
		openingLastPlan: p => `mở kế hoạch dùng lần trước: ${p.file}`,
		attachingLastPlan: p => `gắn vào kế hoạch chạy lần trước: ${p.file}`,
		startingSimulated: p => `đang khởi động ${p.count} điểm cầu mô phỏng…`,
		warning: p => `cảnh báo: ${warningWords.word(p.warning, 'vi')}`,
		lastJournal: p => `nhật ký của hội nghị gần nhất: ${p.file} (“${p.title}”, ${p.date})`,
		minutesIn: p => `biên bản đã ghi vào ${p.file}`,
		journalIs: p => `nhật ký của hội nghị: ${p.file}`,
		dialOutCall: p => `agent của các điểm cầu dial-out gọi về ${p.url}`,
		tokenWritten: p => `đã ghi mã truy cập mới vào ${p.file} (chỉ bạn đọc được: quyền 600)`,
	},
});

/** The lines of one language (each takes its parameters). */
export function cliWords(lang: Lang) {
	return cliLines[lang];
}

/** The parameters of the words around a command's help shown after a usage mistake. */
export type UsageParams = {
	/** The synopsis's head, before `diemcau COMMAND [--flag ARG]…`. */
	head: Record<string, never>;
	/** Where every option is described (the command's own help, in the same language). */
	moreHelp: {command: string};
};

export const usageWords = defineWords<UsageParams>({
	en: {
		head: () => 'Usage:',
		moreHelp: p => `Every option: diemcau ${p.command} --help`,
	},
	vi: {
		head: () => 'Cách dùng:',
		moreHelp: p => `Giải thích mọi tùy chọn: diemcau ${p.command} --help`,
	},
});
