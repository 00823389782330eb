import {describe, expect, it} from 'vitest';
import {DiemcauError} from '../../src/cli/errors.js';
import {durationOption} from '../../src/cli/command.js';
import {alertsSchema} from '../../src/model/plan/alert-config.js';
import {parseDuration} from '../../src/model/duration.js';

describe('one duration parser for the plan and the command line', () => {
	it('reads units, sums of units, decimals and bare seconds', () => {
		expect(parseDuration('90s')).toBe(90_000);
		expect(parseDuration('3m')).toBe(180_000);
		expect(parseDuration('1h30m')).toBe(5_400_000);
		expect(parseDuration('1m 30s')).toBe(90_000);
		expect(parseDuration('1.5h')).toBe(5_400_000);
		expect(parseDuration('500ms')).toBe(500);
		expect(parseDuration('2m500ms')).toBe(120_500);
		expect(parseDuration('45')).toBe(45_000);
		expect(parseDuration(45)).toBe(45_000);
		expect(parseDuration('0')).toBe(0);
	});

	it('refuses what is not a duration', () => {
		for (const text of ['', 'soon', '1x', 'h1', '-5s', '1h30', '5 minutes', '1e3s']) expect(parseDuration(text)).toBeNull();
		expect(parseDuration(-1)).toBeNull();
		expect(parseDuration(Number.NaN)).toBeNull();
	});

	it('--duration 1h30m is accepted, and a flag reads a sum of units as the plan does', () => {
		expect(durationOption('1h30m', '--duration', 60_000)).toBe(5_400_000);
		expect(durationOption('1m30s', '--wait', 10_000)).toBe(90_000);
		expect(alertsSchema.parse({after: '1m30s'}).after).toBe(90_000);
		expect(durationOption(undefined, '--duration', 60_000)).toBe(60_000);
	});

	it('a flag refuses a bad or zero duration with what to write', () => {
		expect(() => durationOption('soon', '--duration', 1000)).toThrow('--duration takes a duration like 90s, 3m or 1h, not "soon".');
		expect(() => durationOption('0s', '--wait', 1000)).toThrow('--wait must be longer than zero.');
		try {
			durationOption('1h30', '--duration', 1000);
		} catch (error) {
			expect(error).toBeInstanceOf(DiemcauError);
			expect((error as DiemcauError).exitCode).toBe(2);
		}
	});
});
