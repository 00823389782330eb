// A dial-out agent refused at the hub, in words for serve's log and the dashboard's alert line,
// in Vietnamese and English (a missing language is a compile error).

type Lang = 'vi' | 'en';

/** Why an agent was refused (probes' AgentRefusal): no site's token has its key id, or the proof is wrong. */
export type AgentRefusal = 'no-site' | 'bad-proof';

const words: Record<Lang, (from: string, why: AgentRefusal, more: number) => string> = {
	en: (from, why, more) =>
		`a dial-out agent from ${from} was refused: ${why === 'no-site' ? 'its token is that of no dial-out site in this plan (a wrong or old token file at the site, or an agent meant for another hub)' : "its proof does not match its site's token (a wrong token file at the site)"}${more > 0 ? ` (+${more} more refused since the last report)` : ''}`,
	vi: (from, why, more) =>
		`agent dial-out từ ${from} bị từ chối: ${why === 'no-site' ? 'token của nó không thuộc điểm cầu dial-out nào trong kế hoạch này (tệp token ở điểm cầu sai hoặc đã cũ, hay agent này dành cho điểm cầu chính khác)' : 'chứng thực của nó không khớp với token của điểm cầu (tệp token ở điểm cầu bị sai)'}${more > 0 ? ` (thêm ${more} lần từ chối khác kể từ lần báo trước)` : ''}`,
};

/** The refusal in a language. */
export function wordAgentRefusal(refusal: {from: string; why: AgentRefusal; more: number}, lang: Lang): string {
	return words[lang](refusal.from, refusal.why, refusal.more);
}
