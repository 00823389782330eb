import {type ErrorCode, parseDocument} from 'yaml';
import type {PlanSyntaxMessage, PlanSyntaxProblem, YamlErrorCode} from '../model/plan/plan-problem-codes.js';

// Reading a plan's text into data, with syntax errors in the tool's own words: the line, what
// is wrong and what to do, and the line itself quoted (the yaml library's own message ends in
// "at line 29, column 1:" with its excerpt on the next lines, which a one-line error loses).

/** The data of a plan's text, or every syntax problem (worded by src/i18n/plan-problem-words.ts). */
export type SyntaxResult = {ok: true; data: unknown} | {ok: false; problems: PlanSyntaxProblem[]};

/** The library's code as the catalog's (a compile error when a new version of the library adds one). */
const yamlCode = (code: ErrorCode): YamlErrorCode => code;

const TOO_DEEP: PlanSyntaxMessage = {code: 'too-deep', params: {}};

/** Text of line `number` (1-based) of `text`, shortened, with tabs shown. */
function quote(text: string, number: number): string {
	const line = (text.split(/\r?\n/)[number - 1] ?? '').replace(/\t/g, '→');
	return line.length > 60 ? `${line.slice(0, 60)}…` : line;
}

/** The library's sentence without its " at line N, column M:" tail and excerpt. */
function ownWords(message: string): string {
	const first = message.split('\n')[0] ?? '';
	const sentence = first.replace(/ at line \d+, column \d+:?$/, '').trim();
	return sentence.charAt(0).toLowerCase() + sentence.slice(1);
}

/** Parse YAML; every error names its line, says what is wrong, and quotes the line. */
export function parseYamlPlan(text: string): SyntaxResult {
	let doc;
	try {
		doc = parseDocument(text, {prettyErrors: true, uniqueKeys: true});
	} catch (error) {
		return {ok: false, problems: [{message: {code: 'parser-words', params: {text: ownWords((error as Error).message)}}}]};
	}
	if (doc.errors.length > 0) {
		// Only the first: the ones after a bad line are mostly that line's echo further down.
		const problems = doc.errors.slice(0, 1).map(error => {
			const line = error.linePos?.[0]?.line;
			const col = error.linePos?.[0]?.col;
			const message: PlanSyntaxMessage = /call stack/i.test(error.message)
				? TOO_DEEP
				: {code: 'yaml', params: {code: yamlCode(error.code)}};
			return line === undefined ? {message} : {at: {line, column: col ?? 1, quote: quote(text, line)}, message};
		});
		return {ok: false, problems};
	}
	try {
		return {ok: true, data: doc.toJS({maxAliasCount: 100})};
	} catch (error) {
		const message = (error as Error).message;
		if (/call stack/i.test(message)) return {ok: false, problems: [{message: TOO_DEEP}]};
		return {ok: false, problems: [{message: {code: 'parser-words', params: {text: ownWords(message)}}}]};
	}
}

/** Parse JSON; an error names its line and column (from the position Node reports). */
export function parseJsonPlan(text: string): SyntaxResult {
	try {
		return {ok: true, data: JSON.parse(text)};
	} catch (error) {
		const message = (error as Error).message;
		if (/call stack/i.test(message)) return {ok: false, problems: [{message: TOO_DEEP}]};
		// Node 20 words some errors with a position and some with an excerpt only; the yaml
		// parser (JSON is YAML) finds the line either way.
		const what = ownWords(
			message
				.replace(/\s*(in JSON )?at position \d+.*$/, '')
				.replace(/, "[\s\S]*$/, '')
				.replace(/^JSON\.parse: /, ''),
		);
		const position = /at position (\d+)/.exec(message);
		let line: number | undefined;
		let col: number | undefined;
		if (position) {
			const before = text.slice(0, Number(position[1]));
			line = before.split('\n').length;
			col = before.length - before.lastIndexOf('\n');
		} else {
			let where: {line: number; col: number} | undefined;
			try {
				where = parseDocument(text, {prettyErrors: true}).errors[0]?.linePos?.[0];
			} catch {
				where = undefined;
			}
			line = where?.line;
			col = where?.col;
		}
		const json: PlanSyntaxMessage = {code: 'json-syntax', params: {text: what}};
		if (line === undefined) return {ok: false, problems: [{message: json}]};
		return {ok: false, problems: [{at: {line, column: col ?? 1, quote: quote(text, line)}, message: json}]};
	}
}
