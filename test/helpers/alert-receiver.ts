import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import type {AlertPayload} from '../../src/hub/alert-hooks.js';

/** A local HTTP receiver for webhooks: every POSTed body (parsed), answered with `status()`. */
export async function startReceiver(status: () => number = () => 204) {
	const received: AlertPayload[] = [];
	let requests = 0;
	const server = createServer((req, res) => {
		let body = '';
		req.on('data', chunk => (body += chunk));
		req.on('end', () => {
			requests++;
			const code = status();
			if (code < 300) received.push(JSON.parse(body) as AlertPayload);
			res.writeHead(code).end();
		});
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/hook?key=secret-in-the-url`,
		received,
		get requests() {
			return requests;
		},
		close: () => new Promise<void>(resolve => server.close(() => resolve())),
	};
}
