/**
 * A semi-annual report against a real local cloud seeded with the demo county: 蒋文博 submitted
 * his first half-year's report with a file; 石慧敏 (花垣县) opens it and its file, marks it read,
 * sends it back with what to change; once he submits again she accepts it with a comment.
 * 龙小燕 (双龙镇) reads it without the review buttons; 保靖县's staff cannot open it.
 */
import { storage } from '../../../../server/platform/cloud';
import { DEMO, useDemoCloud } from '../../../testing/cloud';
import { el, openPage, tap, textOf, type, waitFor } from '../../../testing/simulate';
import type { Rendered } from '../../../testing/simulate';

const PAGE = 'pages/report/detail/index';
const demo = useDemoCloud();
const ID = 'p-fs-shibadong.2026-H1';
const BODY = '上半年围绕产业发展和基层治理开展工作：走访脱贫户一百二十户，协调落实猕猴桃产业项目三个，帮助村集体经济增收八万元。';
const report = (body = BODY, attachments: { fileId: string; name: string }[] = []) => ({ period: '2026-H1', title: '十八洞村2026年上半年驻村工作报告', body, attachments });

beforeAll(async () => {
  demo.at('2026-06-20T10:00:00+08:00');
  const file = await storage.upload('workreports/p-fs-shibadong/projects.xlsx', Buffer.from('xlsx'));
  expect(await demo.tc.call('workReport.submit', report(BODY, [{ fileId: file, name: '产业项目清单.xlsx' }]), DEMO.cadre)).toMatchObject({ ok: true });
});

async function open(openid: string = DEMO.countyStaff, id = ID): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, { id });
}
const done = (page: Rendered) => waitFor(() => page.data.busy === '', 'the review');

it('opens the report and its file, marks it read and sends it back with a reason', async () => {
  demo.at('2026-06-21T09:00:00+08:00');
  const page = await open();
  expect(textOf(el(page, '#title'))).toBe('十八洞村2026年上半年驻村工作报告');
  expect(textOf(el(page, '#who'))).toBe('蒋文博 · 十八洞村 · 派出单位：湘西州财政局');
  expect(textOf(el(page, '#period'))).toBe('2026年上半年 · 截止2026年7月10日');
  expect(textOf(el(page, '#status'))).toBe('已提交（6月20日 10:00），等待县委组织部审阅');
  expect(textOf(el(page, '#body'))).toBe(BODY);

  const download = jest.spyOn(wx, 'downloadFile').mockImplementation(((o: WechatMiniprogram.DownloadFileOption) => {
    setTimeout(() => o.success?.({ statusCode: 200, tempFilePath: 'http://tmp/projects.xlsx', filePath: '', profile: {} as never, errMsg: 'downloadFile:ok' } as never), 0);
  }) as never);
  const openDoc = jest.spyOn(wx, 'openDocument').mockImplementation(((o: WechatMiniprogram.OpenDocumentOption) => void setTimeout(() => o.success?.({ errMsg: 'openDocument:ok' }), 0)) as never);
  await tap(page, '#file-0');
  await waitFor(() => openDoc.mock.calls.length === 1, 'the file opened');
  expect(download).toHaveBeenCalledWith(expect.objectContaining({ url: expect.stringMatching(/^http/) }));
  expect(openDoc).toHaveBeenCalledWith(expect.objectContaining({ filePath: 'http://tmp/projects.xlsx' }));

  await tap(page, '#mark-read');
  await done(page);
  expect(textOf(el(page, '#notice'))).toBe('已标记为已阅');
  expect(textOf(el(page, '#status'))).toBe('已提交，县委组织部已阅（石慧敏 6月21日 09:00）');
  expect(page.querySelector('#mark-read')).toBeUndefined();

  await tap(page, '#open-send-back');
  await type(page, '#reason', '补充');
  await tap(page, '#send-back');
  expect(textOf(el(page, '#action-error'))).toBe('请写明需要修改的地方（至少 4 个字）');
  await type(page, '#reason', '请补充产业项目资金到位情况');
  await tap(page, '#send-back');
  await done(page);
  expect(textOf(el(page, '#notice'))).toBe('已退回修改，第一书记修改后会重新提交');
  expect(textOf(el(page, '#status'))).toBe('退回修改：请补充产业项目资金到位情况（石慧敏 6月21日 09:00）');
  expect(page.querySelector('#open-accept')).toBeUndefined();
});

it('accepts the report submitted again, with a comment', async () => {
  demo.at('2026-06-23T10:00:00+08:00');
  expect(await demo.tc.call('workReport.submit', report(`${BODY}项目资金已全部到位。`), DEMO.cadre)).toMatchObject({ ok: true });
  const page = await open();
  expect(textOf(el(page, '#return-0'))).toBe('第 1 次：请补充产业项目资金到位情况（石慧敏）');
  await tap(page, '#open-accept');
  await type(page, '#comment', '内容详实，措施具体');
  await tap(page, '#accept');
  await done(page);
  expect(textOf(el(page, '#status'))).toBe('已通过（石慧敏 6月23日 10:00）：内容详实，措施具体');
  expect(page.querySelector('#open-send-back')).toBeUndefined();
});

it('lets the township read only, and nobody outside the county', async () => {
  const town = await open(DEMO.townStaff);
  expect(textOf(el(town, '#review-note'))).toBe('报告由县（市、区）委组织部审阅。');
  expect(town.querySelector('#open-accept')).toBeUndefined();
  const other = await open('demo-bj-staff');
  expect(textOf(el(other, '#forbidden'))).toBe('您不能查看这份报告');
  // Not there is told like out of scope; a draft is not the county's to read yet.
  const none = await open(DEMO.countyStaff, 'p-fs-jinlong.2026-H1');
  expect(textOf(el(none, '#forbidden'))).toBe('您不能查看这份报告');
  expect(await demo.tc.call('workReport.save', { period: '2026-H1', title: '金龙村上半年工作' }, 'demo-fs-jinlong')).toMatchObject({ ok: true });
  const draft = await open(DEMO.countyStaff, 'p-fs-jinlong.2026-H1');
  expect(textOf(el(draft, '#not-found'))).toBe('没有找到这份报告');
});
