import {defineWords} from './catalog.js';

// What the hub says about the datagrams its own UDP sockets dropped (a full receive buffer), in
// `status` and on the screen. The kernel counts them on Linux (/proc/net/udp); where it cannot be
// read (Windows has no /proc) the count is unknown, and unknown is said, never shown as none.

/** `status --json`'s `hubUdpDrops`: the count since the probes began, or "unavailable". */
export type HubUdpDrops = number | 'unavailable';

export const hubDropWords = defineWords<{
	'hub-udp-drops-unavailable': Record<string, never>;
	'hub-udp-drops': {count: number};
	'screen-label': Record<string, never>;
	'screen-unavailable': Record<string, never>;
}>({
	en: {
		'hub-udp-drops-unavailable': () =>
			"The hub's own UDP drops: not available on this system (no /proc/net/udp), so packet loss ↓ may include datagrams the hub itself dropped.",
		'hub-udp-drops': ({count}) =>
			`The hub itself dropped ${count} UDP datagram${count === 1 ? '' : 's'} (its receive buffer was full): the loss of those moments is left out.`,
		// The site detail view's row (its label fits the view's 24 columns).
		'screen-label': () => 'Own UDP drops',
		'screen-unavailable': () => 'not available on this system (↓ may include them)',
	},
	vi: {
		'hub-udp-drops-unavailable': () =>
			'Số gói UDP do chính điểm cầu chính làm rơi: không đọc được trên hệ thống này (không có /proc/net/udp), nên tỷ lệ mất gói chiều ↓ có thể gồm cả những gói đó.',
		'hub-udp-drops': ({count}) =>
			`Chính điểm cầu chính đã làm rơi ${count} gói UDP (bộ đệm nhận bị đầy): tỷ lệ mất gói của những lúc đó không được tính.`,
		'screen-label': () => 'Gói UDP rơi tại máy này',
		'screen-unavailable': () => 'không đọc được trên hệ thống này (chiều ↓ có thể gồm cả số gói này)',
	},
});

/** The footer line of `status` for the hub's own drops: none when the count is known to be 0. */
export function hubDropsLine(drops: HubUdpDrops, lang: 'vi' | 'en'): string | null {
	if (drops === 'unavailable') return hubDropWords.word({code: 'hub-udp-drops-unavailable', params: {}}, lang);
	return drops > 0 ? hubDropWords.word({code: 'hub-udp-drops', params: {count: drops}}, lang) : null;
}
