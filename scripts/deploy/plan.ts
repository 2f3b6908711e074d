/**
 * What `npm run deploy` does to a CloudBase environment, worked out with no network: every
 * function (from `cloudfunctions/<name>/config.json`, its bundle from `npm run build`), every
 * collection of `server/collections.ts` with its indexes and its security rule, and the rule of
 * who may call the functions from the mini program. `--dry-run` prints this plan; a real deploy
 * applies it step by step (scripts/deploy/apply.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collections, type CollectionDecl } from '../../server/collections';
import { TEMPLATE_KEYS, envName as templateEnvName, type TemplateKey } from '../../server/features/notify/templates';
import { BUILD_DIR, ROOT, functionConfig, functionNames } from '../functions';

/** CloudBase's Node runtime the bundles run on (they are built for node16 and up). */
export const RUNTIME = 'Nodejs18.15';

/** A collection's client access, in CloudBase's permission words (`BasePermission` of manager-node). */
export type CollectionPermission = 'ADMINONLY' | 'ADMINWRITE';

export interface IndexStep {
  IndexName: string;
  MgoKeySchema: { MgoIndexKeys: { Name: string; Direction: string }[]; MgoIsUnique: boolean };
}

export interface CollectionStep {
  name: string;
  owner: string;
  indexes: IndexStep[];
  permission: CollectionPermission;
}

export interface FunctionStep {
  name: string;
  /** The built folder uploaded as the function's code (index.js, config.json, package.json). */
  dir: string;
  built: boolean;
  runtime: string;
  handler: 'index.main';
  timeout: number;
  /** CloudBase installs `wx-server-sdk` from the bundle's package.json. */
  installDependency: true;
  triggers: { name: string; type: string; config: string }[];
  /** 云调用 permissions (config.json `permissions.openapi`), uploaded through WeChat's `tcb/uploadfuncconfig`. */
  openapi: string[];
  /** Environment variables set on the function (names here; values come from the deployer's environment). */
  envVariables: Record<string, string>;
  /** May the mini program call it (`wx.cloud.callFunction`)? The timer's function may not. */
  clientInvoke: boolean;
}

export interface DeployPlan {
  envId: string | null;
  functions: FunctionStep[];
  collections: CollectionStep[];
  /** The environment's function security rule (one JSON for all functions, `*` required). */
  functionRule: Record<string, { invoke: boolean | string }>;
  /** What a person must know before running it for real (missing settings and the like). */
  warnings: string[];
}

/** What the deploy reads from the environment or from the git-ignored `cloudbase.env.json`. */
export interface DeploySettings {
  envId: string | null;
  secretId: string | null;
  secretKey: string | null;
  /** Optional: with the mini program's app id and secret, the 云调用 permissions are uploaded too. */
  appId: string | null;
  appSecret: string | null;
  templates: Partial<Record<TemplateKey, string>>;
}

export const SETTINGS_FILE = join(ROOT, 'cloudbase.env.json');

export { templateEnvName };

/** Settings from the environment, else from `cloudbase.env.json` (same names as keys). */
export function readSettings(env: NodeJS.ProcessEnv = process.env, file = SETTINGS_FILE): DeploySettings {
  const fromFile = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  const get = (k: string) => env[k] || fromFile[k] || null;
  const templates: Partial<Record<TemplateKey, string>> = {};
  for (const key of TEMPLATE_KEYS) {
    const v = get(templateEnvName(key));
    if (v) templates[key] = v;
  }
  return { envId: get('CLOUDBASE_ENV_ID'), secretId: get('TENCENTCLOUD_SECRETID'), secretKey: get('TENCENTCLOUD_SECRETKEY'), appId: get('WX_APPID'), appSecret: get('WX_APPSECRET'), templates };
}

function permissionOf(c: CollectionDecl): CollectionPermission {
  if (!c.rule.write && !c.rule.read) return 'ADMINONLY';
  if (!c.rule.write && c.rule.read) return 'ADMINWRITE';
  // Nothing in the product lets clients write the database directly: every write goes through a function.
  throw new Error(`集合 ${c.name} 的安全规则允许客户端写入，部署拒绝：所有写入必须经过云函数`);
}

