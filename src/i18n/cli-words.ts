import {wordWarning} from './warning-words.js';

// The few lines the commands print on stderr around a screen or a document (the last plan opened,
// a warning, where the minutes went), in the user's language: the same choice as the screen's.
// In English they are exactly the lines they always were.

type Lang = 'vi' | 'en';

/** The commands' stderr lines in a language (without the "diemcau: " head). */
export interface CliWords {
	openingLastPlan: (file: string) => string;
	attachingLastPlan: (file: string) => string;
	startingSimulated: (count: number) => string;
	/** A warning (the English text, worded by warning-words.ts). */
	warning: (text: string) => string;
	lastJournal: (file: string, title: string, date: string) => string;
	minutesIn: (file: string) => string;
	/** Where the meeting's journal is (run prints it on exit: `diemcau report` reads it). */
	journalIs: (file: string) => string;
	cannotWriteMinutes: (file: string, why: string) => string;
	/** Where dial-out agents call the hub (status, when it listens for them). */
	dialOutCall: (url: string) => string;
}

const en: CliWords = {
	openingLastPlan: file => `opening the last plan: ${file}`,
	attachingLastPlan: file => `attaching to the last plan: ${file}`,
	startingSimulated: count => `starting ${count} simulated site(s)…`,
	warning: text => `warning: ${text}`,
	lastJournal: (file, title, date) => `the last meeting's journal: ${file} ("${title}", ${date})`,
	minutesIn: file => `the minutes are in ${file}`,
	journalIs: file => `the journal is ${file}`,
	cannotWriteMinutes: (file, why) => `Cannot write ${file}: ${why}. Choose a folder you can write to.`,
	dialOutCall: url => `dial-out agents call ${url}`,
};

const vi: CliWords = {
	openingLastPlan: file => `mở kế hoạch dùng lần trước: ${file}`,
	attachingLastPlan: file => `gắn vào kế hoạch chạy lần trước: ${file}`,
	startingSimulated: count => `đang khởi động ${count} điểm cầu mô phỏng…`,
	warning: text => `cảnh báo: ${wordWarning(text, 'vi')}`,
	lastJournal: (file, title, date) => `nhật ký của hội nghị gần nhất: ${file} (“${title}”, ${date})`,
	minutesIn: file => `biên bản đã ghi vào ${file}`,
	journalIs: file => `nhật ký của hội nghị: ${file}`,
	cannotWriteMinutes: (file, why) => `Không ghi được ${file} (${why}). Hãy chọn một thư mục ghi được.`,
	dialOutCall: url => `agent của các điểm cầu dial-out gọi về ${url}`,
};

/** The stderr lines in a language. */
export function cliWords(lang: Lang): CliWords {
	return lang === 'vi' ? vi : en;
}
