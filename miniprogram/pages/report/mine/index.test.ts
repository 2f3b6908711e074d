/**
 * 半年工作报告 against a real local cloud seeded with the demo county: 蒋文博, first secretary of
 * 十八洞村, on 20 June 2026 writes his report of the first half-year, keeps a draft, adds a file
 * from a chat (really uploaded into his folder) and submits it; the county sends it back with a
 * reason, he changes it and submits again; he asks to be reminded before the deadline. A team
 * member is told the report is the first secretary's; after the deadline a first secretary who
 * has not submitted sees that it is overdue.
 */
import { DEMO, useDemoCloud } from '../../../testing/cloud';
import { el, openPage, tap, textOf, type, waitFor } from '../../../testing/simulate';
import type { Rendered } from '../../../testing/simulate';

const PAGE = 'pages/report/mine/index';
const demo = useDemoCloud();
const BODY = '上半年围绕产业发展和基层治理开展工作：走访脱贫户一百二十户，协调落实猕猴桃产业项目三个，帮助村集体经济增收八万元，完成村级组织换届的各项准备。';

async function open(openid: string = DEMO.cadre, query: Record<string, string> = {}): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, query);
}
const saved = (page: Rendered) => waitFor(() => !page.data.saving, 'the save');

function chatFile(path: string, name: string): jest.SpyInstance {
  demo.device.files.set(path, Buffer.from('xlsx 产业项目清单'));
  return jest.spyOn(wx, 'chooseMessageFile').mockImplementation(((o: WechatMiniprogram.ChooseMessageFileOption) =>
    setTimeout(() => o.success?.({ errMsg: 'chooseMessageFile:ok', tempFiles: [{ path, name, size: 2048, time: 0, type: 'file' }] }), 0)) as never);
}

it('writes a draft, adds a file and submits the report to the county', async () => {
  demo.at('2026-06-20T10:00:00+08:00');
  const page = await open();
  expect(textOf(el(page, '#where'))).toBe('十八洞村 · 派出单位：湘西州财政局');
  expect(textOf(el(page, '#tab-0'))).toBe('2025年下半年 无需提交 · 截止1月10日');
  expect(textOf(el(page, '#tab-1'))).toBe('2026年上半年 未提交 · 截止7月10日');
  expect(textOf(el(page, '#period'))).toBe('2026年上半年工作报告 · 截止7月10日');
  expect(textOf(el(page, '#status'))).toBe('还没有写');

  await type(page, '#report-title', '十八洞村2026年上半年驻村工作报告');
  await type(page, '#body', '上半年走访了脱贫户');
  expect(textOf(el(page, '#count'))).toBe('已写 9 个字，至少 50 个字');
  await tap(page, '#submit');
  expect(textOf(el(page, '#form-error'))).toBe('正文至少 50 个字，现在 9 个字');
  await tap(page, '#save');
  await saved(page);
  expect(textOf(el(page, '#notice'))).toBe('草稿已保存');
  expect(textOf(el(page, '#status'))).toBe('草稿，还没有提交');

  await type(page, '#body', BODY);
  chatFile('wxfile://tmp/projects.xlsx', '产业项目清单.xlsx');
  await tap(page, '#add-file');
  await waitFor(() => page.data.files.length === 1, 'the file');
  expect(textOf(el(page, '#file-0'))).toBe('产业项目清单.xlsx 删除');
  await tap(page, '#submit');
  await saved(page);
  expect(textOf(el(page, '#notice'))).toBe('已提交，县委组织部审阅后会在这里显示结果');
  expect(textOf(el(page, '#status'))).toBe('已提交（6月20日 10:00），等待县委组织部审阅');
  expect(textOf(el(page, '#shown-body'))).toBe(BODY);
  expect(textOf(el(page, '#shown-file-0'))).toBe('附件：产业项目清单.xlsx');
  expect(page.querySelector('#submit')).toBeUndefined();
  expect(demo.device.uploadCalls.map((u) => (u.formData as { cloudPath: string }).cloudPath)).toEqual([expect.stringMatching(/^workreports\/p-fs-shibadong\/2026-H1-[a-z0-9]+-0\.xlsx$/)]);
  const r = await demo.tc.call('workReport.get', { id: 'p-fs-shibadong.2026-H1' }, DEMO.countyStaff);
  expect(r).toMatchObject({ ok: true, data: { status: 'submitted', body: BODY, dispatchingUnit: '湘西州财政局', attachments: [{ name: '产业项目清单.xlsx' }] } });
});

it('shows the county’s reason when it is sent back, and takes the changed report again', async () => {
  demo.at('2026-06-22T10:00:00+08:00');
  expect(await demo.tc.call('workReport.sendBack', { id: 'p-fs-shibadong.2026-H1', reason: '请补充产业项目资金到位情况' }, DEMO.countyStaff)).toMatchObject({ ok: true });
  const page = await open(DEMO.cadre, { period: '2026-H1' });
  expect(textOf(el(page, '#status'))).toBe('退回修改：请补充产业项目资金到位情况（石慧敏 6月22日 10:00）');
  expect(textOf(el(page, '#return-0'))).toBe('第 1 次：请补充产业项目资金到位情况（石慧敏）');
  expect(page.data.body).toBe(BODY);
  await type(page, '#body', `${BODY}项目资金已全部到位。`);
  await tap(page, '#submit');
  await saved(page);
  expect(textOf(el(page, '#status'))).toMatch(/^已提交（6月22日 10:00）/);
  const r = await demo.tc.call('workReport.get', { id: 'p-fs-shibadong.2026-H1' }, DEMO.countyStaff);
  expect(r.data).toMatchObject({ status: 'submitted', submissions: 2, body: `${BODY}项目资金已全部到位。` });
});

it('asks to be reminded before the deadline, banking the grant', async () => {
  demo.at('2026-06-25T10:00:00+08:00');
  const page = await open('demo-fs-jinlong');
  await tap(page, '#remind');
  await waitFor(() => page.data.reminded, 'the grant');
  expect(demo.device.subscribeCalls).toEqual([['local-reportDue']]);
  expect(textOf(el(page, '#notice'))).toBe('截止（7月10日）前会用微信提醒您一次');
  expect(page.querySelector('#remind')).toBeUndefined();
});

it('says when the deadline has passed', async () => {
  demo.at('2026-07-11T09:00:00+08:00');
  const page = await open('demo-fs-shuanglong');
  expect(textOf(el(page, '#overdue'))).toBe('已过截止日期，请尽快提交');
  expect(textOf(el(page, '#tab-0'))).toBe('2026年上半年 已逾期 · 截止7月10日');
});

it('tells a team member the report is the first secretary’s, and staff that it is the cadres’', async () => {
  const page = await open('demo-tm-shibadong-1');
  expect(textOf(el(page, '#not-fs'))).toBe('半年工作报告由第一书记提交，您不是第一书记，无需提交');
  const staff = await open(DEMO.countyStaff);
  expect(textOf(el(staff, '#not-cadre'))).toBe('只有驻村第一书记需要提交半年工作报告');
});
