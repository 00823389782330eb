import {execFileSync} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import type {JournalHeader} from '../../src/hub/journal-format.js';
import {planIdentity} from '../../src/model/plan/plan.js';
import {meetingPlanOf, type SessionEvent, type SessionEventBody} from '../../src/model/meeting/session.js';
import {rehearsalMarkdownIn} from '../../src/documents/rehearsal-document.js';
import {rehearsalMarkdown} from '../../src/documents/rehearsal-report.js';
import {buildReport} from '../../src/documents/report.js';
import {reportMarkdown} from '../../src/documents/report-markdown.js';
import {rehearsalResult} from '../helpers/rehearsal-result.js';
import {fixturePlan, T0} from '../helpers/session.js';

// Minutes and rehearsal reports carry text from a plan, a site and an operator into Markdown a
// town office pastes into a portal or a chat. None of it may become a link, an e-mail link or a
// character an entity names, in any renderer: bare links are shown as code, entities as typed.

const URL = 'https://evil.example/dang-nhap?next=/';
const WWW = 'www.evil.vn';
const MAIL = 'hotro@evil.vn';
const ENTITY = '&lt;b&gt; &amp; &#60;';
const hostile = (what: string) => `${what} ${URL} ${WWW} ${MAIL} ${ENTITY}`;

function hostileMinutes(): {vi: string; en: string} {
	const plan = fixturePlan();
	plan.session.title = hostile('Hội nghị');
	plan.sites[0]!.name = hostile('Phường');
	plan.agenda[0]!.title = hostile('Khai mạc');
	const header: JournalHeader = {
		type: 'journal',
		v: 1,
		plan: planIdentity(plan),
		meeting: meetingPlanOf(plan),
		utcOffsetMinutes: 420,
		createdAt: new Date(T0).toISOString(),
	};
	const site = plan.sites[0]!.id;
	const bodies: SessionEventBody[] = [
		{type: 'session-started'},
		{type: 'item-started', item: plan.agenda[0]!.id},
		{type: 'attendance-marked', site, role: 0, status: 'absent', reason: hostile('ốm')},
		{type: 'link-down', site, grade: 'down', previous: 'good', reason: hostile('no answer')},
		{type: 'note', text: hostile('ghi chú')},
		{type: 'link-up', site, grade: 'good', previous: 'down'},
		{type: 'session-ended'},
	];
	const events = bodies.map((body, index) => ({...body, seq: index + 1, at: T0 + index * 60_000}) as SessionEvent);
	const {report, details} = buildReport(header, events);
	return {vi: reportMarkdown(report, details, 'vi'), en: reportMarkdown(report, details, 'en')};
}

function hostileRehearsal(): {vi: string; en: string} {
	const result = rehearsalResult();
	result.title = hostile('Hội nghị');
	result.sites[1]!.name = hostile('Xã');
	result.sites[1]!.contact = {name: hostile('Anh Ba'), phone: MAIL};
	return {vi: rehearsalMarkdownIn(result, 'vi'), en: rehearsalMarkdown(result)};
}

/** Text outside code spans. */
const outsideCode = (markdown: string) => markdown.replace(/`[^`\n]*`/g, '');

function cmarkGfm(markdown: string): string | null {
	try {
		return execFileSync('cmark-gfm', ['-e', 'autolink', '-e', 'table', '-e', 'strikethrough'], {input: markdown, encoding: 'utf8'});
	} catch {
		return null;
	}
}

describe('hostile text in the Markdown documents', () => {
	const documents = {
		...Object.fromEntries(Object.entries(hostileMinutes()).map(([lang, text]) => [`minutes ${lang}`, text])),
		...Object.fromEntries(Object.entries(hostileRehearsal()).map(([lang, text]) => [`rehearsal ${lang}`, text])),
	};

	it('every link-like word is a code span and every entity is escaped, in the minutes and the rehearsal report, both languages', () => {
		for (const [name, text] of Object.entries(documents)) {
			// The hostile strings did reach the document (as code)…
			for (const word of [URL, WWW, MAIL]) expect(text, name).toContain(`\`${word}\``);
			// …and nowhere outside a code span is there a scheme, a www., an @ or an unescaped &.
			const plain = outsideCode(text);
			expect(plain, name).not.toMatch(/[a-z]+:\/\/|www\.|@/i);
			expect(plain.match(/(?<!\\)&/g) ?? [], name).toEqual([]);
			expect(plain, name).toContain('\\&lt;b\\&gt; \\&amp; \\&\\#60;');
		}
	});

	it('a GFM renderer (cmark-gfm with autolinks) makes no link and decodes no entity', () => {
		const rendered = Object.entries(documents).map(([name, text]) => [name, cmarkGfm(text)] as const);
		if (rendered.some(([, html]) => html === null)) {
			process.stdout.write('SKIPPED: the renderer check needs cmark-gfm (Debian: cmark-gfm)\n');
			return;
		}
		for (const [name, html] of rendered) {
			expect(html, name).not.toContain('<a ');
			expect(html, name).toContain(`<code>${URL}</code>`);
			// Shown as typed: "&lt;b&gt;" reads "&lt;b&gt;", not "<b>".
			expect(html, name).toContain('&amp;lt;b&amp;gt; &amp;amp; &amp;#60;');
		}
	});
});
