/**
 * 暗访统计 against a real local cloud seeded with the demo county, on Tuesday 12 May 2026: two
 * inspections of 十八洞村 (one found the team absent) and one of 夯沙村 (保靖县). 石慧敏 (花垣县)
 * sees her county by township, and the month's records; a month picked shows that month; 导出暗访
 * 台账 asks the ledger function for the month's Excel file and opens it; a cadre is refused.
 */
import * as http from 'node:http';
import { localTransport } from '../../../api/client';
import { setTransport } from '../../../api/index';
import type { CallRequest } from '../../../api/index';
import { DEMO, useDemoCloud } from '../../../testing/cloud';
import { el, openPage, pick, tap, textOf, waitFor } from '../../../testing/simulate';
import type { Rendered } from '../../../testing/simulate';

const PAGE = 'pages/inspection/figures/index';
const demo = useDemoCloud();
const SHIBADONG = ['p-fs-shibadong', 'p-tm-shibadong-1', 'p-tm-shibadong-2'];

beforeAll(async () => {
  demo.at('2026-05-12T09:00:00+08:00');
  await demo.tc.call('inspection.record', { clientId: 'page-figures-0001', villageId: 'vil-shibadong', marks: SHIBADONG.map((personId) => ({ personId, status: 'absent' })), findings: '村部大门紧锁，无人在岗。' }, DEMO.townStaff);
  demo.at('2026-05-12T09:10:00+08:00');
  await demo.tc.call('inspection.record', { clientId: 'page-figures-0002', villageId: 'vil-shibadong', marks: SHIBADONG.map((personId, i) => ({ personId, status: i ? 'present' : 'absent' })), findings: '两名队员在村，第一书记外出。' }, 'demo-hy-discipline');
  await demo.tc.call('inspection.record', { clientId: 'page-figures-0003', villageId: 'vil-hangsha', marks: ['p-fs-hangsha', 'p-tm-hangsha'].map((personId) => ({ personId, status: 'present' })), findings: '夯沙村驻村工作队在岗。' }, 'demo-bj-staff');
});

const open = (openid: string, query: Record<string, string> = {}) => {
  demo.loginAs(openid);
  return openPage(PAGE, query, (p) => p.data.status !== 'loading' && (p.data.status !== 'ok' || p.data.figuresStatus !== 'loading'));
};
const unitRows = (page: Rendered) => page.querySelectorAll('.unit-row').map(textOf);

it('shows the county’s month by township, with the total and the month’s records', async () => {
  const page = await open(DEMO.countyStaff);
  expect(textOf(el(page, '#title'))).toBe('花垣县 2026年5月暗访情况');
  expect(textOf(el(page, '#summary'))).toBe('暗访 2 次 · 1 个村 · 团队不在岗 1 次');
  expect(textOf(el(page, '#head'))).toBe('乡镇（街道） 暗访次数 暗访村数 团队不在岗 部分不在岗 不在岗人次 未签收');
  expect(unitRows(page)).toEqual(['边城镇 0 0 0 0 0 0', '双龙镇 2 1 1 1 4 2']);
  expect(textOf(el(page, '#row-town-shuanglong'))).toBe('双龙镇 2 1 1 1 4 2');
  expect(textOf(el(page, '#total'))).toBe('合计 2 1 1 1 4 2');
  expect(page.querySelectorAll('.list-item').map(textOf)).toEqual([
    expect.stringMatching(/^十八洞村 · 双龙镇 部分人员不在岗 5月12日 09:10 · 麻建军（花垣县纪委监委）/),
    expect.stringMatching(/^十八洞村 · 双龙镇 驻村团队不在岗 5月12日 09:00 · 龙小燕（双龙镇党委组织部）/),
  ]);
  // A township of the picker: by village.
  await waitFor(() => page.data.units.length > 1, 'the picker');
  const i = page.data.unitLabels.indexOf('花垣县 / 双龙镇');
  await pick(page, '#unit', i);
  await waitFor(() => page.data.figuresStatus === 'ok' && page.data.unitId === 'town-shuanglong', 'the township');
  expect(textOf(el(page, '#row-vil-shibadong'))).toBe('十八洞村 2 1 1 1 4 2');
  // April had none.
  await pick(page, '#month', '2026-04');
  await waitFor(() => page.data.figuresStatus === 'ok' && page.data.month === '2026-04', 'April');
  expect(textOf(el(page, '#no-items'))).toBe('这个月还没有暗访记录');
});

it('asks the ledger function for the month’s 暗访台账 and opens it', async () => {
  const sent: CallRequest[] = [];
  setTransport(async (req) => {
    sent.push(req);
    return localTransport(req);
  });
  const shown = { opened: 0, toasts: [] as string[], bytes: '' };
  jest.spyOn(wx, 'showLoading').mockImplementation(() => undefined as never);
  jest.spyOn(wx, 'hideLoading').mockImplementation(() => undefined as never);
  jest.spyOn(wx, 'showToast').mockImplementation(((o: { title: string }) => void shown.toasts.push(o.title)) as never);
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

  const page = await open(DEMO.townStaff);
  await tap(page, '#export');
  await waitFor(() => !page.data.exporting, 'the export');
  expect(sent.filter((r) => r.fn === 'ledger')).toEqual([{ fn: 'ledger', action: 'ledger.exportInspections', input: { unitId: 'town-shuanglong', month: '2026-05' } }]);
  expect(shown).toEqual({ opened: 1, toasts: [], bytes: 'PK' });
  setTransport(null);
});

it('refuses people who do not inspect, and a unit outside the caller’s', async () => {
  expect(textOf(el(await open(DEMO.cadre), '#forbidden'))).toBe('只有组织部门和纪委监委的同志可以查看暗访统计');
  const other = await open(DEMO.townStaff, { unitId: 'county-baojing' });
  expect(other.data.figuresStatus).toBe('forbidden');
  await waitFor(() => other.data.units.length > 0, 'the picker');
  expect(textOf(el(other, '#refused'))).toBe('您不能查看这个单位的暗访统计');
});
