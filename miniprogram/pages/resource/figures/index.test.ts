/**
 * 帮扶统计 against a real local cloud seeded with the demo county, on Tuesday 12 May 2026: projects
 * of 十八洞村 and 金龙村 (双龙镇) and 隘门村 (边城镇), one confirmed, and a 好事实事. 石慧敏 (花垣县)
 * reads the county by township and by village, with bars in proportion to the amounts, all and
 * confirmed only; the export asks the ledger function for the county's 帮扶项目台账 and opens it;
 * a township's staff are refused another township, and a cadre the page.
 */
import * as http from 'node:http';
import { localTransport } from '../../../api/client';
import { setTransport } from '../../../api/index';
import type { CallRequest } from '../../../api/index';
import { DEMO, useDemoCloud } from '../../../testing/cloud';
import { el, openPage, tap, textOf, waitFor } from '../../../testing/simulate';
import type { Rendered } from '../../../testing/simulate';

const PAGE = 'pages/resource/figures/index';
const demo = useDemoCloud();
let n = 0;
async function add(openid: string, fields: Record<string, unknown>): Promise<string> {
  const r = await demo.tc.call('resource.add', { clientId: `figures-page-${++n}-abcdefgh`, kind: 'industry', source: 'dispatchingUnit', status: 'planning', plannedOn: '2026-04-01', ...fields }, openid);
  expect(r).toMatchObject({ ok: true });
  return r.data.id;
}

beforeAll(async () => {
  const kiwi = await add(DEMO.cadre, { name: '猕猴桃产业园', amountYuan: '1000000' });
  await add('demo-fs-jinlong', { name: '茶叶加工厂', amountYuan: '500000', kind: 'infrastructure', source: 'countyDept', sourceName: '县农业农村局' });
  await add('demo-fs-aimen', { name: '安全饮水工程', amountYuan: '250000.5', kind: 'livelihood', source: 'social', sourceName: '某公司', status: 'building', startedOn: '2026-04-10' });
  expect(await demo.tc.call('resource.confirm', { id: kiwi, version: 1 }, DEMO.countyStaff)).toMatchObject({ ok: true });
  expect(await demo.tc.call('resource.addDeed', { clientId: 'figures-page-deed-1', date: '2026-05-11', text: '帮助五保户修缮屋顶' }, DEMO.cadre)).toMatchObject({ ok: true });
});

async function open(openid: string = DEMO.countyStaff, query: Record<string, string> = {}): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, query, (p) => p.data.status !== 'loading' && (p.data.status !== 'ok' || (p.data.figuresStatus !== 'loading' && p.data.units.length > 0)), 'the figures');
}
const counted = (page: Rendered) => waitFor(() => page.data.figuresStatus === 'ok', 'the figures');
const bar = (page: Rendered, id: string) => ({ text: textOf(el(page, id)), width: page.data[id.startsWith('#row') ? 'rows' : id.startsWith('#kind') ? 'byKind' : id.startsWith('#source') ? 'bySource' : 'byStatus'].find((b: { key: string }) => `#${id.split('-')[0]!.slice(1)}-${b.key}` === id)?.width });

