/**
 * 政策文件 against a real local cloud seeded with the demo county, on Tuesday 12 May 2026: the
 * city, 花垣县 and 双龙镇 have published documents (and 保靖县 one that does not apply to
 * 十八洞村). 蒋文博, first secretary of 十八洞村, reads them newest first, filters by a tag chip
 * and by a keyword, and opens one: its summary shows and the PDF opens in WeChat's viewer.
 */
import { DEMO, useDemoCloud } from '../../../../testing/cloud';
import { el, openPage, tap, textOf, type, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';
import { uploadAs } from '../../../../testing/village';

const PAGE = 'pages/work/policy/search/index';
const demo = useDemoCloud();

const CITY = 'demo-city-staff-xiang';
const BJ = 'demo-bj-staff';
let n = 0;

async function publish(openid: string, unitId: string, fields: { title: string; issuer: string; docNumber?: string; issuedOn: string; tags: string[]; summary: string }): Promise<string> {
  const fileId = await uploadAs(demo.tc, openid, `policies/${unitId}/search-${++n}.pdf`, Buffer.from('%PDF-1.4 政策文件'));
  const r = await demo.tc.call('policy.publish', { unitId, clientId: `policy-search-${n}-abcdefgh`, ...fields, file: { fileId, name: `${fields.title}.pdf` } }, openid);
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.data.id as string;
}

beforeAll(async () => {
  await publish(CITY, 'city-xiangxi', { title: '湘西州驻村第一书记管理办法', issuer: '中共湘西州委组织部', docNumber: '州组发〔2026〕3号', issuedOn: '2026-03-01', tags: ['驻村管理', '考核'], summary: '明确第一书记的职责、考勤、请假和考核办法。' });
  await publish(DEMO.countyStaff, 'county-huayuan', { title: '花垣县村级集体经济发展三年行动方案', issuer: '花垣县农业农村局', issuedOn: '2026-04-20', tags: ['乡村振兴', '集体经济'], summary: '支持村集体发展猕猴桃、茶叶产业。' });
  await publish(DEMO.townStaff, 'town-shuanglong', { title: '双龙镇人居环境整治工作安排', issuer: '双龙镇人民政府', docNumber: '双政发〔2026〕8号', issuedOn: '2026-05-06', tags: ['人居环境', '乡村振兴'], summary: '每月开展一次全镇卫生评比。' });
  await publish(BJ, 'county-baojing', { title: '保靖县驻村工作队考勤细则', issuer: '保靖县委组织部', issuedOn: '2026-05-08', tags: ['驻村管理'], summary: '驻村工作队员每日签到。' });
});

async function open(openid: string = DEMO.cadre): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, {}, (p) => p.data.status !== 'loading' && (p.data.status !== 'ok' || p.data.listStatus !== 'loading'), 'the documents');
}

const searched = (page: Rendered) => waitFor(() => page.data.listStatus !== 'loading', 'the search');
const titles = (page: Rendered) => page.querySelectorAll('.doc-title').map(textOf);

it('lists the documents that apply, newest first, with their issuing body, 文号, date and tags', async () => {
  const page = await open();
  expect(textOf(el(page, '#heading'))).toBe('共 3 份文件');
  expect(titles(page)).toEqual(['双龙镇人居环境整治工作安排', '花垣县村级集体经济发展三年行动方案', '湘西州驻村第一书记管理办法']);
  expect(textOf(el(page, '#doc-0'))).toBe('双龙镇人居环境整治工作安排 双龙镇人民政府 · 双政发〔2026〕8号 2026年5月6日印发 · 双龙镇 人居环境 乡村振兴');
  expect(textOf(el(page, '#doc-1 .doc-source'))).toBe('花垣县农业农村局');
  // The tags in use, most used first, with their counts (保靖县's are not his).
  expect(page.querySelectorAll('.chip').map(textOf)).toEqual(['乡村振兴 2', '人居环境 1', '考核 1', '集体经济 1', '驻村管理 1']);
});

