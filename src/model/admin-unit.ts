// What to call a hub or a site in a sentence, from its own name and `kind`, never from an
// assumed level: after the 2025 reform a hub may be a province and its sites communes, wards
// and special zones (đặc khu); before it, a town (thị xã) and its communes and wards. Pure.

/** Kinds a plan gives its hub and sites (src/model/plan.ts). */
export type UnitKind = 'province' | 'district' | 'commune' | 'ward' | 'special-zone' | 'other';

// Vietnamese unit names start with their level; the longest first ("thành phố" before "thị").
const LEADS = ['đặc khu', 'thị trấn', 'thị xã', 'thành phố', 'phường', 'xã', 'huyện', 'quận', 'tỉnh'] as const;

const BY_KIND: Partial<Record<UnitKind, string>> = {province: 'tỉnh', commune: 'xã', ward: 'phường', 'special-zone': 'đặc khu'};

/**
 * The Vietnamese noun for a unit ("xã", "phường", "đặc khu", "tỉnh", "thị xã"), lower case: the
 * level its name begins with, else its kind's, else null (the caller says "điểm cầu").
 */
export function unitNounVi(name: string, kind: UnitKind = 'other'): string | null {
	const lead = name.normalize('NFC').trim().toLocaleLowerCase('vi');
	for (const word of LEADS) if (lead === word || lead.startsWith(`${word} `)) return word;
	return BY_KIND[kind] ?? null;
}
