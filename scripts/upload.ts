/**
 * `npm run upload`: upload the mini program as a new 开发版本 with miniprogram-ci, WeChat's CI
 * uploader, run by npx at a pinned version (it is no dependency of this project).
 *
 *   npm run upload -- [--version 0.2.0] [--desc "说明"] [--robot 1] [--dry-run]
 *
 * Settings come from the environment or the git-ignored `cloudbase.env.json` (as for the
 * deploy): WX_APPID, and WX_UPLOAD_KEY, the path of the code upload key (公众平台 → 开发管理 →
 * 开发设置 → 小程序代码上传). The version defaults to package.json's. `--dry-run` prints the
 * command and runs nothing. It refuses to upload a mini program still pointed at the local cloud
 * (miniprogram/config.local.ts must set `mode: 'cloud'` and `cloudEnv`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { AppConfig } from '../miniprogram/config';
import { ROOT } from './functions';

/** The deploy's settings file (git-ignored; see cloudbase.env.example.json). */
export const SETTINGS_FILE = join(ROOT, 'cloudbase.env.json');

export const MINIPROGRAM_CI = 'miniprogram-ci@2.1.42';

export interface UploadSettings {
  appId: string | null;
  keyPath: string | null;
}

export interface UploadOptions {
  version: string;
  desc: string;
  robot: number;
  dryRun: boolean;
}

/** Settings from the environment, else from `cloudbase.env.json` (same names as keys). */
export function readUploadSettings(env: NodeJS.ProcessEnv = process.env, file = SETTINGS_FILE): UploadSettings {
  const fromFile = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  const get = (k: string) => env[k] || fromFile[k] || null;
  return { appId: get('WX_APPID'), keyPath: get('WX_UPLOAD_KEY') };
}

/** The arguments after `npm run upload --`; a bad one throws with the reason. */
export function parseArgs(argv: readonly string[], defaultVersion: string): UploadOptions {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} 后面需要一个值`);
    return v;
  };
  const version = value('--version') ?? defaultVersion;
  if (!/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`版本号须为 x.y.z 形式：${version}`);
  const robot = Number(value('--robot') ?? 1);
  if (!Number.isInteger(robot) || robot < 1 || robot > 30) throw new Error('--robot 须为 1 到 30 的整数（miniprogram-ci 的上传机器人）');
  return { version, desc: value('--desc') ?? `在岗 ${version}`, robot, dryRun: argv.includes('--dry-run') };
}

/** npx and its arguments, to run from the repository's root (where project.config.json is). */
export function uploadCommand(settings: UploadSettings, opts: UploadOptions): string[] {
  return [
    'npx', '--yes', MINIPROGRAM_CI, 'upload',
    '--pp', './',
    '--pkp', settings.keyPath ?? '<WX_UPLOAD_KEY>',
    '--appid', settings.appId ?? '<WX_APPID>',
    '--uv', opts.version,
    '--ud', opts.desc,
    '-r', String(opts.robot),
    // Compile with project.config.json's settings (TypeScript plugin, minify), as DevTools does.
    '--use-project-config', 'true',
  ];
}

/** What stops an upload, in the words of the person running it. */
export function problems(settings: UploadSettings, app: AppConfig, projectDir = ROOT, exists: (p: string) => boolean = existsSync): string[] {
  const out: string[] = [];
  if (!settings.appId) out.push('缺少 WX_APPID（小程序的 AppID）');
  if (!settings.keyPath) out.push('缺少 WX_UPLOAD_KEY（代码上传密钥文件的路径：公众平台 → 开发管理 → 开发设置 → 小程序代码上传）');
  else {
    const key = isAbsolute(settings.keyPath) ? settings.keyPath : join(projectDir, settings.keyPath);
    if (!exists(key)) out.push(`找不到代码上传密钥文件：${settings.keyPath}`);
    const inside = !relative(projectDir, key).startsWith('..');
    // Inside the repository only under a name .gitignore covers.
    if (inside && !/\.key$/.test(key)) out.push('代码上传密钥放在仓库内时文件名须以 .key 结尾（已被 git 忽略），更好的做法是放在仓库之外');
  }
  if (app.mode !== 'cloud' || !app.cloudEnv) out.push("小程序仍指向本地云：请复制 miniprogram/config.local.example.ts 为 miniprogram/config.local.ts，设置 mode: 'cloud' 和 cloudEnv（云开发环境 ID）");
  return out;
}

/** A command as one could paste it into a shell. */
export function shellLine(args: readonly string[]): string {
  return args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export interface UploadDeps {
  app: AppConfig;
  run: (args: string[]) => number;
  exists: (p: string) => boolean;
  log: (line: string) => void;
  settingsFile: string;
}

const runNpx = (args: string[]) => spawnSync(args[0]!, args.slice(1), { cwd: ROOT, stdio: 'inherit' }).status ?? 1;

export function main(argv: string[], env: NodeJS.ProcessEnv = process.env, deps?: Partial<UploadDeps>): number {
  const log = deps?.log ?? ((l: string) => console.log(l));
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  let opts: UploadOptions;
  try {
    opts = parseArgs(argv, pkg.version);
  } catch (err) {
    log(`无法上传：${(err as Error).message}`);
    return 1;
  }
  const settings = readUploadSettings(env, deps?.settingsFile ?? SETTINGS_FILE);
  const app = deps?.app ?? (require('../miniprogram/config') as typeof import('../miniprogram/config')).config;
  const found = problems(settings, app, ROOT, deps?.exists);
  const command = uploadCommand(settings, opts);
  if (opts.dryRun) {
    log(shellLine(command));
    for (const p of found) log(`注意：${p}`);
    return 0;
  }
  if (found.length) {
    for (const p of found) log(`无法上传：${p}`);
    return 1;
  }
  log(`上传 ${opts.version}（${opts.desc}）到 ${settings.appId}，云开发环境 ${app.cloudEnv}`);
  return (deps?.run ?? runNpx)(command);
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
