/**
 * 政策文件管理 against a real local cloud seeded with the demo county, on Tuesday 12 May 2026.
 * 石慧敏 (花垣县 staff) publishes a document with a file picked from a chat (uploaded into the
 * folder the server names; one clientId for the form, kept through a lost answer), edits its
 * tags and summary, and withdraws it with a reason; cadres find it in the library, then no more.
 */
import { DEMO, loseFirstAnswer, useDemoCloud } from '../../../../testing/cloud';
import { el, openPage, pick, tap, textOf, type, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';

const PAGE = 'pages/work/policy/manage/index';
const demo = useDemoCloud();

async function open(openid: string = DEMO.countyStaff, query: Record<string, string> = {}): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, query, (p) => p.data.status !== 'loading' && (p.data.status !== 'ok' || (p.data.listStatus !== 'loading' && p.data.units.length > 0)), 'the documents');
}

/** A file picked from a chat (`wx.chooseMessageFile`). */
function chatFile(path: string, name: string): jest.SpyInstance {
  demo.device.files.set(path, Buffer.from('%PDF-1.4 政策文件'));
  return jest.spyOn(wx, 'chooseMessageFile').mockImplementation(((o: WechatMiniprogram.ChooseMessageFileOption) =>
    setTimeout(() => o.success?.({ errMsg: 'chooseMessageFile:ok', tempFiles: [{ path, name, size: 2048, time: 0, type: 'file' }] }), 0)) as never);
}

const search = async (input: object = {}) => (await demo.tc.call('policy.search', input, DEMO.cadre)).data.items as { id: string; title: string; tags: string[]; summary: string }[];

it('publishes a document with its file, once through a lost answer', async () => {
  const page = await open();
  expect(textOf(el(page, '#unit-name'))).toBe('花垣县 ▾');
  // The county and its townships; no villages.
  expect(page.data.unitLabels[0]).toBe('花垣县');
  expect(page.data.unitLabels).toContain('花垣县 / 双龙镇');
  expect(page.data.units.every((u: { level: string }) => u.level !== 'village')).toBe(true);
  expect(textOf(el(page, '#empty'))).toBe('还没有发布政策文件');

  await tap(page, '#open-form');
  expect(textOf(el(page, '#issued-on-text'))).toBe('2026年5月12日 ▾');
  await tap(page, '#publish');
  expect(textOf(el(page, '#form-error'))).toBe('请填写文件标题（至少 4 个字）');
  await type(page, '#title', '花垣县驻村补助发放办法');
  await tap(page, '#publish');
  expect(textOf(el(page, '#form-error'))).toBe('请填写发文机关');
  await type(page, '#issuer', '花垣县财政局');
  await type(page, '#doc-number', '花财发〔2026〕12号');
  await pick(page, '#issued-on', '2026-05-06');
  expect(textOf(el(page, '#issued-on-text'))).toBe('2026年5月6日 ▾');
  await type(page, '#tags', '驻村补助，考勤 这是一个超过十二个字的很长的标签');
  await tap(page, '#publish');
  expect(textOf(el(page, '#form-error'))).toBe('标签“这是一个超过十二个字的很长的标签”太长，每个标签最多12字');
  await type(page, '#tags', '驻村补助，考勤 驻村补助');
  await type(page, '#summary', '按在岗天数发放生活、交通、通讯补助。');
  await tap(page, '#publish');
  expect(textOf(el(page, '#form-error'))).toBe('请选择要发布的文件');
  chatFile('wxfile://tmp/fafang.pdf', '花垣县驻村补助发放办法.pdf');
  await tap(page, '#choose-file');
  await waitFor(() => !!page.data.file, 'the file');
  expect(textOf(el(page, '#file'))).toBe('花垣县驻村补助发放办法.pdf 删除');

  const sent = loseFirstAnswer('policy.publish');
  await tap(page, '#publish');
  await waitFor(() => !page.data.publishing, 'the first try');
  expect(textOf(el(page, '#form-error'))).toBe('网络超时，请稍后重试。填写的内容还在，请再点“发布”');
  await tap(page, '#publish');
  await waitFor(() => !page.data.publishing && page.data.notice !== '', 'the retry');
  expect(sent).toHaveLength(2);
  expect(sent[1]).toBe(sent[0]);
  // Uploaded once, into the county's folder.
  expect(demo.device.uploadCalls.map((c) => (c.formData as { cloudPath: string }).cloudPath)).toEqual([`policies/county-huayuan/${sent[0]}.pdf`]);
  expect(textOf(el(page, '#notice'))).toBe('已发布：花垣县驻村补助发放办法');
  await waitFor(() => page.data.items.length === 1, 'the list read again');
  expect(page.querySelector('#form')).toBeUndefined();
  expect(textOf(el(page, '#doc-0'))).toBe(
    '花垣县驻村补助发放办法 花垣县财政局 · 花财发〔2026〕12号 2026年5月6日印发 · 花垣县 驻村补助 考勤 按在岗天数发放生活、交通、通讯补助。 文件：花垣县驻村补助发放办法.pdf 石慧敏 5月12日 10:00 发布 修改标签和摘要 撤回',
  );
  // In the library, once.
  expect((await search({ q: '补助' })).map((d) => d.title)).toEqual(['花垣县驻村补助发放办法']);
});

