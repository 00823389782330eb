import {createServer, type AddressInfo} from 'node:net';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {describe, expect, it} from 'vitest';

// A technician starting a second agent on a port already taken is told which port and what to do.

const bin = path.join(fileURLToPath(new URL('../..', import.meta.url)), 'dist/src/bin.js');

describe('diemcau agent on a busy port', () => {
	it('names the port and suggests --port, exit 2', async () => {
		const blocker = createServer();
		await new Promise<void>(resolve => blocker.listen(0, '127.0.0.1', resolve));
		const {port} = blocker.address() as AddressInfo;
		try {
			const result = await execa('node', [bin, 'agent', '--site', 'pho-an', '--port', String(port), '--simulate', 'good'], {
				reject: false,
				env: {DIEMCAU_TOKEN: '0123456789abcdef0123456789abcdef'},
				timeout: 20_000,
			});
			expect(result.exitCode).toBe(2);
			expect(result.stderr).toBe(
				`diemcau: cannot listen on 127.0.0.1:${port} (EADDRINUSE): port ${port} is already in use (another agent, or another program, is listening there): pick another with --port, e.g. --port ${port + 1}.`,
			);
		} finally {
			blocker.close();
		}
	});
});
