/**
 * The deployable bundles run: build every function into a temporary folder, load the `api`
 * bundle (not the sources) into a local cloud, and call system.ping through it.
 */
import { mkdirSync, mkdtempSync, rmSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildFunctions, type BundleReport } from './build';
import { bundledFunctions, ROOT } from './functions';
import { collections } from '../server/collections';
import { LocalCloud } from '../localcloud';

let dir: string;
let reports: BundleReport[];
let cloud: LocalCloud;

beforeAll(async () => {
  // Inside the repository, so that the bundles' `require('wx-server-sdk')` resolves as it does when deployed.
  mkdirSync(join(ROOT, 'build'), { recursive: true });
  dir = mkdtempSync(join(ROOT, 'build', 'test-'));
  reports = await buildFunctions(dir);
  cloud = await LocalCloud.start({ port: 0, collections, functions: bundledFunctions(dir), log: () => undefined });
}, 60_000);

afterAll(async () => {
  await cloud?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('writes a deployable folder per function with its config and package.json', () => {
  expect(reports.map((r) => r.name)).toEqual(['api', 'ledger', 'tick']);
  for (const r of reports) {
    for (const f of ['index.js', 'config.json', 'package.json']) expect(existsSync(join(r.dir, f))).toBe(true);
    const pkg = JSON.parse(readFileSync(join(r.dir, 'package.json'), 'utf8'));
    expect(pkg.dependencies).toEqual({ 'wx-server-sdk': '4.0.2' });
    // The SDK stays external: CloudBase installs it; the bundle must not carry a copy.
    expect(readFileSync(join(r.dir, 'index.js'), 'utf8')).toMatch(/require\("wx-server-sdk"\)/);
    expect(r.bytes).toBeGreaterThan(1000);
  }
});

it('the built api bundle answers system.ping on the local cloud', async () => {
  const { result } = await cloud.functions.invoke('api', { action: 'system.ping', input: { echo: 'bundle' } }, { openid: 'o-bundle' });
  expect(result).toMatchObject({ ok: true, data: { pong: true, echo: 'bundle', openid: 'o-bundle' } });
});

it('the built tick bundle refuses a client and runs for the timer', async () => {
  const { result } = await cloud.functions.invoke('tick', {}, { openid: 'o-x' });
  expect(result).toMatchObject({ ok: false, code: 'forbidden' });
  const [fired] = await cloud.timer.fire('tick');
  expect(fired).toMatchObject({ fn: 'tick', ok: true });
  const again = await cloud.functions.invoke('tick', { Type: 'Timer' }, { source: 'wx_trigger' });
  // The first firing ran the heartbeat; the second, in the same minute, finds it done.
  expect((again.result as any).data).toContainEqual({ job: 'system.heartbeat', ran: false, ok: true });
});