it('edits the tags and summary, then withdraws the document with a reason', async () => {
  const page = await open();
  await tap(page, '#edit-0');
  expect(page.data.editTags).toBe('驻村补助 考勤');
  await type(page, '#edit-summary', '');
  await tap(page, '#save-edit');
  expect(textOf(el(page, '#edit-error'))).toBe('请填写内容摘要');
  await type(page, '#edit-tags', '驻村补助 补助标准');
  await type(page, '#edit-summary', '按在岗天数发放生活、交通、通讯补助，每月10日前发放。');
  await tap(page, '#save-edit');
  await waitFor(() => !page.data.saving && page.data.notice !== '', 'the edit');
  expect(textOf(el(page, '#notice'))).toBe('已保存：花垣县驻村补助发放办法');
  await waitFor(() => page.data.items[0]?.tags.includes('补助标准'), 'the list read again');
  expect((await search({ tag: '补助标准' }))[0]).toMatchObject({ summary: '按在岗天数发放生活、交通、通讯补助，每月10日前发放。' });

  await tap(page, '#withdraw-0');
  await tap(page, '#confirm-withdraw');
  expect(textOf(el(page, '#withdraw-error'))).toBe('请写明撤回原因（至少 2 个字）');
  await type(page, '#withdraw-reason', '已被新文件替代');
  await tap(page, '#confirm-withdraw');
  await waitFor(() => !page.data.withdrawing && page.data.notice !== '', 'the withdrawal');
  expect(textOf(el(page, '#notice'))).toBe('已撤回：花垣县驻村补助发放办法，干部们不再看到这份文件');
  await waitFor(() => page.data.items[0]?.withdrawn !== '', 'the list read again');
  expect(textOf(el(page, '#withdrawn-0'))).toBe('已撤回：已被新文件替代（石慧敏 5月12日 10:00）');
  expect(page.querySelector('#withdraw-0')).toBeUndefined();
  expect(await search({ q: '补助' })).toEqual([]);
});

it('publishes for a township picked below, and shows it on the county’s list too', async () => {
  const page = await open();
  await pick(page, '#unit', page.data.unitLabels.indexOf('花垣县 / 双龙镇'));
  await waitFor(() => page.data.unitId === 'town-shuanglong' && page.data.listStatus === 'ok', '双龙镇');
  expect(textOf(el(page, '#empty'))).toBe('还没有发布政策文件');
  await tap(page, '#open-form');
  await type(page, '#title', '双龙镇人居环境整治工作安排');
  await type(page, '#issuer', '双龙镇人民政府');
  await type(page, '#summary', '每月开展一次全镇卫生评比。');
  chatFile('wxfile://tmp/anpai.docx', '工作安排.docx');
  await tap(page, '#choose-file');
  await waitFor(() => !!page.data.file, 'the file');
  await tap(page, '#publish');
  await waitFor(() => !page.data.publishing && page.data.items.length === 1, 'the document');
  expect(demo.device.uploadCalls.at(-1)!.formData).toMatchObject({ cloudPath: expect.stringMatching(/^policies\/town-shuanglong\/.+\.docx$/) });
  expect(textOf(el(page, '#doc-0'))).toContain('2026年5月12日印发 · 双龙镇');
  expect((await open()).data.total).toBe(2);
});

it('refuses a township’s staff the county, and those who are not staff', async () => {
  const town = await open(DEMO.townStaff, { unitId: 'county-huayuan' });
  expect(textOf(el(town, '#refused'))).toBe('您不能管理这个单位的政策文件');
  expect(town.querySelector('#open-form')).toBeUndefined();
  expect(textOf(el(await open(DEMO.cadre), '#forbidden'))).toBe('只有组织部门的同志可以管理政策文件');
});
