import type {LinkReason} from '../model/link/link-reasons.js';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import type {AlertSettings} from '../model/plan/alert-config.js';
import {AlertRules, type AlertName, type AlertNotice, type MeetingFacts} from './alert-rules.js';
import {hookFailure, hookFailureLine, hookFailureLogLine, wordAlert} from '../i18n/alert-words.js';
import type {Grade} from '../model/link/link-stats.js';
import type {SessionState} from '../model/meeting/session.js';
import {cleanText} from '../model/sanitize.js';
import {currentItem, itemElapsedMs} from '../model/meeting/session-view.js';
import {AlertHooks, type AlertHooksOptions, type AlertPayload, type HookResult} from './alert-hooks.js';

// The hub's alerts: link transitions from the Monitor and the meeting's state go into
// the pure rules (src/hub/alert-rules.ts) once a second; what they raise is journalled (firing
// and resolved, not reminders), told to the screen's alert line, and handed to the hooks, which
// run beside the hub and never hold it up. A failing hook is told to the alert line and the log.

/** What the alerts read and where they tell things. */
export interface HubAlertsOptions {
	sites: ReadonlyArray<{id: string; name: string}>;
	settings: AlertSettings;
	/** The plan's folder: a relative command runs from there. */
	planDir: string;
	links: {
		onChange(
			listener: (change: {site: string; type: 'down' | 'up' | 'grade' | 'measured'; grade: Grade; at: number; reason?: LinkReason}) => void,
		): () => void;
		isDown(site: string): boolean;
	};
	meeting?: {
		readonly state: SessionState;
		now(): number;
		recordAlert(alert: Pick<AlertPayload, 'alert' | 'state' | 'site' | 'message'>): void;
	};
	/** A line for the hub's log (serve: stderr). */
	log: (line: string) => void;
	/** A line for the screen's alert line (run), if there is a screen: storms and hook failures. */
	show?: (line: string) => void;
	/** Monotonic ms (default performance.now), the same clock as the link changes'. */
	clock?: () => number;
	/** Wall-clock epoch ms for the JSON's `at` (default Date.now). */
	wallClock?: () => number;
	/** Hook limits (tests shorten them). */
	hooks?: Omit<AlertHooksOptions, 'command' | 'webhook' | 'cwd'>;
	/** How often the rules are evaluated (default 1000 ms). */
	tickMs?: number;
	/** The language of the hooks' `message` and of the screen's lines (default en); `messageEn`, the journal and the log stay English. */
	lang?: 'vi' | 'en';
}

/** Facts the rules need from the meeting at `now` (epoch ms). */
export function meetingFacts(state: SessionState, now: number): MeetingFacts {
	if (state.endedAt !== null) return {speaking: null, overrun: null};
	const item = currentItem(state);
	const live = item.status === 'running' || item.status === 'paused';
	const speaking = live ? (item.speakers?.current?.site ?? null) : null;
	const overrun =
		item.status === 'running' && itemElapsedMs(item, now) > item.plannedMs
			? {item: item.id, title: item.title, plannedMs: item.plannedMs}
			: null;
	return {speaking, overrun};
}

/** Alert rules + journal + hooks for one hub. */
export class HubAlerts {
	private readonly options: HubAlertsOptions;
	private readonly rules: AlertRules;
	private readonly hooks: AlertHooks;
	private readonly clock: () => number;
	private readonly wallClock: () => number;
	private offChange: (() => void) | null = null;
	private timer: NodeJS.Timeout | null = null;
	private failures = 0;
	private lastFailure: string | null = null;

	constructor(options: HubAlertsOptions) {
		this.options = options;
		this.clock = options.clock ?? (() => performance.now());
		this.wallClock = options.wallClock ?? (() => Date.now());
		const {settings} = options;
		this.rules = new AlertRules(
			options.sites,
			{afterMs: settings.after, remindMs: settings.remind, resolved: settings.resolved},
			this.clock(),
		);
		this.hooks = new AlertHooks(
			{
				...options.hooks,
				...(settings.command ? {command: resolveCommand(settings.command, options.planDir)} : {}),
				...(settings.webhook ? {webhook: settings.webhook} : {}),
				cwd: options.planDir,
			},
			result => this.hookDone(result),
		);
	}

