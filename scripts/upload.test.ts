/**
 * `npm run upload`: the miniprogram-ci command it builds from the settings and arguments, and
 * the uploads it refuses (missing app id or key, a key in the repo under a name git would
 * commit, a mini program still pointed at the local cloud). Nothing here runs npx.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../miniprogram/config';
import { ROOT } from './functions';
import { MINIPROGRAM_CI, main, parseArgs, problems, readUploadSettings, shellLine, uploadCommand } from './upload';

const CLOUD: AppConfig = { mode: 'cloud', cloudEnv: 'onpost-prod-1a2b', localUrl: 'http://127.0.0.1:3700' };
const LOCAL: AppConfig = { ...CLOUD, mode: 'local' };
const KEY = '/secure/private.wx1234567890abcdef.key';
const ENV = { WX_APPID: 'wx1234567890abcdef', WX_UPLOAD_KEY: KEY };
const pkgVersion = (require('../package.json') as { version: string }).version;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'upload-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const noFile = () => join(dir, 'none.json');

function run(argv: string[], env: NodeJS.ProcessEnv, app: AppConfig, exists: (p: string) => boolean = (p) => p === KEY) {
  const lines: string[] = [];
  const calls: string[][] = [];
  const code = main(argv, env, { app, exists, log: (l) => lines.push(l), run: (args) => (calls.push(args), 0), settingsFile: noFile() });
  return { code, lines, calls };
}

describe('the command', () => {
  it('is the pinned miniprogram-ci upload of this project with the app id, key, version, note and robot', () => {
    const { code, calls } = run(['--version', '1.2.3', '--desc', '三月发布', '--robot', '2'], ENV, CLOUD);
    expect(code).toBe(0);
    expect(calls).toEqual([
      ['npx', '--yes', MINIPROGRAM_CI, 'upload', '--pp', './', '--pkp', KEY, '--appid', 'wx1234567890abcdef', '--uv', '1.2.3', '--ud', '三月发布', '-r', '2', '--use-project-config', 'true'],
    ]);
    expect(MINIPROGRAM_CI).toBe('miniprogram-ci@2.1.42');
  });

  it('defaults to package.json’s version, a note naming it, and robot 1', () => {
    expect(parseArgs([], pkgVersion)).toEqual({ version: pkgVersion, desc: `在岗 ${pkgVersion}`, robot: 1, dryRun: false });
  });

  it('refuses a bad version, robot or missing value', () => {
    expect(() => parseArgs(['--version', 'v1'], '0.1.0')).toThrow('x.y.z');
    expect(() => parseArgs(['--robot', '31'], '0.1.0')).toThrow('1 到 30');
    expect(() => parseArgs(['--desc'], '0.1.0')).toThrow('--desc');
    expect(() => parseArgs(['--desc', '--dry-run'], '0.1.0')).toThrow('--desc');
    const { code, calls, lines } = run(['--robot', '0'], ENV, CLOUD);
    expect([code, calls]).toEqual([1, []]);
    expect(lines.join('\n')).toContain('--robot');
  });

  it('prints a shell line that survives spaces and quotes', () => {
    expect(shellLine(['npx', '--ud', "it's 新版", '-r', '1'])).toBe(`npx --ud 'it'\\''s 新版' -r 1`);
  });
});

describe('settings', () => {
  it('come from the environment first, then from cloudbase.env.json', () => {
    const file = join(dir, 'cloudbase.env.json');
    writeFileSync(file, JSON.stringify({ WX_APPID: 'wx-from-file', WX_UPLOAD_KEY: '/k/from-file.key' }));
    expect(readUploadSettings({}, file)).toEqual({ appId: 'wx-from-file', keyPath: '/k/from-file.key' });
    expect(readUploadSettings({ WX_APPID: 'wx-env' }, file)).toEqual({ appId: 'wx-env', keyPath: '/k/from-file.key' });
    expect(readUploadSettings({}, noFile())).toEqual({ appId: null, keyPath: null });
  });
});

describe('refusals', () => {
  it('runs nothing without an app id or a key, or when the key file is missing', () => {
    for (const [env, exists, says] of [
      [{ WX_UPLOAD_KEY: KEY }, () => true, 'WX_APPID'],
      [{ WX_APPID: 'wx1' }, () => true, 'WX_UPLOAD_KEY'],
      [ENV, () => false, '找不到代码上传密钥文件'],
    ] as const) {
      const { code, calls, lines } = run([], env, CLOUD, exists);
      expect([code, calls]).toEqual([1, []]);
      expect(lines.join('\n')).toContain(says);
    }
  });

  it('runs nothing while the mini program points at the local cloud or names no environment', () => {
    for (const app of [LOCAL, { ...CLOUD, cloudEnv: '' }]) {
      const { code, calls, lines } = run([], ENV, app);
      expect([code, calls]).toEqual([1, []]);
      expect(lines.join('\n')).toContain('config.local.ts');
    }
  });

  it('accepts a key inside the repository only under a git-ignored *.key name', () => {
    const all = () => true;
    expect(problems({ appId: 'wx1', keyPath: 'private.wx1.key' }, CLOUD, ROOT, all)).toEqual([]);
    expect(problems({ appId: 'wx1', keyPath: 'upload-key.txt' }, CLOUD, ROOT, all).join()).toContain('.key');
    expect(problems({ appId: 'wx1', keyPath: '/elsewhere/upload-key.txt' }, CLOUD, ROOT, all)).toEqual([]);
  });
});

describe('--dry-run', () => {
  it('prints the command and what would stop it, and runs nothing', () => {
    const { code, calls, lines } = run(['--dry-run', '--version', '0.3.0'], {}, LOCAL);
    expect([code, calls]).toEqual([0, []]);
    expect(lines[0]).toBe(shellLine(uploadCommand({ appId: null, keyPath: null }, { version: '0.3.0', desc: '在岗 0.3.0', robot: 1, dryRun: true })));
    expect(lines[0]).toContain(`npx --yes ${MINIPROGRAM_CI} upload --pp ./ --pkp '<WX_UPLOAD_KEY>' --appid '<WX_APPID>' --uv 0.3.0`);
    expect(lines.slice(1).join('\n')).toMatch(/WX_APPID[\s\S]*WX_UPLOAD_KEY[\s\S]*本地云/);
  });
});
