import {readFileSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import envPaths from 'env-paths';
import {pickLang, type Lang} from '../i18n/strings.js';
import {checkLang} from './command.js';

// The language of a command that writes for people: --lang when given, else the language the
// user chose before (saved only when chosen: see run), else LANG ("vi…" → Vietnamese).

export {checkLang};

/**
 * The language saved in the preferences, read without `conf`: opening conf writes its file, and
 * its atomic writer then takes SIGINT over (exit 130), which a rehearsal's Ctrl-C must not meet.
 * Same file as src/dashboard/prefs.ts (DIEMCAU_CONFIG_DIR, else conf's folder for "diemcau").
 */
export function savedLang(env: NodeJS.ProcessEnv = process.env): Lang | undefined {
	const dir = env.DIEMCAU_CONFIG_DIR ?? envPaths('diemcau', {suffix: 'nodejs'}).config;
	try {
		const lang = (JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')) as {lang?: unknown}).lang;
		return lang === 'vi' || lang === 'en' ? lang : undefined;
	} catch {
		return undefined;
	}
}

/**
 * The language of an error a command stops with, read from its arguments before they are parsed
 * (the error may be in them): --lang, else (not for serve, a service) the saved choice, else LANG.
 */
export function errorLang(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Lang {
	let flag: string | undefined;
	args.forEach((arg, i) => {
		if (arg === '--lang') flag = args[i + 1];
		else if (arg.startsWith('--lang=')) flag = arg.slice('--lang='.length);
	});
	if (flag === 'vi' || flag === 'en') return flag;
	return (args[0] === 'serve' ? undefined : savedLang(env)) ?? pickLang(undefined, env);
}

/** --lang, else the saved choice, else LANG. */
export function chooseLang(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
	checkLang(flag);
	if (flag) return flag;
	return savedLang(env) ?? pickLang(undefined, env);
}
