/**
 * Work logs through the api: log days (two logs of one day count once; a log written after
 * midnight, Beijing time, is the next day's), same-day edits with their history, the photo
 * limit, staff reading and commenting in scope, and log days feeding the allowance.
 */
import { startTestCloud, type TestCloud } from '../../../test/harness';
import { seedDemo } from '../../../scripts/demo/seed';
import { db } from '../../platform/cloud';
import { DEFAULT_SCORING_RULES } from '../scoring/schema';

const CADRE = 'demo-fs-shibadong'; // 蒋文博, 十八洞村 (双龙镇, 花垣县)
const CADRE_ID = 'p-fs-shibadong';
const TOWN = 'demo-sl-staff'; // 双龙镇
const COUNTY = 'demo-hy-staff'; // 花垣县
const OTHER_COUNTY = 'demo-bj-staff'; // 保靖县
const OTHER_CADRE = 'demo-tm-shibadong-1';

let t: TestCloud;
let n = 0;
const cid = () => `worklog-${++n}-abcdefgh`;
const at = (iso: string) => t.cloud.clock.set(iso, { frozen: true });
const text = (s: string) => `${s}：走访了三组的五户脱贫户，了解产业分红和医保缴纳情况。`;

async function upload(openid: string, cloudPath: string): Promise<string> {
  const form = new FormData();
  form.append('cloudPath', cloudPath);
  form.append('file', new Blob([Buffer.from('jpeg')]), 'x.jpg');
  const res = await fetch(`${t.cloud.url}/_local/upload`, { method: 'POST', body: form, headers: { 'x-openid': openid } });
  return ((await res.json()) as { data: { fileID: string } }).data.fileID;
}

beforeAll(async () => {
  t = await startTestCloud();
  at('2026-05-12T10:00:00+08:00');
  await seedDemo();
}, 60_000);
afterAll(() => t.stop());

it('counts a day with logs once, and a log written after midnight for the next day', async () => {
  at('2026-05-12T09:00:00+08:00');
  const a = await t.call('workLog.write', { clientId: cid(), text: text('上午') }, CADRE);
  expect(a).toMatchObject({ ok: true, data: { date: '2026-05-12', canEdit: true } });
  at('2026-05-12T20:00:00+08:00');
  expect(await t.call('workLog.write', { clientId: cid(), text: text('晚上') }, CADRE)).toMatchObject({ ok: true, data: { date: '2026-05-12' } });
  // 00:30 in Beijing is 16:30 UTC of the day before: the log is the 13th's.
  t.cloud.clock.set('2026-05-12T16:30:00Z', { frozen: true });
  expect(await t.call('workLog.write', { clientId: cid(), text: text('凌晨') }, CADRE)).toMatchObject({ ok: true, data: { date: '2026-05-13' } });
  const mine = await t.call('workLog.mine', { month: '2026-05' }, CADRE);
  expect(mine.data).toMatchObject({ month: '2026-05', logDays: 2 });
  expect(mine.data.items.map((i: any) => i.date)).toEqual(['2026-05-13', '2026-05-12', '2026-05-12']);
  // A retried write is the same log.
  const clientId = cid();
  const x = await t.call('workLog.write', { clientId, text: text('重试') }, CADRE);
  const y = await t.call('workLog.write', { clientId, text: text('重试') }, CADRE);
  expect(y.data.id).toBe(x.data.id);
  expect((await db.collection('workLogs').where({ personId: CADRE_ID }).count()).total).toBe(4);
});

it('edits the same day only, keeping what was replaced', async () => {
  at('2026-05-14T09:00:00+08:00');
  const w = await t.call('workLog.write', { clientId: cid(), text: text('初稿') }, CADRE);
  const e = await t.call('workLog.edit', { id: w.data.id, text: text('改后'), photoFileIds: [] }, CADRE);
  expect(e).toMatchObject({ ok: true, data: { text: text('改后'), edited: true, history: [{ text: text('初稿') }] } });
  expect(await t.call('workLog.edit', { id: w.data.id, text: text('别人改'), photoFileIds: [] }, OTHER_CADRE)).toMatchObject({ ok: false, code: 'not_found' });
  at('2026-05-15T08:00:00+08:00');
  expect(await t.call('workLog.edit', { id: w.data.id, text: text('第二天改'), photoFileIds: [] }, CADRE)).toMatchObject({ ok: false, code: 'too_late' });
  expect((await t.call('workLog.get', { id: w.data.id }, CADRE)).data).toMatchObject({ text: text('改后'), canEdit: false });
});

