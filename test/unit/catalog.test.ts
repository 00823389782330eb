import {describe, expect, it} from 'vitest';
import {defineWords, message} from '../../src/i18n/catalog.js';
import {formatFixed, formatMillis, formatPercent} from '../../src/i18n/numbers.js';

type Demo = {'option-missing': {option: string}; 'no-plan': Record<string, never>};
const area = defineWords<Demo>({
	en: {'option-missing': p => `option ${p.option} needs a value`, 'no-plan': () => 'no plan given'},
	vi: {'option-missing': p => `tùy chọn ${p.option} cần một giá trị`, 'no-plan': () => 'chưa chỉ ra kế hoạch'},
});

describe('the catalog', () => {
	it('words a message from its code in the language asked, never from another language', () => {
		const m = message<Demo, 'option-missing'>('option-missing', {option: '--site'});
		expect(area.word(m, 'vi')).toBe('tùy chọn --site cần một giá trị');
		expect(area.word(m, 'en')).toBe('option --site needs a value');
		expect(area.codes).toEqual(['option-missing', 'no-plan']);
	});

	it('writes figures with a decimal comma in Vietnamese and a decimal point in English', () => {
		expect(formatFixed(830.5, 1, 'vi')).toBe('830,5');
		expect(formatFixed(830.5, 1, 'en')).toBe('830.5');
		expect(formatFixed(12_500, 0, 'vi')).toBe('12.500');
		expect(formatFixed(12_500, 0, 'en')).toBe('12,500');
		expect(formatFixed(1500, 0, 'vi')).toBe('1500');
		expect(formatFixed(-0.04, 1, 'vi')).toBe('0,0');
		expect(formatPercent(0.44, 'vi')).toBe('0,4%');
		expect(formatPercent(12.4, 'en')).toBe('12%');
		expect(formatMillis(0.42, 'vi')).toBe('0,4ms');
		expect(formatMillis(1234, 'vi')).toBe('1,2s');
		expect(formatMillis(null, 'vi')).toBe('—');
	});
});
