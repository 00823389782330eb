import process from 'node:process';
import {DiemcauError} from './errors.js';
import {pickLang, type Lang} from '../components/i18n.js';
import type {PrefsStore} from './prefs.js';

// The language of a command that writes for people: --lang when given, else the language the
// user chose before (saved only when chosen: see run), else LANG ("vi…" → Vietnamese).

/** Refuse a --lang other than vi or en (exit 2). */
export function checkLang(value: string | undefined): asserts value is Lang | undefined {
	if (value !== undefined && value !== 'vi' && value !== 'en') {
		throw new DiemcauError('DIEMCAU_USAGE', `--lang takes vi or en, not "${value}".`);
	}
}

/** --lang, else the saved choice, else LANG. */
export function chooseLang(flag: string | undefined, prefs: PrefsStore | null, env: NodeJS.ProcessEnv = process.env): Lang {
	checkLang(flag);
	if (flag) return flag;
	return prefs?.get().lang ?? pickLang(undefined, env);
}