	/** Listen to the links and evaluate every tick. */
	start(): void {
		if (this.timer) return;
		this.offChange = this.options.links.onChange(change =>
			this.rules.link(change.site, change.type, change.grade, change.at, change.reason),
		);
		// Started after probing (a hub add-on): sites already down count from now.
		const now = this.clock();
		for (const site of this.options.sites) if (this.options.links.isDown(site.id)) this.rules.link(site.id, 'down', 'down', now);
		this.timer = setInterval(() => this.tick(), this.options.tickMs ?? 1000);
		this.timer.unref();
	}

	/** Stop evaluating; wait a little for hooks under way. */
	async stop(): Promise<void> {
		if (this.timer) clearInterval(this.timer);
		this.timer = null;
		this.offChange?.();
		this.offChange = null;
		await this.hooks.close();
	}

	/** Alerts firing by name and hook failures so far (for /metrics). */
	stats(): {firing: Record<AlertName, number>; hookFailures: number} {
		return {firing: this.rules.firingCounts(), hookFailures: this.failures};
	}

	/** The last hook failure in words, or null. */
	get lastHookFailure(): string | null {
		return this.lastFailure;
	}

	private tick(): void {
		const meeting = this.options.meeting;
		const facts = meeting ? meetingFacts(meeting.state, meeting.now()) : {speaking: null, overrun: null};
		let notices: AlertNotice[];
		try {
			notices = this.rules.evaluate(this.clock(), facts);
		} catch (error) {
			this.options.log(`alert rules failed: ${(error as Error).message}`);
			return;
		}
		for (const notice of notices) this.raise(notice);
	}

	private raise(notice: AlertNotice): void {
		// Site names (the plan) and reasons (the far side) go to phones and terminals: no controls, capped.
		const lang = this.options.lang ?? 'en';
		const messageEn = cleanText(notice.message, 300);
		const message = lang === 'en' ? messageEn : cleanText(wordAlert(notice.text, lang), 300);
		const payload: AlertPayload = {
			alert: notice.alert,
			state: notice.state,
			site: notice.site,
			at: new Date(this.wallClock()).toISOString(),
			message,
			messageEn,
			lang,
		};
		if (!notice.reminder)
			this.options.meeting?.recordAlert({alert: payload.alert, state: payload.state, site: payload.site, message: messageEn});
		// The screen shows downs, the speaker's link and overruns by itself; a storm says more.
		if (notice.alert === 'storm') this.options.show?.(lang === 'vi' ? `CẢNH BÁO: ${message}` : `ALERT storm: ${message}`);
		// The log's head ("ALERT site-down:") is the same in every language, for grep; the journal keeps the English.
		this.options.log(`${notice.state === 'firing' ? 'ALERT' : 'resolved'} ${notice.alert}: ${message}`);
		this.hooks.send(payload);
	}

	private hookDone(result: HookResult): void {
		if (result.ok) return;
		this.failures++;
		const failure = result.failure ?? hookFailure('other', {text: 'unknown error'});
		const lang = this.options.lang ?? 'en';
		this.lastFailure = hookFailureLine(result.payload.alert, result.payload.site, failure, 'en');
		this.options.show?.(hookFailureLine(result.payload.alert, result.payload.site, failure, lang));
		// The log keeps its head ("alert hook failed (site-down pho-an):") in every language, for grep.
		this.options.log(hookFailureLogLine(result.payload.alert, result.payload.site, failure, lang));
	}
}

// `./notify.sh` is the plan folder's; a bare name (`notify-send`) is looked up on PATH.
function resolveCommand(command: readonly string[], planDir: string): string[] {
	const [program, ...args] = command as [string, ...string[]];
	const local = program.startsWith('./') || program.startsWith('../');
	return [local ? path.resolve(planDir, program) : program, ...args];
}
