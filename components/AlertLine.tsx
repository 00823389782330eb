import {Text} from 'ink';
import {useUi} from './context.js';
import {formatDuration, truncate, widthOf} from '../src/dashboard/format.js';
import type {Strings} from '../src/i18n/strings.js';
import type {Alert} from '../src/dashboard/snapshot.js';

/** Props of the alert line. */
export interface AlertLineProps {
	alerts: readonly Alert[];
	/** Site id → display name. */
	nameOf: (site: string) => string;
	width: number;
	/** Sites not graded yet (waiting, measuring): while any are, nothing is "all clear". */
	ungraded?: number;
}

/** An alert in words. */
export function alertText(alert: Alert, t: Strings, nameOf: (site: string) => string): string {
	switch (alert.kind) {
		case 'down':
			return t.alertDown(nameOf(alert.site)) + (alert.reason ? `: ${t.linkReason(alert.reason)}` : '');
		case 'speaker':
			return t.alertSpeakerPoor(nameOf(alert.site), t[alert.grade]);
		case 'overrun':
			return t.alertOverrun(alert.item, formatDuration(alert.byMs));
		case 'journal':
			return t.alertJournal(alert.failure ?? null, alert.why);
		case 'refused':
			return t.alertRefused(alert.refusal ? t.refusal(alert.refusal) : alert.why);
		case 'viewer':
			return t.alertViewer;
		case 'coreLost':
			return t.alertCoreLost;
		case 'coreBack':
			return t.alertCoreBack;
		case 'udpLowered':
			return t.alertUdpLowered(alert.from, alert.to, alert.drops);
		case 'notice':
		case 'done':
			return alert.text;
	}
}

/** The most urgent alert, with how many more there are; "all clear" when none. */
export function AlertLine({alerts, nameOf, width, ungraded = 0}: AlertLineProps) {
	const {t, theme} = useUi();
	if (alerts.length === 0 && ungraded > 0) {
		return <Text wrap="truncate">{truncate(`… ${t.stillMeasuring(ungraded)}`, width)}</Text>;
	}
	if (alerts.length === 0) {
		return (
			<Text wrap="truncate" color={theme.text.ok}>
				{truncate(`✔ ${t.allClear}`, width)}
			</Text>
		);
	}
	// The count is said in words ("+2 more alerts"), sized for the widest it can be.
	const more = alerts.length > 1 ? ` ${t.moreAlerts(alerts.length - 1)}` : '';
	const texts = alerts.map(alert => alertText(alert, t, nameOf));
	// Several alerts share the line while they fit; the count says how many did not.
	// What a key did reads as done (✔), not as a warning.
	let line = `${alerts[0]!.kind === 'done' ? '✔' : '⚠'} ${texts[0]}`;
	let shown = 1;
	while (shown < texts.length && widthOf(`${line} · ${texts[shown]}`) + widthOf(more) < width) {
		line += ` · ${texts[shown]}`;
		shown++;
	}
	const rest = alerts.length - shown;
	return (
		<Text wrap="truncate" color={theme.text.alert} bold>
			{rest > 0 ? `${truncate(line, Math.max(1, width - widthOf(` ${t.moreAlerts(rest)}`)))} ${t.moreAlerts(rest)}` : truncate(line, width)}
		</Text>
	);
}
