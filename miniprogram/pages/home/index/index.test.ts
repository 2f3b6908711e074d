/**
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 *
 * (jsdom would otherwise resolve packages to their browser/ESM builds; the local cloud that
 * runs in this process needs their Node builds.)
 */
/**
 * The home page against a real local cloud, started in this test process: the page calls
 * `system.ping` through the api client's local transport (`wx.request`, done here with Node's
 * `http`), the local cloud runs the real `api` function, router and action, and the page shows
 * what came back. Nothing of the backend is mocked.
 */
import { startTestCloud } from '../../../../test/harness';
import type { TestCloud } from '../../../../test/harness';
import { setTransport } from '../../../api/index';
import { OPENID_KEY } from '../../../api/local';
import { config } from '../../../config';
import { installWx } from '../../../testing/wx';
import { render, textOf, waitFor } from '../../../testing/simulate';
import type { Rendered } from '../../../testing/simulate';

const PAGE = 'pages/home/index/index';
/** Demo logins in the shape scripts/demo serves them. */
const PEOPLE = [
  { id: 'p-1', openid: 'o-cadre-wang', name: '王建国', title: '第一书记', roles: [{ role: 'cadre', roleName: '驻村干部', orgUnitId: 'vil-1', unitName: '石桥村' }] },
  { id: 'p-2', openid: 'o-staff-li', name: '李秀英', title: '组织员', roles: [{ role: 'staff', roleName: '组织部', orgUnitId: 'county-1', unitName: '城关县' }] },
];

let tc: TestCloud;
let wx: ReturnType<typeof installWx>;
const savedConfig = { ...config };

beforeAll(async () => {
  tc = await startTestCloud({ people: () => PEOPLE });
  Object.assign(config, { mode: 'local', localUrl: tc.cloud.url });
  wx = installWx();
});

afterAll(async () => {
  wx.restore();
  Object.assign(config, savedConfig);
  await tc.stop();
});

beforeEach(() => {
  wx.storage.clear();
  setTransport(null);
  tc.cloud.clock.set('2026-10-01T10:00:00+08:00', { frozen: true });
});

const settled = (page: Rendered) => waitFor(() => page.data.status !== 'loading' && page.data.peopleStatus !== 'loading', 'the page to settle');

it('shows the server’s Beijing time and that today is a statutory holiday', async () => {
  const page = render(PAGE);
  await settled(page);
  const text = textOf(page);
  expect(text).toContain('服务正常');
  expect(text).toContain('2026年10月1日 星期四 10:00');
  expect(text).toContain('法定节假日（国庆节）');
  expect(text).toContain('当前身份 未登录');
});

it('names the kind of day from the real calendar', async () => {
  const days: [string, string][] = [
    ['2026-10-10T09:00:00+08:00', '调休上班（国庆节）'],
    ['2026-10-12T09:00:00+08:00', '工作日'],
    ['2026-10-18T09:00:00+08:00', '休息日'],
  ];
  for (const [at, expected] of days) {
    tc.cloud.clock.set(at, { frozen: true });
    const page = render(PAGE);
    await settled(page);
    expect(page.querySelector('#day')!.dom!.textContent).toBe(expected);
  }
});

it('lists the local demo people, and picking one logs in as them', async () => {
  const page = render(PAGE);
  await settled(page);
  expect(textOf(page)).toContain('本地演示登录');
  const people = page.querySelectorAll('.person');
  expect(people.map((p) => textOf(p))).toEqual(['王建国 第一书记 · 驻村干部（石桥村）', '李秀英 组织员 · 组织部（城关县）']);

  people[1]!.dispatchEvent('tap');
  await waitFor(() => page.data.status === 'ok' && page.data.caller === 'o-staff-li', 'the ping as the chosen person');
  expect(wx.storage.get(OPENID_KEY)).toBe('o-staff-li');
  expect(page.querySelector('#me')!.dom!.textContent).toBe('李秀英');
  expect(textOf(page.querySelectorAll('.person')[1]!)).toContain('当前');

  // The login is kept: a new page opens as the same person, and logging out forgets it.
  const again = render(PAGE);
  await settled(again);
  expect(again.querySelector('#me')!.dom!.textContent).toBe('李秀英');
  again.querySelector('#logout')!.dispatchEvent('tap');
  await waitFor(() => again.data.status === 'ok' && again.data.caller === '', 'the ping after logging out');
  expect(again.querySelector('#me')!.dom!.textContent).toBe('未登录');
  expect(wx.storage.has(OPENID_KEY)).toBe(false);
});

it('shows a readable Chinese error when the call fails, and 重试 recovers', async () => {
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  setTransport(() => Promise.reject(new Error('socket hang up')));
  const page = render(PAGE);
  await settled(page);
  expect(page.data.status).toBe('error');
  const text = textOf(page);
  expect(text).toContain('暂时连不上服务');
  expect(text).toContain('网络不畅，请检查网络后重试');
  expect(text).not.toContain('服务正常');

  setTransport(null); // back to the real local transport
  page.querySelector('#retry')!.dispatchEvent('tap');
  await waitFor(() => page.data.status === 'ok', 'the retry');
  expect(textOf(page)).toContain('法定节假日（国庆节）');
  jest.restoreAllMocks();
});

it('shows the error when the local cloud cannot be reached at all', async () => {
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  config.localUrl = 'http://127.0.0.1:1'; // nothing listens there
  try {
    const page = render(PAGE);
    await settled(page);
    expect(page.querySelector('#error')!.dom!.textContent).toBe('网络不畅，请检查网络后重试');
    expect(page.querySelector('#people-error')!.dom!.textContent).toBe('网络不畅，请检查网络后重试');
  } finally {
    config.localUrl = tc.cloud.url;
    jest.restoreAllMocks();
  }
});
