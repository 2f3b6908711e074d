/**
 * The evidence of a correction (补卡) through the api: photos uploaded as the mini program
 * uploads them (`POST /_local/upload`, what `wx.cloud.uploadFile` does), taken only from the
 * caller's own evidence folder and only when they exist; staff open them by temporary URL;
 * a work log only once the work-log feature has registered its check.
 */
import { startTestCloud, type TestCloud } from '../../../test/harness';
import { seedDemo } from '../../../scripts/demo/seed';
import { missedWindow } from '../../../test/fixtures';
import { db } from '../../platform/cloud';
import { CORRECTIONS, QUOTAS, PHOTO_URL_MAX_AGE_S, evidenceFolder, registerWorkLogCheck } from './corrections';

const CADRE = 'demo-fs-shibadong'; // 蒋文博, 十八洞村
const CADRE_ID = 'p-fs-shibadong';
const OTHER = 'demo-fs-jinlong'; // 欧阳靖, another first secretary
const OTHER_ID = 'p-fs-jinlong';
const STAFF = 'demo-sl-staff'; // 龙小燕, 双龙镇 organisation staff

let t: TestCloud;
const at = (iso: string) => t.cloud.clock.set(iso, { frozen: true });

beforeAll(async () => {
  t = await startTestCloud();
  at('2026-05-13T09:00:00+08:00');
  await seedDemo();
  for (const windowId of ['am', 'pm']) await missedWindow(CADRE_ID, 'vil-shibadong', '2026-05-11', windowId);
}, 60_000);
afterAll(() => t.stop());

/** Upload as the mini program does in local mode: multipart to the local cloud, as `openid`. */
async function upload(openid: string, cloudPath: string, bytes: Buffer): Promise<string> {
  const form = new FormData();
  form.append('cloudPath', cloudPath);
  form.append('file', new Blob([bytes]), 'tmp.jpg');
  const res = await fetch(`${t.cloud.url}/_local/upload`, { method: 'POST', body: form, headers: { 'x-openid': openid } });
  const body = (await res.json()) as { ok: boolean; data: { fileID: string } };
  expect(body.ok).toBe(true);
  return body.data.fileID;
}

const photo = (text: string) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(text), Buffer.from([0xff, 0xd9])]);
const ask = (input: Record<string, unknown>, openid = CADRE) =>
  t.call('checkin.requestCorrection', { date: '2026-05-11', windowId: 'am', reason: '上午在县里参加培训', ...input }, openid);
const REFUSED = { ok: false, code: 'invalid_input', message: '照片未上传成功或不属于您，请重新上传' };

/** Nothing was written for the window: no request, and no more of the month's quota used than `used`. */
async function nothingWritten(windowId: string, used = 0): Promise<void> {
  expect((await db.collection(CORRECTIONS).doc(`${CADRE_ID}.2026-05-11.${windowId}`).get()).data).toBeNull();
  const quota = (await db.collection(QUOTAS).doc(`${CADRE_ID}.2026-05`).get<{ used: number }>()).data;
  expect(quota?.used ?? 0).toBe(used);
}

