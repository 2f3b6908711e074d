/**
 * 农户管理 against a real local cloud with the demo county: 蒋文博 (第一书记) imports 十八洞村's
 * roster from an Excel file on his phone (made here with exceljs): checked first — a bad row
 * named with its number — then imported on 确认导入; the same file again adds nobody. He adds one
 * household by hand and 注销 another. A team member reads the list but keeps nothing; staff of
 * the township pick the village.
 */
import ExcelJS from 'exceljs';
import { useDemoCloud } from '../../../testing/cloud';
import { el, openPage, tap, textOf, type, waitFor } from '../../../testing/simulate';
import { FS, TM1, TOWN } from '../../../testing/visit';

const PAGE = 'pages/visit/households/index';
const demo = useDemoCloud();
const FILE = 'wxfile://tmp/huamingce.xlsx';

async function roster(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  ws.addRow(['户主姓名', '村民小组', '门牌号或地址', '联系电话', '家庭人口', '标签']);
  ws.addRow(['龙德忠', '一组', '1号', '13800001001', 4, '脱贫户']);
  ws.addRow(['施成富', '一组', '2号', '', 3, '']);
  ws.addRow(['杨秀英', '', '3号', '', 2, '']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The phone's file picker (WeChat's 聊天文件): it gives the roster file. */
function pickFile(): void {
  Object.assign(wx, { chooseMessageFile: (o: { success?: (r: unknown) => void }) => setTimeout(() => o.success?.({ tempFiles: [{ path: FILE, name: '十八洞村花名册.xlsx', size: 8000, type: 'file', time: 0 }] }), 0) });
}

async function open(openid: string, query: Record<string, string> = {}) {
  demo.loginAs(openid);
  return openPage(PAGE, query);
}

it('imports the roster from a file, checked first, the same file again adding nobody', async () => {
  demo.device.files.set(FILE, await roster());
  pickFile();
  const page = await open(FS);
  expect(textOf(el(page, '#title'))).toBe('农户管理 · 十八洞村');
  expect(textOf(el(page, '#empty'))).toBe('还没有农户，请导入花名册或新增');
  await tap(page, '#choose-file');
  await waitFor(() => !!page.data.checked, 'the check');
  expect(textOf(el(page, '#import-text'))).toBe('共 3 行：可导入 2 户（新增 2，更新 0，无变化 0），有问题 1 行');
  expect(textOf(el(page, '#row-error-0'))).toBe('第4行：村民小组不能为空');
  expect((await demo.tc.call('visit.households', { villageId: 'vil-shibadong' }, TOWN)).data.total).toBe(0);
  await tap(page, '#confirm-import');
  await waitFor(() => page.data.items.length === 2, 'the imported households');
  expect(textOf(el(page, '#import-text'))).toBe('已导入：新增 2 户，更新 0 户，1 行有问题未导入');
  expect(page.querySelectorAll('.list-item').map(textOf).sort()).toEqual(['施成富 未分组 一组 2号 3人', '龙德忠 未分组 一组 1号 · 13800001001 4人 · 脱贫户'].sort());
  expect(textOf(el(page, '#all'))).toBe('2 户');
  // The same file again: nothing new.
  await tap(page, '#choose-file');
  await waitFor(() => !!page.data.checked, 'the second check');
  expect(textOf(el(page, '#import-text'))).toContain('新增 0，更新 0，无变化 2');
  await tap(page, '#cancel-import');
  expect(page.querySelector('#confirm-import')).toBeUndefined();
});

it('adds one by hand and 注销 one', async () => {
  const page = await open(FS);
  await tap(page, '#add');
  await type(page, '#add-head', '吴老四');
  await type(page, '#add-group', '三组');
  await tap(page, '#save-new');
  expect(textOf(el(page, '#form-error'))).toBe('请填写户主姓名、村民小组和门牌号或地址');
  await type(page, '#add-house', '12号');
  await type(page, '#add-phone', '1380000');
  await tap(page, '#save-new');
  await waitFor(() => !page.data.saving, 'the refusal');
  expect(textOf(el(page, '#form-error'))).toContain('联系电话');
  await type(page, '#add-phone', '13800001012');
  await type(page, '#add-tags', '脱贫户、低保户');
  await tap(page, '#save-new');
  await waitFor(() => page.data.items.length === 3, 'the new household');
  const added = page.data.items.findIndex((i: { head: string }) => i.head === '吴老四');
  expect(textOf(el(page, `#household-${added}`))).toContain('三组 12号 · 13800001012');
  await tap(page, `#household-${added}`);
  await tap(page, '#toggle-active');
  await tap(page, '#save-edit');
  await waitFor(() => page.data.items.length === 2, 'the household 注销');
  await tap(page, '#inactive');
  await waitFor(() => page.data.items.length === 1, 'the 注销 list');
  expect(textOf(el(page, '#household-0'))).toContain('吴老四');
});

it('lets a team member read only, and staff pick the village', async () => {
  const tm = await open(TM1);
  expect(tm.querySelector('#import')).toBeUndefined();
  expect(tm.querySelector('#add')).toBeUndefined();
  const staff = await open(TOWN);
  await waitFor(() => staff.data.villages.length > 0, 'the villages');
  const i = staff.data.villageNames.findIndex((n: string) => n.includes('十八洞村'));
  el(staff, '#village').dispatchEvent('change', { detail: { value: i } });
  await waitFor(() => staff.data.villageId === 'vil-shibadong' && staff.data.items.length === 2, 'the village picked');
  expect(textOf(el(staff, '#village-name'))).toBe('双龙镇 / 十八洞村 ▾');
  expect(staff.querySelector('#import')).toBeTruthy();
});
