import {describe, expect, it} from 'vitest';
import {unitNounVi} from '../../src/model/admin-unit.js';
import {parsePlan} from '../../src/model/plan/plan.js';
import {wordVerdictReason} from '../../src/i18n/link-words.js';
import {verdictReason} from '../../src/model/link/link-reasons.js';
import {fixturePlan} from '../helpers/session.js';

// No administrative level is assumed: a unit is named by its own name and kind, and the words
// about the hub and its sites name no level at all.

describe('what a unit is called', () => {
	it('from the level its name begins with, else its kind, else nothing', () => {
		expect(unitNounVi('Đặc khu Lý Sơn')).toBe('đặc khu');
		expect(unitNounVi('Xã Phổ An')).toBe('xã');
		expect(unitNounVi('Phường Phổ Hòa')).toBe('phường');
		expect(unitNounVi('Thị xã Đức Phổ')).toBe('thị xã');
		expect(unitNounVi('Thành phố Hà Nội')).toBe('thành phố');
		expect(unitNounVi('Tỉnh Quảng Ngãi')).toBe('tỉnh');
		// "Xã" is a word, not a prefix of one.
		expect(unitNounVi('Xãy dựng', 'other')).toBeNull();
		expect(unitNounVi('Lý Sơn', 'special-zone')).toBe('đặc khu');
		expect(unitNounVi('UBND Quảng Ngãi', 'province')).toBe('tỉnh');
		expect(unitNounVi('Hội trường A')).toBeNull();
	});

	it('the plan takes the 2025 kinds: special-zone sites, province and commune-level hubs', () => {
		const raw = JSON.parse(JSON.stringify(fixturePlan()));
		raw.hub.kind = 'province';
		raw.sites[0].kind = 'special-zone';
		const parsed = parsePlan({...raw, sites: raw.sites.map((site: {roster: {role: string}[]}) => site)});
		expect(parsed.ok, parsed.ok ? '' : JSON.stringify(parsed.problems)).toBe(true);
		raw.hub.kind = 'county';
		const bad = parsePlan(raw);
		expect(bad.ok).toBe(false);
		if (!bad.ok) expect(bad.problems.map(problem => problem.path).join('\n')).toMatch(/hub\.kind/);
	});

	it('the rehearsal words name no level: hub → site, whatever the hub is', () => {
		const up = wordVerdictReason(verdictReason('video-lost', {direction: 'up', pct: 33}), 'vi');
		const down = wordVerdictReason(verdictReason('packet-loss', {direction: 'down', value: 12, limit: 4}), 'vi');
		expect(up).toBe('tải video chiều lên (điểm cầu chính → điểm cầu): mất 33 % gói');
		expect(down).toContain('chiều xuống (điểm cầu → điểm cầu chính)');
		for (const text of [up, down]) expect(text).not.toMatch(/thị xã|(^|\s)xã(\s|$)|tỉnh|huyện/);
	});
});
