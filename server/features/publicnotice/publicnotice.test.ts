/** Public notices: the 村群管理员 publishes with attachments; villagers of that village (only) read; each read counted once. */
import { startTestCloud, type TestCloud } from '../../../test/harness';
import { seedDemo } from '../../../scripts/demo/seed';
import { db } from '../../platform/cloud';

const GROUP_ADMIN = 'demo-ga-lvdongshan'; // 村群管理员 of 夯沙村 and 吕洞村
const TOWN = 'demo-ld-staff';
const HANGSHA = 'vil-hangsha';

let t: TestCloud;
let n = 0;
const cid = () => `notice-${++n}-abcdefgh`;
const cloudId = (openid: string, opengid: string) => t.cloud.functions.issueCloudId(openid, { opengid });

async function upload(openid: string, cloudPath: string): Promise<string> {
  const form = new FormData();
  form.append('cloudPath', cloudPath);
  form.append('file', new Blob([Buffer.from('%PDF-1.4 账目')]), 'x.pdf');
  const res = await fetch(`${t.cloud.url}/_local/upload`, { method: 'POST', body: form, headers: { 'x-openid': openid } });
  return ((await res.json()) as { data: { fileID: string } }).data.fileID;
}

beforeAll(async () => {
  t = await startTestCloud();
  t.cloud.clock.set('2026-05-12T10:00:00+08:00', { frozen: true });
  await seedDemo();
  await t.call('village.bindGroup', { villageId: HANGSHA, groupCloudId: cloudId(GROUP_ADMIN, 'G-notice-hangsha') }, GROUP_ADMIN);
  await t.call('village.bindGroup', { villageId: 'vil-lvdong', groupCloudId: cloudId(GROUP_ADMIN, 'G-notice-lvdong') }, GROUP_ADMIN);
  for (const o of ['o-n-1', 'o-n-2']) await t.call('village.enter', { groupCloudId: cloudId(o, 'G-notice-hangsha') }, o);
  await t.call('village.enter', { groupCloudId: cloudId('o-n-lvdong', 'G-notice-lvdong') }, 'o-n-lvdong');
}, 60_000);
afterAll(() => t.stop());

it('publishes with attachments, is read by the village’s villagers only, and counts each reader once', async () => {
  const manage = await t.call('publicNotice.manage', { villageId: HANGSHA }, GROUP_ADMIN);
  expect(manage).toMatchObject({ ok: true, data: { villagers: 2, uploadFolder: 'notices/vil-hangsha/' } });
  const fileId = await upload(GROUP_ADMIN, 'notices/vil-hangsha/2026-04-账目.pdf');
  const input = { villageId: HANGSHA, clientId: cid(), kind: 'finance', title: '2026年4月村级财务收支公示', body: '本月收入：……\n本月支出：……', attachments: [{ fileId, name: '4月收支明细.pdf' }] };
  const p = await t.call('publicNotice.publish', input, GROUP_ADMIN);
  expect(p).toMatchObject({ ok: true, data: { kindName: '财务公开', attachments: 1 } });
  // A retry publishes nothing new.
  expect((await t.call('publicNotice.publish', input, GROUP_ADMIN)).data.id).toBe(p.data.id);
  expect((await db.collection('publicNotices').where({ villageId: HANGSHA }).count()).total).toBe(1);

  const list = await t.call('publicNotice.list', { villageId: HANGSHA }, 'o-n-1');
  expect(list.data.items).toMatchObject([{ id: p.data.id, read: false }]);
  const r = await t.call('publicNotice.read', { id: p.data.id }, 'o-n-1');
  expect(r).toMatchObject({ ok: true, data: { title: '2026年4月村级财务收支公示', body: '本月收入：……\n本月支出：……', attachments: [{ name: '4月收支明细.pdf' }], reads: 1 } });
  expect(r.data.attachments[0].url).toMatch(/^http/);
  await t.call('publicNotice.read', { id: p.data.id }, 'o-n-1');
  await t.call('publicNotice.read', { id: p.data.id }, 'o-n-2');
  expect((await t.call('publicNotice.list', { villageId: HANGSHA }, 'o-n-1')).data.items[0].read).toBe(true);
  expect((await t.call('publicNotice.manage', { villageId: HANGSHA }, GROUP_ADMIN)).data.items[0]).toMatchObject({ reads: 2 });
  expect((await t.call('publicNotice.manage', { villageId: HANGSHA }, TOWN)).data.items[0]).toMatchObject({ reads: 2 });

  // Another village's villager, and a stranger, read nothing of it.
  expect(await t.call('publicNotice.read', { id: p.data.id }, 'o-n-lvdong')).toMatchObject({ ok: false, code: 'not_villager' });
  expect(await t.call('publicNotice.list', { villageId: HANGSHA }, 'o-n-lvdong')).toMatchObject({ ok: false, code: 'not_villager' });
  expect(await t.call('publicNotice.read', { id: p.data.id }, 'o-stranger')).toMatchObject({ ok: false, code: 'not_villager' });

  // Withdrawn: gone for villagers, on record for officials.
  expect(await t.call('publicNotice.withdraw', { id: p.data.id, reason: '数据有误，更正后重新公示' }, GROUP_ADMIN)).toMatchObject({ ok: true, data: { withdrawn: { reason: '数据有误，更正后重新公示' } } });
  expect((await t.call('publicNotice.list', { villageId: HANGSHA }, 'o-n-1')).data.items).toEqual([]);
  expect(await t.call('publicNotice.read', { id: p.data.id }, 'o-n-1')).toMatchObject({ ok: false, code: 'not_found' });
  expect((await t.call('publicNotice.manage', { villageId: HANGSHA }, GROUP_ADMIN)).data.items).toHaveLength(1);
});

it('lets only the village’s officials publish, with attachments from the village’s folder', async () => {
  const base = { clientId: cid(), kind: 'village', title: '村民代表大会决议公示', body: '经村民代表大会表决通过……' };
  expect(await t.call('publicNotice.publish', { ...base, villageId: 'vil-shibadong' }, GROUP_ADMIN)).toMatchObject({ ok: false, code: 'forbidden' });
  expect(await t.call('publicNotice.publish', { ...base, villageId: HANGSHA }, TOWN)).toMatchObject({ ok: false, code: 'forbidden' });
  expect(await t.call('publicNotice.publish', { ...base, villageId: HANGSHA }, 'o-n-1')).toMatchObject({ ok: false, code: 'not_bound' });
  const elsewhere = await upload(GROUP_ADMIN, 'notices/vil-lvdong/x.pdf');
  expect(await t.call('publicNotice.publish', { ...base, villageId: HANGSHA, attachments: [{ fileId: elsewhere, name: 'x.pdf' }] }, GROUP_ADMIN)).toMatchObject({ ok: false, code: 'invalid_input' });
  expect(await t.call('publicNotice.publish', { ...base, villageId: HANGSHA, title: '短' }, GROUP_ADMIN)).toMatchObject({ ok: false, code: 'invalid_input' });
  expect((await db.collection('publicNotices').where({ villageId: HANGSHA, withdrawn: null }).count()).total).toBe(0);
});