it('filters by a tag chip and by a keyword, and says when nothing matches', async () => {
  const page = await open();
  await tap(page, '#tag-0');
  await searched(page);
  expect(page.data.tag).toBe('乡村振兴');
  expect(el(page, '#tag-0').dom).toBeDefined();
  expect(textOf(el(page, '#heading'))).toBe('标签“乡村振兴”的搜索结果 2 份');
  expect(titles(page)).toEqual(['双龙镇人居环境整治工作安排', '花垣县村级集体经济发展三年行动方案']);
  // A keyword too.
  await type(page, '#q', '花垣');
  await tap(page, '#search');
  await searched(page);
  expect(textOf(el(page, '#heading'))).toBe('“花垣”、标签“乡村振兴”的搜索结果 1 份');
  expect(titles(page)).toEqual(['花垣县村级集体经济发展三年行动方案']);
  // A second tap on the chip takes it back.
  await tap(page, '#tag-0');
  await searched(page);
  expect(page.data.tag).toBe('');
  expect(titles(page)).toEqual(['花垣县村级集体经济发展三年行动方案']);
  // The keyboard's 搜索 key, on a 文号.
  await type(page, '#q', '州组发');
  el(page, '#q').dispatchEvent('confirm', { detail: { value: '州组发' } });
  await waitFor(() => page.data.listStatus === 'ok' && page.data.items.length === 1 && page.data.items[0].title === '湘西州驻村第一书记管理办法', 'the 文号 search');
  await type(page, '#q', '保靖');
  await tap(page, '#search');
  await searched(page);
  expect(textOf(el(page, '#empty'))).toBe('没有找到符合条件的文件，换个关键词试试');
  await tap(page, '#clear');
  await searched(page);
  expect(page.data.q).toBe('');
  expect(titles(page)).toHaveLength(3);
});

it('opens a document: its summary shows and the file opens in the document viewer', async () => {
  const download = jest.spyOn(wx, 'downloadFile');
  const openDocument = jest.spyOn(wx, 'openDocument');
  const page = await open();
  await tap(page, '#open-1');
  await waitFor(() => page.data.openingId === '' && openDocument.mock.calls.length === 1, 'the document viewer');
  expect(textOf(el(page, '#doc-1 #summary'))).toBe('支持村集体发展猕猴桃、茶叶产业。');
  expect(textOf(el(page, '#opened'))).toContain('文件：花垣县村级集体经济发展三年行动方案.pdf');
  expect(download).toHaveBeenCalledWith(expect.objectContaining({ url: expect.stringMatching(/^http/) }));
  expect(openDocument).toHaveBeenCalledWith(expect.objectContaining({ fileType: 'pdf', showMenu: true }));
  // 打开文件 opens it again (a fresh link); 收起 folds it.
  await tap(page, '#reopen');
  await waitFor(() => page.data.openingId === '' && openDocument.mock.calls.length === 2, 'the viewer again');
  await tap(page, '#close');
  expect(page.querySelector('#opened')).toBeUndefined();
});

it('says a document withdrawn since the list was read is gone', async () => {
  const page = await open();
  const id = page.data.items[0].id;
  expect(await demo.tc.call('policy.withdraw', { id, reason: '已被新文件替代' }, DEMO.townStaff)).toMatchObject({ ok: true });
  const toast = jest.spyOn(wx, 'showToast');
  await tap(page, '#open-0');
  await waitFor(() => page.data.openingId === '', 'policy.open');
  expect(textOf(el(page, '#open-error'))).toBe('这份文件已撤回，请刷新列表');
  expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title: '该文件已撤回' }));
  expect(titles(await open())).toEqual(['花垣县村级集体经济发展三年行动方案', '湘西州驻村第一书记管理办法']);
});

it('shows staff what applies to them, and pages through a long list', async () => {
  for (let i = 1; i <= 20; i++) await publish(DEMO.countyStaff, 'county-huayuan', { title: `花垣县驻村工作通知第${i}号`, issuer: '花垣县委组织部', issuedOn: '2026-01-05', tags: ['通知'], summary: `第${i}号通知。` });
  const page = await open(DEMO.countyStaff);
  expect(textOf(el(page, '#heading'))).toBe('共 22 份文件');
  expect(page.data.items).toHaveLength(20);
  await tap(page, '#more');
  await waitFor(() => !page.data.loadingMore, 'the next page');
  expect(page.data.items).toHaveLength(22);
  expect(page.querySelector('#more')).toBeUndefined();
  expect(titles(page).slice(0, 2)).toEqual(['花垣县村级集体经济发展三年行动方案', '湘西州驻村第一书记管理办法']);
});

it('refuses people who are neither cadres nor staff', async () => {
  expect(textOf(el(await open('demo-tutor'), '#forbidden'))).toBe('政策文件供驻村干部和组织部门的同志查阅');
});
