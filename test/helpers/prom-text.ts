/** One sample line of the Prometheus text format. */
export interface PromSample {
	name: string;
	labels: Record<string, string>;
	value: number;
}

/** A parsed exposition: HELP and TYPE per family, every sample, and the problems found. */
export interface PromExposition {
	help: Map<string, string>;
	type: Map<string, string>;
	samples: PromSample[];
	problems: string[];
}

/** Parse the Prometheus text format (0.0.4) strictly enough to catch what a scraper would reject. */
export function parseProm(text: string): PromExposition {
	const help = new Map<string, string>();
	const type = new Map<string, string>();
	const samples: PromSample[] = [];
	const problems: string[] = [];
	const lines = text.split('\n');
	lines.forEach((line, index) => {
		if (line === '') return;
		const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
		if (meta) {
			const map = meta[1] === 'HELP' ? help : type;
			if (map.has(meta[2]!)) problems.push(`line ${index + 1}: second ${meta[1]} for ${meta[2]}`);
			map.set(meta[2]!, meta[3]!);
			return;
		}
		if (line.startsWith('#')) return;
		const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
		if (!sample) {
			problems.push(`line ${index + 1}: not a sample: ${line}`);
			return;
		}
		const labels: Record<string, string> = {};
		if (sample[2]) {
			for (const pair of sample[2].matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/g)) labels[pair[1]!] = pair[2]!;
		}
		const value = sample[3] === '+Inf' ? Infinity : sample[3] === '-Inf' ? -Infinity : Number(sample[3]);
		if (Number.isNaN(value) && sample[3] !== 'NaN') problems.push(`line ${index + 1}: bad value ${sample[3]}`);
		samples.push({name: sample[1]!, labels, value});
	});
	return {help, type, samples, problems};
}

/** The family a sample belongs to (histogram and summary parts share their family's HELP/TYPE). */
export function familyOf(name: string, types: Map<string, string>): string {
	for (const suffix of ['_bucket', '_sum', '_count']) {
		if (name.endsWith(suffix)) {
			const base = name.slice(0, -suffix.length);
			if (types.get(base) === 'histogram' || types.get(base) === 'summary') return base;
		}
	}
	return name;
}
