/**
 * Approving corrections (补卡) against a real local cloud: the timer settles Tuesday's windows,
 * two cadres of 双龙镇 ask for a correction (蒋文博 with a photo, uploaded as his page uploads
 * it), and 龙小燕 of 双龙镇 opens the photo and decides them.
 */
import * as http from 'node:http';
import { upload } from '../../../../api/index';
import { DEMO, useDemoCloud } from '../../../../testing/cloud';
import { el, render, tap, textOf, type, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';

const PAGE = 'pages/admin/checkin/corrections/index';
const demo = useDemoCloud();
const PHOTO = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('培训结业证书'), Buffer.from([0xff, 0xd9])]);

/** GET a URL's bytes with Node's http (jsdom has no fetch). */
function download(url: string): Promise<{ status: number; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    http.get(encodeURI(url), (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

const tick = async (at: string) => {
  demo.tc.cloud.clock.set(at, { frozen: true });
  const { result } = await demo.tc.cloud.functions.invoke('tick', { Type: 'Timer' }, { source: 'wx_trigger' });
  expect(result).toMatchObject({ ok: true });
};

beforeAll(async () => {
  await tick('2026-05-12T08:00:00+08:00');
  // The afternoon window closes at 15:30 and settles once the offline tolerance (120 min) has passed.
  await tick('2026-05-12T17:40:00+08:00');
  demo.tc.cloud.clock.set('2026-05-12T17:45:00+08:00', { frozen: true });
  const ask = (openid: string, windowId: string, reason: string, photoFileIds: string[] = []) => demo.tc.call('checkin.requestCorrection', { date: '2026-05-12', windowId, reason, witness: '村支书', photoFileIds }, openid);
  // 蒋文博's photo goes up as his correction page sends it (wx.uploadFile to the local cloud, as him).
  demo.loginAs(DEMO.cadre);
  demo.device.files.set('wxfile://tmp/cert.jpg', PHOTO);
  const up = await upload('wxfile://tmp/cert.jpg', 'evidence/p-fs-shibadong/2026-05-12-pm-x-0.jpg');
  if (!up.ok) throw new Error(up.message);
  demo.loginAs(null);
  expect(await ask(DEMO.cadre, 'pm', '下午到县里参加培训', [up.data.fileID])).toMatchObject({ ok: true });
  demo.tc.cloud.clock.advance(60_000);
  expect(await ask('demo-fs-jinlong', 'am', '上午送村民去医院')).toMatchObject({ ok: true });
});

beforeEach(() => demo.tc.cloud.clock.set('2026-05-12T17:00:00+08:00', { frozen: true }));

async function open(openid: string = DEMO.townStaff, query: Record<string, string> = { unitId: 'town-shuanglong' }): Promise<Rendered> {
  demo.loginAs(openid);
  const page = render(PAGE);
  page.instance.onLoad(query);
  await waitFor(() => page.data.status !== 'loading' && (page.data.status !== 'ok' || page.data.listStatus !== 'loading'), 'the requests');
  return page;
}

const requestOf = (page: Rendered, name: string) => page.querySelectorAll('.request').find((r) => textOf(r).startsWith(name))!;

it('lists the pending requests; 同意 makes the window count, 不同意 needs a reason', async () => {
  const page = await open();
  expect(el(page, '#unit-name').dom!.textContent).toBe('双龙镇');
  expect(page.querySelectorAll('.request').map((r) => textOf(r).split(' ').slice(0, 2).join(' '))).toEqual(['欧阳靖 待审核', '蒋文博 待审核']);
  const jiang = textOf(requestOf(page, '蒋文博'));
  expect(jiang).toContain('补卡：2026年5月12日 下午');
  expect(jiang).toContain('原因：下午到县里参加培训');
  expect(jiang).toContain('证明：照片 1 张 · 证明人：村支书');
  expect(jiang).toContain('5月12日 17:45 蒋文博 提出申请：下午到县里参加培训');

  // His photo shows as a thumbnail, from a temporary URL that serves the very bytes; a tap opens it full size.
  expect(page.querySelector('#photo-0-0')).toBeUndefined();
  const thumb = el(page, '#photo-1-0');
  const src = page.data.items[1].photos[0] as string;
  expect(src).toMatch(new RegExp(`^${demo.tc.cloud.url}/_storage/.+/evidence/p-fs-shibadong/2026-05-12-pm-x-0\\.jpg\\?sign=`));
  // (The simulated <image> keeps `src` off the DOM; its `data-src` carries the same binding.)
  expect((thumb.dom as unknown as { getAttribute(name: string): string | null }).getAttribute('data-src')).toBe(src);
  const got = await download(src);
  expect(got.status).toBe(200);
  expect(Buffer.compare(got.bytes, PHOTO)).toBe(0);
  const preview = jest.spyOn(wx, 'previewImage');
  await tap(page, '#photo-1-0');
  expect(preview).toHaveBeenCalledWith(expect.objectContaining({ current: src, urls: [src] }));

  // 不同意 without a reason is not sent.
  await tap(page, '#refuse-0');
  expect(textOf(requestOf(page, '欧阳靖'))).toContain('不同意时请写明理由，驻村干部会看到');

  await type(page, '#comment-1', '已与县委组织部核实');
  await tap(page, '#approve-1');
  await waitFor(() => page.data.busyId === '' && page.data.notice !== '', 'the decision');
  expect(el(page, '#notice').dom!.textContent).toBe('已同意蒋文博 2026年5月12日 下午的补卡申请');
  const decided = textOf(requestOf(page, '蒋文博'));
  expect(decided).toContain('蒋文博 已同意');
  expect(decided).toContain('5月12日 17:00 龙小燕 同意：已与县委组织部核实');
  expect(page.querySelector('#approve-1')).toBeUndefined();
  // The photo stays on the decided request.
  expect(page.data.items[1].photos).toEqual([src]);

  // The cadre sees it approved; the 已同意 tab lists it.
  const mine = await demo.tc.call('checkin.myCorrections', {}, DEMO.cadre);
  expect(mine.data.corrections[0]).toMatchObject({ status: 'approved', comment: '已与县委组织部核实' });
  await tap(page, '#tab-approved');
  await waitFor(() => page.data.listStatus === 'ok' && page.data.tab === 'approved', 'the approved ones');
  expect(page.querySelectorAll('.request').map((r) => textOf(r).split(' ').slice(0, 2).join(' '))).toEqual(['蒋文博 已同意']);

  // 不同意 with a reason.
  await tap(page, '#tab-pending');
  await waitFor(() => page.data.listStatus === 'ok' && page.data.tab === 'pending', 'the pending ones');
  await type(page, '#comment-0', '医院没有就诊记录，请补充证明');
  await tap(page, '#refuse-0');
  await waitFor(() => page.data.busyId === '' && page.data.notice !== '', 'the refusal');
  expect(textOf(requestOf(page, '欧阳靖'))).toContain('欧阳靖 未同意');
});

it('is only for organisation staff', async () => {
  const page = await open(DEMO.cadre);
  expect(el(page, '#forbidden').dom!.textContent).toBe('只有组织部门的同志可以审批补卡');
});
