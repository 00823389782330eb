import {mkdirSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {alertText} from '../../components/AlertLine.js';
import {reasonForError} from '../../probes/disconnect-reason.js';
import {buildMinutes} from '../../src/documents/minutes.js';
import {minutesMarkdown} from '../../src/documents/report-markdown.js';
import {buildReport} from '../../src/documents/report.js';
import {statusJsonSite, statusTable} from '../../src/documents/status-output.js';
import {AlertRules} from '../../src/hub/alert-rules.js';
import {parseJournal} from '../../src/hub/journal-format.js';
import {Monitor} from '../../src/hub/monitor.js';
import {wordAlert} from '../../src/i18n/alert-words.js';
import {legacyReasonCode, reasonText} from '../../src/i18n/link-reason-words.js';
import {strings} from '../../src/i18n/strings.js';
import {LinkTracker} from '../../src/model/link/link-stats.js';
import {DEFAULT_THRESHOLDS} from '../../src/model/plan/plan.js';
import {loadPlan} from '../../src/plan/plan-file.js';
import {writePlan} from '../helpers/agents.js';
import {ENGLISH} from '../helpers/english.js';

// A link's reason is a code from where it arises to where it is shown: a Vietnamese screen, alert
// and status table word the code, so a reason whose English no text parser knows still reads in
// Vietnamese. Journals written before the code still give the same Vietnamese minutes.

const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-link-reasons-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/journals');

describe('link reasons as codes', () => {
	it('a token file that is a folder: the hub reports the site down, and every Vietnamese view says why in Vietnamese', async () => {
		const file = writePlan(dir, [
			{id: 'pho-an', name: 'Xã Phổ An', endpoint: 'ws://127.0.0.1:1/probe', token: 'tok-an'},
			{id: 'pho-chau', name: 'Xã Phổ Châu', endpoint: 'ws://127.0.0.1:2/probe', token: 'tok-chau'},
		]);
		const loaded = loadPlan(file);
		// A folder where the token file should be: readTokenFile refuses it by its kind.
		mkdirSync(path.join(dir, 'tokens', 'folder.token'));
		loaded.plan.sites[0]!.token = {file: 'tokens/folder.token'};
		loaded.plan.sites[1]!.token = {env: 'PHO_CHAU_TOKEN_UNSET'};
		const monitor = Monitor.fromPlan(loaded, {env: {}});
		monitor.start();
		try {
			const [an, chau] = monitor.sites();
			expect(an!.link.state).toBe('down');
			const reason = an!.link.error!;
			expect(reason.code).toBe('token-file-refused');
			// Its English (the journal's and --json's text) is one no reading-back parser knows…
			const english = reasonText(reason);
			expect(english).toMatch(/^token: token file .*folder\.token is a folder, not a file/);
			expect(legacyReasonCode(english).code).toBe('other');
			expect(statusJsonSite(an!)).toMatchObject({error: english, errorCode: 'token-file-refused'});

			// …yet the alert line, the alert sent to a phone and the status table say it in Vietnamese.
			const t = strings('vi');
			const line = alertText({kind: 'down', site: 'pho-an', reason}, t, () => 'Xã Phổ An');
			expect(line).toMatch(/^Xã Phổ An MẤT KẾT NỐI: mã truy cập: tệp mã \S+folder\.token là một thư mục, không phải tệp/);
			expect(line.replace(/\/\S+/g, '')).not.toMatch(ENGLISH);

			const rules = new AlertRules([{id: 'pho-an', name: 'Xã Phổ An'}], {afterMs: 1000, remindMs: 60_000, resolved: true}, 0);
			rules.link('pho-an', 'down', 'down', 0, reason);
			const [notice] = rules.evaluate(2000, {speaking: null, overrun: null});
			expect(notice!.message).toContain(english);
			const phone = wordAlert(notice!.text, 'vi');
			expect(phone).toContain('mã truy cập: tệp mã');
			expect(phone.replace(/\/\S+/g, '').replace(/\([^)]*\)/g, '')).not.toMatch(ENGLISH);

			const table = statusTable([an!, chau!], {color: false, lang: 'vi'});
			expect(table).toContain('là một thư mục, không phải tệp');
			expect(table).toContain('mã truy cập: chưa đặt biến môi trường PHO_CHAU_TOKEN_UNSET');
		} finally {
			await monitor.stop();
		}
	});

	it('an error Node words in a way no table knows still reaches a Vietnamese screen by its code', () => {
		const tracker = new LinkTracker({window: 60, downAfter: 3, upAfter: 2, thresholds: DEFAULT_THRESHOLDS}, 0);
		tracker.sample(10, 1000);
		tracker.sample(10, 2000);
		tracker.disconnected(
			3000,
			reasonForError(Object.assign(new Error('ssl: the peer cert is past its notAfter (v99 wording)'), {code: 'CERT_HAS_EXPIRED'})),
		);
		const error = tracker.snapshot(3000).error!;
		const shown = strings('vi').linkReason(error);
		expect(shown).toBe(
			'lỗi TLS: chứng chỉ đã hết hạn: hãy gia hạn chứng chỉ (hoặc xem lại đồng hồ máy) (ssl: the peer cert is past its notAfter (v99 wording))',
		);
	});

	it('a journal written before the code gives the same Vietnamese minutes (its English is read back)', () => {
		const bytes = readFileSync(path.join(fixtures, 'duc-pho-2021-restart.jsonl'));
		expect(bytes.toString()).toContain('"reasonCode":');
		const old = Buffer.from(bytes.toString().replace(/,"reasonCode":\{"code":"[^"]+","params":\{[^}]*\}\}/g, ''));
		expect(old.toString()).not.toContain('reasonCode');
		const minutes = (journal: Buffer) => {
			const {header, events} = parseJournal(journal, 'j.jsonl');
			const {report, details} = buildReport(header!, events);
			return minutesMarkdown(buildMinutes(report, details, 'vi'));
		};
		const now = minutes(bytes);
		expect(now).toContain('bị từ chối kết nối (agent chưa chạy hoặc sai cổng)');
		expect(now).toContain('không trả lời 3 lần đo liên tiếp');
		expect(minutes(old)).toBe(now);
	});

	it('a journalled code this version does not know falls back to the English text beside it', () => {
		const line = JSON.stringify({
			seq: 1,
			at: '2021-11-25T01:00:00.000Z',
			type: 'link-down',
			site: 'pho-an',
			grade: 'down',
			previous: 'good',
			reason: 'connection refused',
			reasonCode: {code: 'from-a-later-version', params: {}},
		});
		const header = readFileSync(path.join(fixtures, 'duc-pho-2021.jsonl'), 'utf8').split('\n')[0]!;
		const later = line
			.replace('"seq":1', '"seq":2')
			.replace('from-a-later-version', 'token-file-refused')
			.replace('"params":{}', '"params":{"problem":{"code":"a-later-kind","file":"x"}}');
		const {events} = parseJournal(Buffer.from(`${header}\n${line}\n${later}\n`), 'j.jsonl');
		expect(events).toHaveLength(2);
		for (const event of events) {
			expect(event).not.toHaveProperty('reasonCode');
			expect(event).toMatchObject({reason: 'connection refused'});
		}
	});
});
