/**
 * 问题台账 against a real local cloud with the demo county: the problem 蒋文博 raised at 龙德忠's
 * lists for 双龙镇's staff (a tap opens it where tickets are handled) and for the village's cadre
 * (a tap opens it to follow); the filters; staff export the ledger from the ledger function.
 */
import * as http from 'node:http';
import { localTransport } from '../../../api/client';
import { setTransport } from '../../../api/index';
import type { CallRequest } from '../../../api/index';
import { useDemoCloud } from '../../../testing/cloud';
import { el, openPage, tap, textOf, waitFor } from '../../../testing/simulate';
import { seedVisits, TM1, TOWN } from '../../../testing/visit';
import type { SeededVisits } from '../../../testing/visit';

const PAGE = 'pages/visit/problems/index';
const demo = useDemoCloud();
let seeded: SeededVisits;

beforeAll(async () => {
  seeded = await seedVisits(demo.tc);
});

async function open(openid: string) {
  demo.loginAs(openid);
  const page = await openPage(PAGE);
  await waitFor(() => page.data.listStatus !== 'loading', 'the list');
  return page;
}

it('lists the township’s visit problems for staff, who open them to handle', async () => {
  const go = jest.spyOn(wx, 'navigateTo');
  const page = await open(TOWN);
  expect(textOf(el(page, '#count'))).toBe('共 1 个问题');
  expect(textOf(el(page, '#problem-0'))).toContain('龙德忠（一组） 待受理');
  expect(textOf(el(page, '#problem-0'))).toContain('走访干部 蒋文博');
  await tap(page, '#problem-0');
  expect(go).toHaveBeenLastCalledWith(expect.objectContaining({ url: `/pages/admin/complaint/detail/index?id=${seeded.problemId}` }));
  await tap(page, '#filter-done');
  await waitFor(() => page.data.listStatus === 'ok' && page.data.filter === 'done', 'the done filter');
  expect(textOf(el(page, '#empty'))).toBe('这段时间没有走访发现的问题');
});

it('lets a cadre of the village follow them', async () => {
  const go = jest.spyOn(wx, 'navigateTo');
  const page = await open(TM1);
  expect(textOf(el(page, '#unit-name'))).toBe('十八洞村');
  expect(page.querySelector('#export')).toBeUndefined();
  await tap(page, '#problem-0');
  expect(go).toHaveBeenLastCalledWith(expect.objectContaining({ url: `/pages/visit/problem/index?id=${seeded.problemId}` }));
});

it('exports the ledger as an Excel file', async () => {
  const sent: CallRequest[] = [];
  setTransport(async (req) => {
    sent.push(req);
    return localTransport(req);
  });
  const shown = { opened: 0, bytes: '' };
  jest.spyOn(wx, 'showLoading').mockImplementation(() => undefined as never);
  jest.spyOn(wx, 'hideLoading').mockImplementation(() => undefined as never);
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
  const page = await open(TOWN);
  await tap(page, '#export');
  await waitFor(() => shown.opened === 1, 'the ledger opened');
  expect(sent.filter((r) => r.fn === 'ledger')).toEqual([{ fn: 'ledger', action: 'visit.exportProblems', input: { unitId: 'town-shuanglong', period: '2026-05' } }]);
  expect(shown.bytes).toBe('PK');
  setTransport(null);
});
