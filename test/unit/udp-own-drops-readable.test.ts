import dgram from 'node:dgram';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {ownDropsReadable, udpReceiveDrops} from '../../probes/udp-own-drops.js';
import {statusJson, statusTable, type StatusSite} from '../../src/documents/status-output.js';
import {hubUdpDropsOf} from '../../src/commands/status.js';
import {LinkTracker} from '../../src/model/link/link-stats.js';
import {DEFAULT_THRESHOLDS} from '../../src/model/plan/plan.js';

// Whether the hub can know its own UDP drops: on Linux, from /proc; elsewhere unknown (null),
// which a screen must show as "not available on this system", never as none.

describe('the own UDP drops: known or unknown', () => {
	it('on this Linux machine: readable, a count for a bound socket, unknown (null) with no socket', async () => {
		expect(process.platform).toBe('linux');
		expect(ownDropsReadable()).toBe(true);
		expect(udpReceiveDrops([])).toBeNull();
		const socket = dgram.createSocket('udp4');
		await new Promise<void>(resolve => socket.bind(0, '127.0.0.1', resolve));
		try {
			expect(udpReceiveDrops([socket.address().port])).toBe(0);
		} finally {
			socket.close();
		}
	});
});

describe('status where the own UDP drops cannot be read', () => {
	const site: StatusSite = {
		id: 'pho-an',
		name: 'Xã Phổ An',
		mode: 'agent',
		link: new LinkTracker({window: 60, downAfter: 3, upAfter: 2, thresholds: DEFAULT_THRESHOLDS}, 0).snapshot(1),
	};

	it('no /proc table to read (as on Windows): unreadable, and status says "unavailable", never 0', () => {
		const missing = path.join(tmpdir(), `diemcau-no-proc-${process.pid}`, 'net', 'udp');
		expect(ownDropsReadable([missing])).toBe(false);
		const drops = hubUdpDropsOf({udpReceiveDrops: 0}, [missing]);
		expect(drops).toBe('unavailable');
		expect(hubUdpDropsOf({udpReceiveDrops: 0})).toBe(0);
		expect(JSON.parse(statusJson(new Date(0), [site], drops)).hubUdpDrops).toBe('unavailable');
		const en = statusTable([site], {color: false, lang: 'en', hubUdpDrops: drops}).trimEnd().split('\n');
		expect(en.at(-1)).toBe(
			"The hub's own UDP drops: not available on this system (no /proc/net/udp), so packet loss ↓ may include datagrams the hub itself dropped.",
		);
		const vi = statusTable([site], {color: false, lang: 'vi', hubUdpDrops: drops}).trimEnd().split('\n');
		expect(vi.at(-1)).toBe(
			'Số gói UDP do chính điểm cầu chính làm rơi: không đọc được trên hệ thống này (không có /proc/net/udp), nên tỷ lệ mất gói chiều ↓ có thể gồm cả những gói đó.',
		);
	});

	it('a count is said when the hub dropped some, nothing more when it dropped none', () => {
		expect(statusTable([site], {color: false, lang: 'en', hubUdpDrops: 0})).not.toMatch(/UDP drops|dropped/);
		expect(statusTable([site], {color: false, lang: 'en', hubUdpDrops: 3}).trimEnd().split('\n').at(-1)).toBe(
			'The hub itself dropped 3 UDP datagrams (its receive buffer was full): the loss of those moments is left out.',
		);
		expect(statusTable([site], {color: false, lang: 'vi', hubUdpDrops: 3}).trimEnd().split('\n').at(-1)).toBe(
			'Chính điểm cầu chính đã làm rơi 3 gói UDP (bộ đệm nhận bị đầy): tỷ lệ mất gói của những lúc đó không được tính.',
		);
		expect(JSON.parse(statusJson(new Date(0), [site], 3)).hubUdpDrops).toBe(3);
	});
});
