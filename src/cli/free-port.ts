import {createServer, type AddressInfo} from 'node:net';

/**
 * A TCP port free on loopback now, for a listener whose address others must be told before it
 * opens (the demo's hub listener, test and bench hubs). Another program may take it meanwhile;
 * the callers' listeners then fail with EADDRINUSE, said in words.
 */
export async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	await new Promise<void>(resolve => server.close(() => resolve()));
	return port;
}
