// Module resolution hooks that give Ink 6.8 three of its text modules with bounded caches
// (widest-line.ts, measure-text.ts, wrap-text.ts beside this file); every other import resolves as
// it would without them. Installed by ink-text-caches.ts before Ink is first imported; on another
// Ink minor, or a Node before 22.15, they are not installed at all: Ink measures as it always did.

/** Where Ink's build and the stand-ins are (file URLs, each ending in a slash). */
export interface InkTextHookData {
	inkBuild: string;
	standIns: string;
}

interface ResolveContext {
	parentURL?: string | undefined;
	conditions?: readonly string[];
	importAttributes?: Record<string, string>;
}
type Resolved = {url: string; format?: string | null; shortCircuit?: boolean};
type NextResolve = (specifier: string, context?: ResolveContext) => Resolved | Promise<Resolved>;

/** In which of Ink's files which import is given which stand-in. */
const STAND_INS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
	'render-node-to-output.js': {'widest-line': 'widest-line.js', './wrap-text.js': 'wrap-text.js'},
	'dom.js': {'./measure-text.js': 'measure-text.js', './wrap-text.js': 'wrap-text.js'},
};
/** The stand-ins' own files, as built (.js) or run from source (.ts). */
const STAND_IN_FILE = /^(widest-line|measure-text|wrap-text)\.[jt]s$/;

let where: InkTextHookData | null = null;

/** Called once with where Ink and the stand-ins are. */
export function initialize(data: InkTextHookData): void {
	where = data;
}

const bare = (specifier: string) => !/^(\.|\/|[a-z]+:)/.test(specifier);

/** Ink's text modules to their stand-ins; the stand-ins' own packages (Ink's dependencies) as Ink resolves them. */
export function resolve(specifier: string, context: ResolveContext, next: NextResolve): Resolved | Promise<Resolved> {
	const parent = context.parentURL;
	if (where && parent) {
		if (parent.startsWith(where.inkBuild)) {
			const standIn = STAND_INS[parent.slice(where.inkBuild.length)]?.[specifier];
			// Resolved from this folder, so a loader that runs the sources (tsx) finds them too.
			if (standIn) return next(`./${standIn}`, {...context, parentURL: new URL('hooks.js', where.standIns).href});
		} else if (parent.startsWith(where.standIns) && STAND_IN_FILE.test(parent.slice(where.standIns.length)) && bare(specifier)) {
			return next(specifier, {...context, parentURL: new URL('wrap-text.js', where.inkBuild).href});
		}
	}
	return next(specifier, context);
}
