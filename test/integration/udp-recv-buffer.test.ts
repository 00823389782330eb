import {readFileSync} from 'node:fs';
import {performance} from 'node:perf_hooks';
import {afterEach, describe, expect, it} from 'vitest';
import {UdpHub} from '../../probes/udp-hub.js';
import {udpWords, type UdpNote} from '../../src/i18n/udp-words.js';

// The hub asks its UDP socket for a receive buffer big enough to ride out a pause of its loop;
// Linux grants at most net.core.rmem_max. A smaller buffer than asked is said (a note the log
// prints), with the figures the kernel gave, never hidden.

const linux = process.platform === 'linux';
let hub: UdpHub | undefined;

afterEach(async () => {
	await hub?.stop();
	hub = undefined;
});

const rmemMax = () => Number(readFileSync('/proc/sys/net/core/rmem_max', 'utf8').trim());

describe("the hub's UDP receive buffer", () => {
	it.skipIf(!linux)('says so when the system grants less than asked, with what it granted', async () => {
		const max = rmemMax();
		const asked = max * 4;
		const notes: UdpNote[] = [];
		hub = new UdpHub(5, () => performance.now(), {recvBufferBytes: asked, note: note => notes.push(note)});
		await hub.portFor('127.0.0.1');
		expect(notes).toEqual([{code: 'udp-recv-buffer-capped', params: {asked, granted: max}}]);
		expect(hub.recvBufferCapped).toEqual({asked, granted: max});
		expect(udpWords.word(notes[0]!, 'en')).toContain(`sysctl -w net.core.rmem_max=${asked}`);
	});

	it.skipIf(!linux)('says nothing when it grants what was asked', async () => {
		const notes: UdpNote[] = [];
		hub = new UdpHub(5, () => performance.now(), {recvBufferBytes: Math.min(rmemMax(), 1 << 20), note: note => notes.push(note)});
		await hub.portFor('127.0.0.1');
		expect(notes).toEqual([]);
		expect(hub.recvBufferCapped).toBeNull();
	});
});