it('shows the county by township and by village, with bars in proportion', async () => {
  const page = await open();
  expect(textOf(el(page, '#title'))).toBe('花垣县帮扶资源');
  expect(textOf(el(page, '#count'))).toBe('3 个');
  expect(textOf(el(page, '#amount'))).toBe('1,750,000.50元（175.00万元）');
  expect(textOf(el(page, '#confirmed'))).toBe('1 个，1,000,000.00元');
  expect(textOf(el(page, '#deeds'))).toBe('1 件');
  expect(textOf(el(page, '#by-unit'))).toContain('乡镇（街道）');
  expect(bar(page, '#row-town-shuanglong')).toEqual({ text: '双龙镇 2 个 · 1,500,000.00元，已核实 1 个', width: 100 });
  expect(bar(page, '#row-town-biancheng')).toEqual({ text: '边城镇 1 个 · 250,000.50元，已核实 0 个', width: 17 });
  expect(bar(page, '#kind-industry')).toEqual({ text: '产业项目 1 个 · 1,000,000.00元', width: 100 });
  expect(bar(page, '#kind-infrastructure')).toEqual({ text: '基础设施 1 个 · 500,000.00元', width: 50 });
  expect(bar(page, '#kind-other')).toEqual({ text: '其他 0 个 · 0.00元', width: 0 });
  expect(bar(page, '#source-social')).toEqual({ text: '社会帮扶 1 个 · 250,000.50元', width: 25 });
  expect(bar(page, '#status-planning')).toEqual({ text: '谋划中 2 个 · 1,500,000.00元', width: 100 });
  expect(bar(page, '#status-building')).toEqual({ text: '在建 1 个 · 250,000.50元', width: 17 });

  await tap(page, '#by-village');
  await waitFor(() => page.data.figuresStatus === 'ok' && page.data.by === 'village', 'by village');
  // Ten villages, then the kinds, sources and statuses (5 + 4 + 3).
  expect(page.querySelectorAll('.bar-row')).toHaveLength(10 + 12);
  expect(bar(page, '#row-vil-shibadong')).toEqual({ text: '十八洞村 1 个 · 1,000,000.00元，已核实 1 个', width: 100 });
  expect(bar(page, '#row-vil-paibi')).toEqual({ text: '排碧村 0 个 · 0.00元，已核实 0 个', width: 0 });

  await tap(page, '#confirmed-only');
  await waitFor(() => page.data.figuresStatus === 'ok' && page.data.confirmedOnly, 'confirmed only');
  expect(textOf(el(page, '#title'))).toBe('花垣县帮扶资源（已核实）');
  expect(textOf(el(page, '#count'))).toBe('1 个');
  expect(page.querySelector('#confirmed')).toBeUndefined();
  expect(bar(page, '#row-vil-jinlong')).toEqual({ text: '金龙村 0 个 · 0.00元', width: 0 });
});

it('asks the ledger function for the unit’s 帮扶项目台账 and opens it', async () => {
  const sent: CallRequest[] = [];
  setTransport(async (req) => {
    sent.push(req);
    return localTransport(req);
  });
  const shown = { opened: 0, toasts: [] as string[], bytes: '' };
  jest.spyOn(wx, 'showLoading').mockImplementation(() => undefined as never);
  jest.spyOn(wx, 'hideLoading').mockImplementation(() => undefined as never);
  jest.spyOn(wx, 'showToast').mockImplementation(((o: { title: string }) => void shown.toasts.push(o.title)) as never);
  // The phone downloads the file the ledger function made (an .xlsx is a zip: it starts with PK).
  jest.spyOn(wx, 'downloadFile').mockImplementation(((o: WechatMiniprogram.DownloadFileOption) => {
    http.get(o.url, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        shown.bytes = Buffer.concat(chunks).subarray(0, 2).toString();
        o.success?.({ statusCode: res.statusCode ?? 0, tempFilePath: 'http://tmp/ledger.xlsx', filePath: '', profile: {} as never, errMsg: 'downloadFile:ok' } as never);
      });
    });
  }) as never);
  jest.spyOn(wx, 'openDocument').mockImplementation(((o: WechatMiniprogram.OpenDocumentOption) => {
    shown.opened++;
    setTimeout(() => o.success?.({ errMsg: 'openDocument:ok' }), 0);
  }) as never);

  const page = await open();
  await tap(page, '#confirmed-only');
  await counted(page);
  await tap(page, '#export');
  await waitFor(() => !page.data.exporting, 'the export');
  expect(sent.filter((r) => r.fn === 'ledger')).toEqual([{ fn: 'ledger', action: 'ledger.exportResources', input: { unitId: 'county-huayuan', confirmedOnly: true } }]);
  expect(shown).toEqual({ opened: 1, toasts: [], bytes: 'PK' });
  setTransport(null);
});

it('refuses another township, and a cadre', async () => {
  const other = await open(DEMO.townStaff, { unitId: 'town-biancheng' });
  expect(other.data.figuresStatus).toBe('forbidden');
  expect(textOf(el(other, '#refused'))).toBe('您不能查看这个单位的帮扶统计');
  expect(textOf(el(await open(DEMO.cadre), '#forbidden'))).toBe('只有组织部门的同志可以查看帮扶统计');
});