describe('photos', () => {
  it('refuses someone else’s photo, even one that exists', async () => {
    const theirs = await upload(OTHER, `${evidenceFolder(OTHER_ID)}2026-05-11-am-1.jpg`, photo('theirs'));
    expect(await ask({ photoFileIds: [theirs] })).toEqual(REFUSED);
    // Nor a path that only starts like the caller's folder, or climbs out of it.
    const lookalike = await upload(CADRE, `evidence/${CADRE_ID}-x/a.jpg`, photo('lookalike'));
    expect(await ask({ photoFileIds: [lookalike] })).toEqual(REFUSED);
    expect(await ask({ photoFileIds: [theirs.replace(`evidence/${OTHER_ID}/`, `evidence/${CADRE_ID}/../${OTHER_ID}/`)] })).toEqual(REFUSED);
    expect(await ask({ photoFileIds: [`cloud://local.6c6f-local-1250000000/${evidenceFolder(CADRE_ID)}`] })).toEqual(REFUSED);
    await nothingWritten('am');
  });

  it('refuses a photo that was never uploaded, with one that was', async () => {
    const mine = await upload(CADRE, `${evidenceFolder(CADRE_ID)}2026-05-11-am-1.jpg`, photo('mine'));
    const missing = mine.replace(/-1\.jpg$/, '-2.jpg');
    expect(await ask({ photoFileIds: [mine, missing] })).toEqual(REFUSED);
    expect(await ask({ photoFileIds: ['cloud://local-placeholder.bucket/evidence/p-fs-shibadong/a.jpg'] })).toEqual(REFUSED);
    await nothingWritten('am');
  });

  it('takes the caller’s own uploaded photos, and staff open them by temporary URL, writing only the access log', async () => {
    const bytes = [photo('培训签到表'), photo('培训现场')];
    const ids = [
      await upload(CADRE, `${evidenceFolder(CADRE_ID)}2026-05-11-am-a.jpg`, bytes[0]!),
      await upload(CADRE, `${evidenceFolder(CADRE_ID)}2026-05-11-am-b.jpg`, bytes[1]!),
    ];
    const r = await ask({ photoFileIds: [...ids, ids[0]] });
    expect(r).toMatchObject({ ok: true, data: { status: 'pending', evidence: { photoFileIds: ids, witness: null, workLogId: null } } });

    const { result, invocation } = await t.cloud.functions.invoke('api', { action: 'checkin.corrections', input: { unitId: 'town-shuanglong', status: 'pending' } }, { openid: STAFF });
    const list = result as { ok: true; data: any[] };
    expect(list.ok).toBe(true);
    // Nothing of the request changes; the look at the cadre's photos is logged for them (privacy/points.ts).
    expect(invocation.ops.writes).toBe(1);
    expect((await db.collection('accessLogs').where({ action: 'checkin.corrections', subjectIds: CADRE_ID }).count()).total).toBe(1);
    const item = list.data.find((c) => c.id === r.data.id);
    expect(item.photoUrls).toHaveLength(2);
    for (const [i, url] of (item.photoUrls as string[]).entries()) {
      const got = await fetch(encodeURI(url));
      expect(got.status).toBe(200);
      expect(got.headers.get('content-type')).toBe('image/jpeg');
      expect(Buffer.compare(Buffer.from(await got.arrayBuffer()), bytes[i]!)).toBe(0);
    }
    // The links are short-lived.
    const t0 = t.cloud.clock.nowMs();
    at(new Date(t0 + (PHOTO_URL_MAX_AGE_S + 1) * 1000).toISOString());
    expect((await fetch(encodeURI(item.photoUrls[0]))).status).toBe(403);
    at('2026-05-13T09:00:00+08:00');
    // A request without photos lists none.
    expect(list.data.filter((c) => c.evidence.photoFileIds.length === 0).every((c) => c.photoUrls.length === 0)).toBe(true);
  });
});

describe('work logs (驻村记实)', () => {
  it('are refused while no work-log check is registered', async () => {
    expect(await ask({ windowId: 'pm', workLogId: 'log-1' })).toEqual({ ok: false, code: 'invalid_input', message: '工作日志功能尚未开通，请上传照片或填写证明人' });
    // Even beside other evidence: the work log would be kept as evidence nobody checked.
    expect(await ask({ windowId: 'pm', workLogId: 'log-1', witness: '村支书' })).toMatchObject({ ok: false, code: 'invalid_input' });
    await nothingWritten('pm', 1);
  });

  it('are taken or refused as the registered check answers', async () => {
    const asked: unknown[][] = [];
    const restore = registerWorkLogCheck(async (personId, workLogId, date) => {
      asked.push([personId, workLogId, date]);
      return workLogId === 'log-ok';
    });
    try {
      expect(await ask({ windowId: 'pm', workLogId: 'log-other' })).toMatchObject({ ok: false, code: 'invalid_input', message: expect.stringContaining('驻村记实') });
      await nothingWritten('pm', 1);
      expect(await ask({ windowId: 'pm', workLogId: 'log-ok' })).toMatchObject({ ok: true, data: { evidence: { workLogId: 'log-ok', photoFileIds: [], witness: null } } });
      expect(asked).toEqual([[CADRE_ID, 'log-other', '2026-05-11'], [CADRE_ID, 'log-ok', '2026-05-11']]);
    } finally {
      restore();
    }
    expect(await ask({ windowId: 'am', workLogId: 'log-ok' })).toMatchObject({ ok: false, message: '工作日志功能尚未开通，请上传照片或填写证明人' });
  });
});
