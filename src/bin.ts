#!/usr/bin/env node
import process from 'node:process';
import {main, reportError} from './commands/cli.js';
import {errorLang} from './cli/lang-option.js';

main(process.argv.slice(2)).then(
	code => {
		process.exitCode = code;
	},
	error => {
		process.exitCode = reportError(error, errorLang(process.argv.slice(2)));
	},
);
