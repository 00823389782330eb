import process from 'node:process';
import Conf from 'conf';
import type {Lang} from '../i18n/strings.js';
import type {View} from './keymap.js';
import type {SortOrder} from './view-state.js';

// Operator preferences kept between runs with `conf`: language, sort order, the last plan
// opened and the view last used. Preferences only: never events or samples (those go to the journal).

/** The stored preferences. */
export interface Prefs {
	lang?: Lang;
	sort?: SortOrder;
	lastPlan?: string;
	/** The view last used, per plan file (a new plan opens on the main view). */
	views?: Record<string, RememberedView>;
}

/** A view worth reopening. */
export type RememberedView = Exclude<View, 'help' | 'detail'>;

const schema = {
	lang: {type: 'string', enum: ['vi', 'en']},
	sort: {type: 'string', enum: ['worst', 'name', 'plan']},
	lastPlan: {type: 'string'},
	views: {type: 'object', additionalProperties: {type: 'string', enum: ['main', 'attendance', 'agenda']}},
} as const;

/** Read and write preferences; a broken or unwritable config never stops the dashboard. */
export class PrefsStore {
	private conf: Conf<Prefs> | null;
	private memory: Prefs = {};

	/** `cwd` (or env DIEMCAU_CONFIG_DIR) puts the config file elsewhere, for tests and portable installs. */
	constructor(options: {cwd?: string} = {}) {
		const cwd = options.cwd ?? process.env.DIEMCAU_CONFIG_DIR;
		try {
			this.conf = new Conf<Prefs>({projectName: 'diemcau', schema: schema as never, clearInvalidConfig: true, ...(cwd ? {cwd} : {})});
		} catch {
			this.conf = null;
		}
	}

	/** All preferences. */
	get(): Prefs {
		if (!this.conf) return {...this.memory};
		try {
			return {...this.conf.store};
		} catch {
			return {...this.memory};
		}
	}

	/** Remember some preferences (ignored, silently, when the config cannot be written). */
	set(prefs: Prefs): void {
		this.memory = {...this.memory, ...prefs};
		if (!this.conf) return;
		try {
			for (const [key, value] of Object.entries(prefs)) {
				if (value !== undefined) this.conf.set(key as keyof Prefs, value as never);
			}
		} catch {
			// A read-only home must not stop the meeting; the preference is kept for this run.
		}
	}

	/** The view last used with this plan file; the main view for a plan never opened. */
	viewFor(planFile: string): RememberedView {
		return this.get().views?.[planFile] ?? 'main';
	}

	/** Remember the view used with this plan file (at most 50 plans are remembered). */
	setView(planFile: string, view: RememberedView): void {
		const views = Object.entries({...this.get().views}).filter(([file]) => file !== planFile);
		this.set({views: Object.fromEntries([...views.slice(-49), [planFile, view]])});
	}

	/** Where the preferences live (shown in help and errors). */
	get path(): string | null {
		return this.conf?.path ?? null;
	}
}

/**
 * A screen's own preferences (its sort order, the view per plan), written once keys go quiet.
 * `conf` writes synchronously (read, validate, write, fsync, rename): on a key's path that held
 * the key's frame back, so a key only notes the change, and a burst of keys is one write.
 */
export class DeferredPrefs {
	readonly #prefs: PrefsStore;
	readonly #delayMs: number;
	#sort: SortOrder | null = null;
	readonly #views = new Map<string, RememberedView>();
	#timer: NodeJS.Timeout | null = null;

	/** Writes to `prefs` `delayMs` after the last change (and on flush). */
	constructor(prefs: PrefsStore, delayMs = 1000) {
		this.#prefs = prefs;
		this.#delayMs = delayMs;
	}

	/** Remember the sort order (written later). */
	setSort(sort: SortOrder): void {
		this.#sort = sort;
		this.#schedule();
	}

	/** Remember the view used with this plan (written later). */
	setView(planKey: string, view: RememberedView): void {
		this.#views.delete(planKey);
		this.#views.set(planKey, view);
		this.#schedule();
	}

	/** Write what is pending now (the screen closes). */
	flush(): void {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		if (this.#sort !== null) this.#prefs.set({sort: this.#sort});
		for (const [planKey, view] of this.#views) this.#prefs.setView(planKey, view);
		this.#sort = null;
		this.#views.clear();
	}

	#schedule(): void {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = setTimeout(() => this.flush(), this.#delayMs);
		this.#timer.unref();
	}
}
