import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {describe, expect, it} from 'vitest';
import type {JournalHeader} from '../../src/hub/journal-format.js';
import {formatClock, formatDocumentPercent, formatSignedClock, formatSignedMinutes, formatSpanWords} from '../../src/i18n/numbers.js';
import {meetingPlanOf, type SessionEvent, type SessionEventBody} from '../../src/model/meeting/session.js';
import {planIdentity} from '../../src/model/plan/plan.js';
import {buildReport} from '../../src/documents/report.js';
import {reportDocx} from '../../src/documents/report-docx.js';
import {reportMarkdown} from '../../src/documents/report-markdown.js';
import {fixturePlan, MIN, SEC, T0} from '../helpers/session.js';

// The minutes write every duration from one place (src/i18n/numbers.ts): a clock span the same
// in both languages, one minus sign for "under the plan" and "minutes removed", and spans in
// words of the minutes' language.

describe('durations, in one place', () => {
	it('writes a span as a clock, signed with one minus sign, and in words per language', () => {
		expect(formatClock(690)).toBe('11:30');
		expect(formatClock(3725)).toBe('1:02:05');
		expect(formatSignedClock(-168)).toBe('−2:48');
		expect(formatSignedClock(6)).toBe('+0:06');
		expect(formatSignedClock(0)).toBe('0:00');
		expect(formatSignedMinutes(-9, 'vi')).toBe('−9 phút');
		expect(formatSignedMinutes(1, 'en')).toBe('+1 min');
		expect(formatSpanWords(3725, 'vi')).toBe('1 giờ 2 phút 5 giây');
		expect(formatSpanWords(-130, 'en')).toBe('2 min 10 s');
		expect(formatSpanWords(0, 'vi')).toBe('0 giây');
		// A document's figures come from the same file: a decimal comma and a dot between thousands in Vietnamese.
		expect(formatDocumentPercent('vi', 99.24)).toBe('99,2 %');
		expect(formatDocumentPercent('en', 1234.56)).toBe('1,234.6 %');
		expect(formatDocumentPercent('vi', 1234.56)).toBe('1.234,6 %');
	});
});

/** A meeting whose first item is cut by 9 minutes and ends early, the second runs 2:48 over. */
function meeting() {
	const plan = fixturePlan();
	const header: JournalHeader = {
		type: 'journal',
		v: 1,
		plan: planIdentity(plan),
		meeting: meetingPlanOf(plan),
		utcOffsetMinutes: 420,
		createdAt: new Date(T0).toISOString(),
	};
	const [opening, topics] = plan.agenda;
	const timed: Array<[number, SessionEventBody]> = [
		[T0, {type: 'session-started'}],
		[T0, {type: 'item-started', item: opening!.id}],
		[T0 + SEC, {type: 'item-extended', item: opening!.id, minutes: -9}],
		// One minute left after the cut, ended at 0:12: 0:48 under.
		[T0 + 12 * SEC, {type: 'item-ended', item: opening!.id}],
		[T0 + 12 * SEC, {type: 'item-started', item: topics!.id}],
		[T0 + 12 * SEC + 22 * MIN + 48 * SEC, {type: 'item-ended', item: topics!.id}],
		[T0 + 30 * MIN, {type: 'session-ended'}],
	];
	const events = timed.map(([at, body], index) => ({...body, seq: index + 1, at}) as SessionEvent);
	return buildReport(header, events);
}

function minutes(): {vi: string; en: string} {
	const {report, details} = meeting();
	return {vi: reportMarkdown(report, details, 'vi'), en: reportMarkdown(report, details, 'en')};
}

/** The text runs of the Word document's body, joined. */
async function docxText(lang: 'vi' | 'en'): Promise<string> {
	const {report, details} = meeting();
	const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-minutes-durations-'));
	try {
		const file = path.join(dir, 'bien-ban.docx');
		writeFileSync(file, await reportDocx(report, details, lang));
		const xml = (await execa('unzip', ['-p', file, 'word/document.xml'])).stdout;
		return (xml.match(/<w:t(?: [^>]*)?>[^<]*<\/w:t>/g) ?? []).map(run => run.replace(/<[^>]+>/g, '')).join('|');
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}

describe('the minutes’ durations', () => {
	it('show an item cut short and one over its plan with the same signs in both languages', () => {
		const {vi, en} = minutes();
		const row = (markdown: string, n: number) => markdown.split('\n').find(line => line.startsWith(`| ${n} |`)) ?? '';
		expect(row(vi, 1)).toContain('| 10:00 | 1:00 (−9 phút) | 0:12 | −0:48 |');
		expect(row(en, 1)).toContain('| 10:00 | 1:00 (−9 min) | 0:12 | −0:48 |');
		expect(row(vi, 2)).toContain('| 20:00 | — | 22:48 | +2:48 |');
		expect(row(en, 2)).toContain('| 20:00 | — | 22:48 | +2:48 |');
		// No duration with a hyphen for a minus anywhere in the minutes.
		for (const markdown of [vi, en]) expect(markdown).not.toMatch(/(^|[\s|(])-\d+:\d\d/m);
		// The start's lateness in words of the language.
		expect(vi).toContain('đúng giờ');
		expect(en).toContain('on time');
	});

	it('are the same in the Word document', async () => {
		const vi = await docxText('vi');
		expect(vi).toContain('1:00 (−9 phút)');
		expect(vi).toContain('−0:48');
		expect(vi).toContain('+2:48');
		expect(vi).not.toMatch(/(^|\|)-\d+:\d\d/);
		expect(await docxText('en')).toContain('1:00 (−9 min)');
	});
});
