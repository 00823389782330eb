import {readFileSync} from 'node:fs';
import {durationOption} from '../cli/command.js';
import type {OptionTable} from '../cli/options.js';
import {DiemcauError} from '../cli/errors.js';
import {says} from '../i18n/error-words.js';
import {parseHostPort} from '../model/plan/host-port.js';
import type {MonitorOptions} from '../hub/monitor.js';

// The flags every hub command shares for sites whose agent dials out (DESIGN.md "Connection
// direction"): where the hub listens, its certificate for wss://, and how long a one-shot
// command waits for agents to call.

/** The dial-out flags: parsed by every hub command, described in its help. */
export const LISTEN_OPTIONS = {
	listen: {
		type: 'string',
		arg: 'HOST:PORT',
		help: {
			en: 'listen there for the agents of "connect: dial-out" sites (behind NAT they call the hub; default: the plan\'s hub.listen); they dial ws://HOST:PORT/agent',
			vi: 'nghe tại đây các agent của điểm cầu "connect: dial-out" (sau NAT, agent gọi về điểm cầu chính; mặc định: hub.listen của kế hoạch); agent gọi vào ws://HOST:PORT/agent',
		},
	},
	'tls-cert': {
		type: 'string',
		arg: 'F',
		label: '--tls-cert F, --tls-key F',
		help: {
			en: "the hub's certificate and key (PEM): agents dial wss:// instead",
			vi: 'chứng chỉ và khóa (PEM) của điểm cầu chính: khi có, agent gọi bằng wss://',
		},
	},
	'tls-key': {type: 'string', hidden: true},
	wait: {
		type: 'string',
		arg: 'S',
		help: {
			en: 'how long a dial-out site may take to call before it counts as down, "not connected" (default 10s; agents call again within 5 s of losing the hub)',
			vi: 'thời gian chờ một điểm cầu dial-out gọi về trước khi coi là mất kết nối, "chưa kết nối" (mặc định 10s; agent gọi lại trong vòng 5 s sau khi mất liên lạc với điểm cầu chính)',
		},
	},
} as const satisfies OptionTable;

/** The dial-out flags as monitor options; a usage error (exit 2) saying what to fix. */
export function listenOptions(values: {
	listen?: string;
	wait?: string;
	'tls-cert'?: string;
	'tls-key'?: string;
}): Pick<MonitorOptions, 'listen' | 'tls' | 'waitMs'> {
	const options: Pick<MonitorOptions, 'listen' | 'tls' | 'waitMs'> = {};
	if (values.listen !== undefined) {
		const parsed = parseHostPort(values.listen);
		if (typeof parsed === 'string')
			throw new DiemcauError('DIEMCAU_OPTION_VALUE', says('option-host-port', {option: '--listen', value: values.listen}));
		options.listen = values.listen;
	}
	if (values.wait !== undefined) options.waitMs = durationOption(values.wait, '--wait', 10_000);
	if (Boolean(values['tls-cert']) !== Boolean(values['tls-key']))
		throw new DiemcauError('DIEMCAU_OPTION_CONFLICT', says('options-together', {first: '--tls-cert', second: '--tls-key'}));
	if (values['tls-cert']) options.tls = {cert: readPem(values['tls-cert'], '--tls-cert'), key: readPem(values['tls-key']!, '--tls-key')};
	return options;
}

function readPem(file: string, flag: string): string {
	try {
		return readFileSync(file, 'utf8');
	} catch (error) {
		throw new DiemcauError(
			'DIEMCAU_TLS',
			says('pem-unreadable', {option: flag, file, code: (error as NodeJS.ErrnoException).code ?? 'error'}),
		);
	}
}
