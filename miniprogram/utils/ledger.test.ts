/**
 * openLedger against the real local cloud (the `ledger` function builds a real file): the
 * export, the download into the phone's files under the ledger's name, the viewer, and a Chinese
 * toast for every way it can fail. `wx.downloadFile` fetches the link over HTTP as the phone would.
 */
import * as http from 'node:http';
import { useDemoCloud, DEMO } from '../testing/cloud';
import { LEDGER_MESSAGES, openLedger } from './ledger';

const demo = useDemoCloud();

interface Calls {
  downloads: Record<string, unknown>[];
  bytes: Buffer | null;
  opened: Record<string, unknown>[];
  toasts: string[];
  loading: number;
}
let calls: Calls;
let downloadAnswer: 'http' | 'fail' | 404;
let openAnswer: boolean;

function fetchBytes(url: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

beforeEach(() => {
  calls = { downloads: [], bytes: null, opened: [], toasts: [], loading: 0 };
  downloadAnswer = 'http';
  openAnswer = true;
  Object.assign((globalThis as unknown as { wx: Record<string, unknown> }).wx, {
    env: { USER_DATA_PATH: 'http://usr' },
    showLoading: () => void (calls.loading += 1),
    hideLoading: () => void (calls.loading -= 1),
    showToast: (o: { title: string }) => void calls.toasts.push(o.title),
    downloadFile: (o: WechatMiniprogram.DownloadFileOption) => {
      calls.downloads.push({ url: o.url, filePath: o.filePath });
      if (downloadAnswer === 'fail') return setTimeout(() => o.fail?.({ errMsg: 'downloadFile:fail timeout' }), 0);
      if (downloadAnswer === 404) return setTimeout(() => o.success?.({ statusCode: 404, tempFilePath: 'http://tmp/x', filePath: '', profile: {} as never, errMsg: 'downloadFile:ok' } as never), 0);
      fetchBytes(o.url).then(({ status, body }) => {
        calls.bytes = body;
        o.success?.({ statusCode: status, tempFilePath: '', filePath: o.filePath ?? '', profile: {} as never, errMsg: 'downloadFile:ok' } as never);
      }, () => o.fail?.({ errMsg: 'downloadFile:fail' }));
    },
    openDocument: (o: WechatMiniprogram.OpenDocumentOption) => {
      calls.opened.push({ filePath: o.filePath, fileType: o.fileType, showMenu: o.showMenu });
      setTimeout(() => (openAnswer ? o.success?.({ errMsg: 'openDocument:ok' }) : o.fail?.({ errMsg: 'openDocument:fail filetype not supported' })), 0);
    },
  });
});

it('exports, downloads the file under its name and opens it with the menu', async () => {
  demo.loginAs(DEMO.countyStaff);
  const made = await openLedger({ ledger: 'leave', unitId: 'town-shuanglong', month: '2026-05' });
  expect(made).toMatchObject({ fileName: '双龙镇2026年5月驻村干部请假台账.xlsx', rows: 0 });
  expect(calls.downloads).toEqual([{ url: made!.url, filePath: 'http://usr/双龙镇2026年5月驻村干部请假台账.xlsx' }]);
  // An .xlsx is a zip: it starts with PK.
  expect(calls.bytes!.subarray(0, 2).toString()).toBe('PK');
  expect(calls.opened).toEqual([{ filePath: 'http://usr/双龙镇2026年5月驻村干部请假台账.xlsx', fileType: 'xlsx', showMenu: true }]);
  expect(calls.toasts).toEqual([]);
  expect(calls.loading).toBe(0);
});

it('tells the person in Chinese when the export is refused or the input is wrong', async () => {
  demo.loginAs(DEMO.townStaff);
  expect(await openLedger({ ledger: 'attendance', unitId: 'county-huayuan', month: '2026-05' })).toBeNull();
  expect(calls.toasts).toEqual(['没有权限进行此操作']);
  demo.loginAs(DEMO.countyStaff);
  expect(await openLedger({ ledger: 'attendance', unitId: 'county-huayuan' })).toBeNull();
  expect(calls.toasts[1]).toContain('月份：请选择月份');
  expect(calls.downloads).toEqual([]);
  expect(calls.loading).toBe(0);
});

it('tells the person when the download or the viewer fails', async () => {
  demo.loginAs(DEMO.countyStaff);
  const input = { ledger: 'spotChecks', unitId: 'town-shuanglong', month: '2026-05' } as const;
  downloadAnswer = 'fail';
  expect(await openLedger(input)).toBeNull();
  downloadAnswer = 404;
  expect(await openLedger(input)).toBeNull();
  downloadAnswer = 'http';
  openAnswer = false;
  expect(await openLedger(input)).toBeNull();
  expect(calls.toasts).toEqual([LEDGER_MESSAGES.downloadFailed, LEDGER_MESSAGES.linkExpired, LEDGER_MESSAGES.openFailed]);
  expect(calls.opened).toHaveLength(1);
  expect(calls.loading).toBe(0);
});

it('answers a network failure with the api client’s Chinese message', async () => {
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  demo.loginAs(DEMO.countyStaff);
  demo.device.setOnline(false);
  expect(await openLedger({ ledger: 'leave', unitId: 'town-shuanglong', month: '2026-05' })).toBeNull();
  expect(calls.toasts).toEqual(['网络不畅，请检查网络后重试']);
});
