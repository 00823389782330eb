import {describe, expect, it} from 'vitest';
import {addressGroup} from '../../probes/listener-guard.js';
import {hostScope} from '../../src/model/plan/endpoint-scope.js';
import {cleanReason, cleanText, escapeMarkdown, MAX_REASON_CHARS} from '../../src/model/sanitize.js';
import {escapeMarkdownInline} from '../../src/model/sanitize.js';
import {MIN_TOKEN_BITS, tokenBits, weakTokenProblem} from '../../src/model/plan/token-strength.js';

describe('cleanText: far-side strings are data, never terminal control', () => {
	it('drops C0/C1 controls and bidi overrides, keeps the printable rest on one line', () => {
		expect(cleanText('\x1b]0;PWNED\x07\x1b[2J\x1b[32mALL GOOD\x1b[0m')).toBe(']0;PWNED[2J[32mALL GOOD[0m');
		expect(cleanText('a\u202eb\u2066c\u200fd\u0085e\u009bf')).toBe('abcd ef');
		expect(cleanText('line one\r\n\n- line two\ttab')).toBe('line one - line two tab');
		expect(cleanText('Xã Phổ An — 0905 333 444')).toBe('Xã Phổ An — 0905 333 444');
		expect(cleanText('\ud800lone')).toBe('lone');
	});

	it('caps reasons at 120 characters with an ellipsis, on a code point boundary', () => {
		const reason = cleanReason('ồ'.repeat(500));
		expect(Array.from(reason)).toHaveLength(MAX_REASON_CHARS);
		expect(reason.endsWith('…')).toBe(true);
		expect(cleanReason('short')).toBe('short');
	});

	it('escapes Markdown so a reason cannot open a heading, a list, a link or a table cell', () => {
		expect(escapeMarkdown('## Injected')).toBe('\\#\\# Injected');
		expect(escapeMarkdown('- **must fix:** [call](http://x) | <b>')).toBe('\\- \\*\\*must fix:\\*\\* \\[call\\](`http://x`) \\| \\<b>');
		expect(escapeMarkdown('1. first')).toBe('1\\. first');
		expect(escapeMarkdown('RTT p95 210 ms > 150 ms')).toBe('RTT p95 210 ms > 150 ms');
		expect(escapeMarkdown('down 489 kbit/s < 800; <script>')).toBe('down 489 kbit/s < 800; \\<script>');
		expect(escapeMarkdown('> quote')).toBe('\\> quote');
	});

	it('shows bare links as code and entities as written: nothing a renderer would link or decode', () => {
		// GFM autolinks (scheme, www., e-mail), linkify's bare domains, and the ends renderers give them.
		expect(escapeMarkdown('xem https://evil.example/x?a=1 ngay')).toBe('xem `https://evil.example/x?a=1` ngay');
		expect(escapeMarkdown('Chi tiết tại www.evil.vn.')).toBe('Chi tiết tại `www.evil.vn`.');
		expect(escapeMarkdown('gửi về lienhe@ubnd.vn, hoặc gọi')).toBe('gửi về `lienhe@ubnd.vn`, hoặc gọi');
		expect(escapeMarkdown('(xem http://a.vn/b)')).toBe('(xem `http://a.vn/b`)');
		expect(escapeMarkdown('mailto:a@b.c tel:+84905333444')).toBe('`mailto:a@b.c` `tel:+84905333444`');
		expect(escapeMarkdown('cổng ubnd.quangngai.gov.vn đã đóng')).toBe('cổng `ubnd.quangngai.gov.vn` đã đóng');
		expect(escapeMarkdown('<https://x.vn>')).toBe('<`https://x.vn`>');
		expect(escapeMarkdown('ftp://files.x/y')).toBe('`ftp://files.x/y`');
		// Entities shown as typed, never as the character they name.
		expect(escapeMarkdown('Kinh tế &amp; Xã hội &#60;b&#62; &lt;script&gt;')).toBe(
			'Kinh tế \\&amp; Xã hội \\&\\#60;b\\&\\#62; \\&lt;script\\&gt;',
		);
		// What is no link stays plain: Vietnamese abbreviations, numbers, times.
		expect(escapeMarkdown('TP.HCM, 95.8 %, 08:31:02, v.v.')).toBe('TP.HCM, 95.8 %, 08:31:02, v.v.');
		// Cells and values: the same, without the line-start rules.
		expect(escapeMarkdownInline('a|b https://x.vn|c &amp;')).toBe('a\\|b `https://x.vn`\\|c \\&amp;');
		expect(escapeMarkdownInline('- not a list')).toBe('- not a list');
	});
});

describe('tokens', () => {
	it('refuses what a person types and accepts what diemcau token new makes', () => {
		for (const weak of ['secret1', 'tok-good', 'correct-horse', 'a'.repeat(64), 'ab'.repeat(40)])
			expect(tokenBits(weak), weak).toBeLessThan(MIN_TOKEN_BITS);
		expect(weakTokenProblem('secret1')).toMatch(
			/too weak \(about \d+ bits, at least 128 needed\): make a new one with "diemcau token new FILE"/,
		);
		expect(weakTokenProblem('secret1')).not.toContain('secret1');
		for (const strong of ['tGh_uJXVmxErbitC-iMnDycHHSwjNnNxgzVBGZrNHOU', '00963961f4576493572bfa172cf36b81', 'ZlcRkC8HmFnYK_bYRsuPrQ'])
			expect(weakTokenProblem(strong)).toBeNull();
	});
});

describe('address groups and endpoint scopes', () => {
	it('counts IPv4 one by one and IPv6 by /64', () => {
		expect(addressGroup('127.0.0.2')).toBe('127.0.0.2');
		expect(addressGroup('::ffff:10.0.0.7')).toBe('10.0.0.7');
		expect(addressGroup('2001:db8:1:2:aaaa::1')).toBe(addressGroup('2001:db8:1:2:ffff:1:2:3'));
		expect(addressGroup('2001:db8:1:2::1')).not.toBe(addressGroup('2001:db8:1:3::1'));
		expect(addressGroup('::1')).toBe('0:0:0:0::/64');
	});

	it('tells loopback and private networks from the internet', () => {
		expect(['127.0.0.1', 'localhost', '[::1]'].map(hostScope)).toEqual(['loopback', 'loopback', 'loopback']);
		expect(['10.1.2.3', '172.20.0.1', '192.168.1.10', '169.254.1.1', '[fd00::1]', 'agent.lan', 'pho-an'].map(hostScope)).toEqual(
			Array(7).fill('private'),
		);
		expect(['203.0.113.5', '100.64.0.1', '172.32.0.1', 'hub.example.vn', '[2001:db8::1]'].map(hostScope)).toEqual(Array(5).fill('public'));
	});
});
