import type {UdpNoteParams} from '../model/udp-note.js';
import {defineWords, type Lang} from './catalog.js';
import {formatFixed} from './numbers.js';

// What the hub's UDP test stream says while it runs, in `serve`'s log and on the screen: its rate
// lowered on the hub's own measured drops and raised again after a calm spell, a receive buffer
// the kernel granted smaller than asked, and a site's session moved to a new address on an
// authenticated packet (a NAT rebinding). Each arises on the prober's thread as a code and its
// figures, and is worded where it is shown.

export type {UdpNote, UdpNoteParams} from '../model/udp-note.js';

const kib = (bytes: number, lang: Lang) => formatFixed(bytes / 1024, 0, lang);
const rate = (pps: number, lang: Lang) => formatFixed(pps, Number.isInteger(pps) ? 0 : 2, lang);

export const udpWords = defineWords<UdpNoteParams>({
	en: {
		'udp-rate-lowered': p =>
			`UDP: the hub's own socket dropped ${formatFixed(p.drops, 0, 'en')} datagrams (the hub fell behind, not the lines): the test stream is lowered from ${rate(p.from, 'en')} to ${rate(p.to, 'en')} packets a second a site`,
		'udp-rate-raised': p =>
			`UDP: the hub's own socket dropped nothing for ${p.calmS} s: the test stream is raised from ${rate(p.from, 'en')} to ${rate(p.to, 'en')} packets a second a site (the plan's rate: ${rate(p.plan, 'en')})`,
		'udp-recv-buffer-capped': p =>
			`UDP: the system granted the hub's socket a ${kib(p.granted, 'en')} KiB receive buffer, not the ${kib(p.asked, 'en')} KiB asked: a longer pause of the hub drops datagrams. On Linux raise it: sysctl -w net.core.rmem_max=${p.asked}`,
		'udp-peer-moved': p =>
			`UDP: site ${p.site}: the test stream now answers at ${p.to} instead of ${p.from} (an authenticated packet came from there: a NAT rebinding or a new network)${p.more > 0 ? `; ${p.more} more such moves since the last line` : ''}`,
	},
	vi: {
		'udp-rate-lowered': p =>
			`UDP: chính socket của điểm cầu chính đã làm rơi ${formatFixed(p.drops, 0, 'vi')} gói (máy chủ xử lý không kịp, không phải lỗi đường truyền): luồng đo được giảm từ ${rate(p.from, 'vi')} xuống ${rate(p.to, 'vi')} gói mỗi giây cho mỗi điểm cầu`,
		'udp-rate-raised': p =>
			`UDP: chính socket của điểm cầu chính không làm rơi gói nào trong ${p.calmS} giây: luồng đo được tăng lại từ ${rate(p.from, 'vi')} lên ${rate(p.to, 'vi')} gói mỗi giây cho mỗi điểm cầu (theo kế hoạch: ${rate(p.plan, 'vi')})`,
		'udp-recv-buffer-capped': p =>
			`UDP: hệ thống chỉ cấp cho socket của điểm cầu chính bộ đệm nhận ${kib(p.granted, 'vi')} KiB, không phải ${kib(p.asked, 'vi')} KiB như yêu cầu: máy chủ chậm lâu hơn thế sẽ làm rơi gói. Trên Linux, hãy tăng giới hạn: sysctl -w net.core.rmem_max=${p.asked}`,
		'udp-peer-moved': p =>
			`UDP: điểm cầu ${p.site}: luồng đo nay trả lời từ ${p.to} thay cho ${p.from} (một gói đã xác thực đến từ địa chỉ đó: NAT đổi cổng hoặc máy chuyển mạng)${p.more > 0 ? `; thêm ${p.more} lần chuyển như vậy kể từ dòng trước` : ''}`,
	},
});
