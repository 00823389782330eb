import type {Command} from '../command.js';
import {DiemcauError} from '../errors.js';

// Placeholder until the command lands; replaced by its own issue's work.
export const command: Command = {
	help: 'Usage: diemcau run (not built yet)',
	async run() {
		throw new DiemcauError('DIEMCAU_USAGE', '"run" is not built yet.');
	},
};