it('takes up to 9 photos from the cadre’s own folder, and refuses more, writing nothing', async () => {
  at('2026-05-18T10:00:00+08:00');
  const photos = [];
  for (let i = 0; i < 10; i++) photos.push(await upload(CADRE, `worklogs/${CADRE_ID}/p${i}.jpg`));
  const before = (await db.collection('workLogs').count()).total;
  expect(await t.call('workLog.write', { clientId: cid(), text: text('十张'), photoFileIds: photos }, CADRE)).toMatchObject({ ok: false, code: 'invalid_input' });
  const elsewhere = await upload(OTHER_CADRE, 'worklogs/p-someone-else/x.jpg');
  expect(await t.call('workLog.write', { clientId: cid(), text: text('别人的照片'), photoFileIds: [elsewhere] }, CADRE)).toMatchObject({ ok: false, code: 'invalid_input' });
  expect((await db.collection('workLogs').count()).total).toBe(before);
  const ok = await t.call('workLog.write', { clientId: cid(), text: text('九张'), photoFileIds: photos.slice(0, 9) }, CADRE);
  expect(ok).toMatchObject({ ok: true, data: { photos: 9 } });
  expect(ok.data.photoUrls).toHaveLength(9);
});

it('tags a log only with the cadre’s own check-in of that day', async () => {
  at('2026-05-19T09:10:00+08:00');
  const c = await t.call('checkin.submit', { clientId: cid(), lat: 28.3, lng: 109.5, accuracy: 20, capturedAt: new Date('2026-05-19T09:09:00+08:00').toISOString() }, CADRE);
  expect(c.ok).toBe(true);
  const checkinId = c.data.id ?? c.data.checkin?.id;
  expect(await t.call('workLog.write', { clientId: cid(), text: text('签到后'), checkinId }, CADRE)).toMatchObject({ ok: true, data: { checkinId } });
  expect(await t.call('workLog.write', { clientId: cid(), text: text('冒用'), checkinId }, OTHER_CADRE)).toMatchObject({ ok: false, code: 'invalid_input' });
});

it('lets staff in scope read a unit’s day and comment, and nobody else', async () => {
  at('2026-05-12T21:00:00+08:00');
  const list = await t.call('workLog.list', { unitId: 'town-shuanglong', date: '2026-05-12' }, TOWN);
  expect(list).toMatchObject({ ok: true, data: { total: 2, writers: 1 } });
  const id = list.data.items[0].id;
  expect(await t.call('workLog.list', { unitId: 'town-shuanglong', date: '2026-05-12' }, OTHER_COUNTY)).toMatchObject({ ok: false, code: 'forbidden' });
  expect(await t.call('workLog.list', { unitId: 'town-shuanglong', date: '2026-05-12' }, CADRE)).toMatchObject({ ok: false, code: 'forbidden' });
  expect(await t.call('workLog.get', { id }, OTHER_CADRE)).toMatchObject({ ok: false, code: 'forbidden' });
  expect(await t.call('workLog.get', { id }, OTHER_COUNTY)).toMatchObject({ ok: false, code: 'forbidden' });
  const c = await t.call('workLog.comment', { id, text: '走访记录详实，继续保持' }, COUNTY);
  expect(c).toMatchObject({ ok: true, data: { comments: [{ byName: '石慧敏', unitName: '花垣县', text: '走访记录详实，继续保持' }] } });
  // A retried comment is one comment.
  await t.call('workLog.comment', { id, text: '走访记录详实，继续保持' }, COUNTY);
  expect((await t.call('workLog.get', { id }, CADRE)).data.comments).toHaveLength(1);
  expect(await t.call('workLog.comment', { id, text: '好' }, OTHER_COUNTY)).toMatchObject({ ok: false, code: 'forbidden' });
});

it('gives the allowance its log days where the county counts by logs', async () => {
  await t.call('scoring.setRules', { countyId: 'county-huayuan', rules: { ...DEFAULT_SCORING_RULES, allowance: { ...DEFAULT_SCORING_RULES.allowance, basis: 'workLogDays' } } }, COUNTY);
  at('2026-06-02T10:00:00+08:00');
  expect(await t.call('scoring.recompute', { unitId: 'vil-shibadong', period: '2026-05' }, TOWN)).toMatchObject({ ok: true });
  const mine = await t.call('scoring.mine', { period: '2026-05' }, CADRE);
  // Logs on the 12th (three, one after midnight being the 13th's), 13th, 14th, 18th and 19th.
  expect(mine.data.allowance).toMatchObject({ basis: 'workLogDays', counted: 5 });
  expect(mine.data.score.metrics.find((m: any) => m.metric === 'workLogDays')).toMatchObject({ value: 5 });
});
