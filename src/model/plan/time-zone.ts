// IANA time zones (the plan's `session.timeZone`, e.g. Asia/Ho_Chi_Minh) with Intl only: pure,
// no clock. Every time the screens and the minutes show is the meeting's local time in its zone,
// whatever zone the laptop is set to.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
	let format = formatters.get(timeZone);
	if (!format) {
		format = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		});
		formatters.set(timeZone, format);
	}
	return format;
}

/** True when `timeZone` is an IANA zone this runtime knows ("Asia/Ho_Chi_Minh", "UTC"). */
export function isTimeZone(timeZone: string): boolean {
	try {
		formatter(timeZone);
		return true;
	} catch {
		return false;
	}
}

/** The zone's offset from UTC at an instant, in minutes east (Asia/Ho_Chi_Minh: 420). */
export function zoneOffsetMinutes(timeZone: string, epochMs: number): number {
	const parts: Record<string, number> = {};
	for (const part of formatter(timeZone).formatToParts(new Date(epochMs)))
		if (part.type !== 'literal') parts[part.type] = Number(part.value);
	const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour! % 24, parts.minute!, parts.second!);
	return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60_000);
}

/** The zone's offset at a local date ("2021-11-25") and time ("08:00") in it. */
export function zoneOffsetAtLocal(timeZone: string, date: string, time: string): number {
	const [year, month, day] = date.split('-').map(Number) as [number, number, number];
	const [hour, minute] = time.split(':').map(Number) as [number, number];
	const naive = Date.UTC(year, month - 1, day, hour, minute);
	// Two passes settle the offset on either side of a DST change.
	const first = zoneOffsetMinutes(timeZone, naive);
	return zoneOffsetMinutes(timeZone, naive - first * 60_000);
}

/** Local date "2026-12-01" and time "15:04" of an instant in a zone (the demo's "today, now"). */
export function localDateTime(timeZone: string, epochMs: number): {date: string; time: string} {
	const shifted = new Date(epochMs + zoneOffsetMinutes(timeZone, epochMs) * 60_000).toISOString();
	return {date: shifted.slice(0, 10), time: shifted.slice(11, 16)};
}

/** "UTC+07:00" for an offset in minutes. */
export function utcOffsetLabel(minutes: number): string {
	const sign = minutes < 0 ? '-' : '+';
	const abs = Math.abs(minutes);
	return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
