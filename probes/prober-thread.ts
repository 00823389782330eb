import {parentPort, workerData} from 'node:worker_threads';
import {performance} from 'node:perf_hooks';
import {Prober, type ProbeEvent, type ProbeTarget, type ProberOptions} from './prober.js';
import type {ToWorker, FromWorker} from './threaded-prober.js';

// The prober's worker thread: probes are sent and timed on a loop that renders nothing, so
// a busy dashboard cannot make a link look slow. Events go to the main thread in batches.

const FLUSH_MS = 20;
const data = workerData as {targets: ProbeTarget[]; options: Omit<ProberOptions, 'clock'>; mainTimeOrigin: number};
const port = parentPort!;
// Event times on the main thread's performance.now() scale, so the Monitor can compare them.
const shift = performance.timeOrigin - data.mainTimeOrigin;
const clock = () => performance.now() + shift;

let batch: ProbeEvent[] = [];
let timer: NodeJS.Timeout | undefined;
const post = (message: FromWorker) => port.postMessage(message);
const flush = () => {
	timer = undefined;
	if (batch.length === 0) return;
	post({type: 'events', events: batch, stats: prober.stats()});
	batch = [];
};

const targets = data.targets.map(target => (target.ca ? {...target, ca: Buffer.from(target.ca as Uint8Array)} : target));
const prober = new Prober(targets, {...data.options, clock}, event => {
	batch.push(event);
	timer ??= setTimeout(flush, FLUSH_MS);
});

port.on('message', (message: ToWorker) => {
	switch (message.type) {
		case 'start':
			prober.start();
			void prober.listening().then(result => post({type: 'listening', result}));
			return;
		case 'send':
			prober.sendToSite(message.site, message.frame);
			return;
		case 'stop':
			void prober.stop().then(() => {
				flush();
				post({type: 'stopped'});
			});
			return;
		case 'bandwidth':
			void prober.bandwidth(message.site, message.opts).then(result => post({type: 'bandwidth', id: message.id, result}));
			return;
		case 'video':
			void prober.videoLoad(message.site, message.kbps, message.ms).then(result => post({type: 'video', id: message.id, result}));
	}
});
