/**
 * The newcomer's contract: `npm start` serves the local cloud with the demo county, prints who
 * to log in as, and keeps its data across a restart.
 */
import { functionOf } from '../miniprogram/api/routes';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './functions';

const PORT = 3790 + Math.floor(Math.random() * 100);
const dataDir = mkdtempSync(join(tmpdir(), 'onpost-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function start(): Promise<{ child: ChildProcess; banner: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', 'start.ts')], {
      env: { ...process.env, LOCALCLOUD_PORT: String(PORT), LOCALCLOUD_DATA: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`npm start did not come up:\n${out}`)), 45_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('Ctrl-C stops it')) {
        clearTimeout(timer);
        resolve({ child, banner: out });
      }
    });
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${out}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

const call = async (action: string, input: unknown, openid: string) =>
  (await fetch(`http://127.0.0.1:${PORT}/call/${functionOf(action)}`, { method: 'POST', headers: { 'x-openid': openid }, body: JSON.stringify({ action, input }) })).json() as Promise<any>;

it('starts with the demo county, prints logins, and keeps data across a restart', async () => {
  const first = await start();
  try {
    expect(first.banner).toContain('demo county seeded');
    expect(first.banner).toMatch(/staff\s+石慧敏\s+花垣县\s+demo-hy-staff/);
    const people = (await (await fetch(`http://127.0.0.1:${PORT}/_local/people`)).json()) as any;
    const roles = new Set(people.data.flatMap((p: any) => p.roles.map((r: any) => r.role)));
    expect([...roles].sort()).toEqual(['approver', 'cadre', 'department', 'discipline', 'groupAdmin', 'staff', 'tutor', 'villager']);
    expect(await call('people.me', {}, 'demo-hy-staff')).toMatchObject({ ok: true, data: { name: '石慧敏' } });
    // The complaints' logins, and the demo complaints they see.
    expect(first.banner).toContain('体验村群诉求');
    expect(first.banner).toMatch(/村民\s+龙金秀\s+十八洞村\s+demo-vl-shibadong-1/);
    expect(first.banner).toMatch(/职能部门\s+吴春兰\s+花垣县\s+demo-hy-dept-civil/);
    expect(first.banner).toMatch(/纪检监察\s+麻建军\s+花垣县\s+demo-hy-discipline/);
    const mine = await call('complaint.mine', {}, 'demo-vl-shibadong-1');
    expect(mine.data.items.map((i: any) => i.status).sort()).toEqual(['answered', 'closed', 'raised']);
    expect(await call('complaint.deptInbox', { box: 'done' }, 'demo-hy-dept-civil')).toMatchObject({ ok: true, data: { total: 2 } });
    const added = await call('people.add', { name: '重启测试', phone: '13911112222', orgUnitId: 'vil-shibadong', role: 'villager' }, 'demo-hy-staff');
    expect(added).toMatchObject({ ok: true });
  } finally {
    await stop(first.child);
  }

  const second = await start();
  try {
    expect(second.banner).not.toContain('demo county seeded');
    const list = await call('people.list', { unitId: 'vil-shibadong', q: '重启测试' }, 'demo-hy-staff');
    expect(list).toMatchObject({ ok: true, data: { total: 1 } });
  } finally {
    await stop(second.child);
  }
}, 120_000);