export function collectionSteps(list: readonly CollectionDecl[] = collections): CollectionStep[] {
  return list.map((c) => ({
    name: c.name,
    owner: c.owner,
    permission: permissionOf(c),
    indexes: c.indexes.map((i) => ({
      IndexName: i.name,
      MgoKeySchema: { MgoIndexKeys: Object.entries(i.keys).map(([Name, d]) => ({ Name, Direction: String(d) })), MgoIsUnique: !!i.unique },
    })),
  }));
}

export function functionSteps(settings: DeploySettings, buildDir = BUILD_DIR): FunctionStep[] {
  const envVariables: Record<string, string> = {};
  for (const key of TEMPLATE_KEYS) {
    const v = settings.templates[key];
    if (v) envVariables[templateEnvName(key)] = v;
  }
  return functionNames().map((name) => {
    const config = functionConfig(name);
    const triggers = (config.triggers ?? []).map((t) => ({ name: t.name, type: t.type, config: t.config }));
    const dir = join(buildDir, name);
    return {
      name,
      dir,
      built: existsSync(join(dir, 'index.js')),
      runtime: RUNTIME,
      handler: 'index.main' as const,
      timeout: config.timeout ?? 3,
      installDependency: true as const,
      triggers,
      openapi: config.permissions?.openapi ?? [],
      envVariables,
      // A function run by a timer is not for clients.
      clientInvoke: !triggers.some((t) => t.type === 'timer'),
    };
  });
}

export function makePlan(settings: DeploySettings, buildDir = BUILD_DIR): DeployPlan {
  const functions = functionSteps(settings, buildDir);
  const warnings: string[] = [];
  const missingTemplates = TEMPLATE_KEYS.filter((k) => !settings.templates[k]);
  if (missingTemplates.length) warnings.push(`未设置订阅消息模板：${missingTemplates.map(templateEnvName).join('、')}（这些消息将发送失败）`);
  if (functions.some((f) => f.openapi.length) && !(settings.appId && settings.appSecret)) {
    warnings.push('未设置 WX_APPID / WX_APPSECRET：云调用权限（config.json permissions.openapi）不会上传，请在微信开发者工具中右键云函数“上传并部署”一次');
  }
  const functionRule: DeployPlan['functionRule'] = { '*': { invoke: 'auth != null' } };
  for (const f of functions) if (!f.clientInvoke) functionRule[f.name] = { invoke: false };
  return { envId: settings.envId, functions, collections: collectionSteps(), functionRule, warnings };
}

/** The plan as a person reads it (no secret values: template ids are not secret, keys never appear). */
export function describePlan(plan: DeployPlan): string {
  const lines: string[] = [];
  lines.push(`环境: ${plan.envId ?? '(未设置 CLOUDBASE_ENV_ID)'}`);
  lines.push('', `云函数 (${plan.functions.length}):`);
  for (const f of plan.functions) {
    lines.push(`  ${f.name}: 创建或更新 ${f.runtime}, ${f.handler}, 超时 ${f.timeout} s, 代码 ${f.built ? f.dir : `${f.dir}（将先构建）`}`);
    for (const t of f.triggers) lines.push(`    触发器 ${t.name} (${t.type}) ${t.config}`);
    if (f.openapi.length) lines.push(`    云调用权限 ${f.openapi.join(', ')}`);
    const vars = Object.keys(f.envVariables);
    if (vars.length) lines.push(`    环境变量 ${vars.join(', ')}`);
    lines.push(`    小程序端调用: ${f.clientInvoke ? '登录用户可调用' : '禁止'}`);
  }
  lines.push('', `云函数安全规则: ${JSON.stringify(plan.functionRule)}`);
  lines.push('', `集合 (${plan.collections.length}):`);
  for (const c of plan.collections) {
    lines.push(`  ${c.name} [${c.owner}] 权限 ${c.permission}`);
    for (const i of c.indexes) lines.push(`    索引 ${i.IndexName}${i.MgoKeySchema.MgoIsUnique ? ' (唯一)' : ''}: ${i.MgoKeySchema.MgoIndexKeys.map((k) => `${k.Name} ${k.Direction}`).join(', ')}`);
  }
  if (plan.warnings.length) lines.push('', '注意:', ...plan.warnings.map((w) => `  - ${w}`));
  return lines.join('\n');
}
