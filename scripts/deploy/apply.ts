/**
 * Applying a deploy plan to a CloudBase environment with `@cloudbase/manager-node`: each step
 * creates what is missing and updates what is there, so running the deploy again is harmless.
 * Indexes that exist but are not declared are reported, never dropped (dropping one is a
 * decision for a person). The step list `apply` returns is what it did, for the log.
 */
import type { DeployPlan, DeploySettings, FunctionStep } from './plan';

/** The part of manager-node's `CloudBase` the deploy uses (its own types, so a wrong call does not compile). */
export interface Manager {
  functions: {
    getFunctionDetail(name: string): Promise<unknown>;
    createFunction(p: { func: Record<string, unknown>; functionRootPath: string; force: boolean }): Promise<unknown>;
    updateFunctionCode(p: { func: Record<string, unknown>; functionRootPath: string }): Promise<unknown>;
    updateFunctionConfig(func: { name: string } & Record<string, unknown>): Promise<unknown>;
    createFunctionTriggers(name: string, triggers: { name: string; type: string; config: string }[]): Promise<unknown>;
    deleteFunctionTrigger(name: string, triggerName: string): Promise<unknown>;
  };
  database: {
    createCollectionIfNotExists(name: string): Promise<unknown>;
    describeCollection(name: string): Promise<{ Indexes?: { Name: string }[] }>;
    updateCollection(name: string, info: { CreateIndexes?: unknown[] }): Promise<unknown>;
  };
  permission: {
    modifyResourcePermission(o: { resourceType: 'function' | 'collection'; resource?: string; permission: string; securityRule?: string }): Promise<unknown>;
  };
}

/** WeChat's HTTPS API (the 云调用 permissions need the mini program's access token). */
export type Fetch = (url: string, init: { method: 'POST'; headers: Record<string, string>; body: string }) => Promise<{ json(): Promise<unknown> }>;

const isNotFound = (err: unknown) => /ResourceNotFound|not ?found|不存在/i.test(String((err as { code?: string })?.code ?? '') + String((err as Error)?.message ?? err));

async function deployFunction(m: Manager, f: FunctionStep, rootPath: string, log: string[]): Promise<void> {
  const func = { name: f.name, runtime: f.runtime, handler: f.handler, timeout: f.timeout, installDependency: f.installDependency, envVariables: f.envVariables, ignore: ['node_modules'] };
  let exists = true;
  try {
    await m.functions.getFunctionDetail(f.name);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    exists = false;
  }
  if (!exists) {
    await m.functions.createFunction({ func: { ...func, triggers: f.triggers }, functionRootPath: rootPath, force: true });
    log.push(`函数 ${f.name}: 已创建`);
    return;
  }
  await m.functions.updateFunctionCode({ func, functionRootPath: rootPath });
  await m.functions.updateFunctionConfig({ name: f.name, timeout: f.timeout, runtime: f.runtime, envVariables: f.envVariables, installDependency: f.installDependency });
  for (const t of f.triggers) {
    // A trigger is replaced whole (its cron may have changed).
    await m.functions.deleteFunctionTrigger(f.name, t.name).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
  }
  if (f.triggers.length) await m.functions.createFunctionTriggers(f.name, f.triggers);
  log.push(`函数 ${f.name}: 已更新代码、配置${f.triggers.length ? '和触发器' : ''}`);
}

async function uploadOpenapi(fetchFn: Fetch, envId: string, f: FunctionStep, token: string): Promise<void> {
  const res = (await (await fetchFn(`https://api.weixin.qq.com/tcb/uploadfuncconfig?access_token=${encodeURIComponent(token)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    // type 1: the function's 云调用 configuration (what DevTools uploads from config.json).
    body: JSON.stringify({ type: 1, env: envId, function_name: f.name, config: JSON.stringify({ permissions: { openapi: f.openapi } }) }),
  })).json()) as { errcode?: number; errmsg?: string };
  if (res.errcode) throw new Error(`上传云调用权限失败（${f.name}）：${res.errcode} ${res.errmsg ?? ''}`);
}

async function accessToken(fetchFn: Fetch, appId: string, appSecret: string): Promise<string> {
  const res = (await (await fetchFn('https://api.weixin.qq.com/cgi-bin/stable_token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credential', appid: appId, secret: appSecret }),
  })).json()) as { access_token?: string; errcode?: number; errmsg?: string };
  if (!res.access_token) throw new Error(`获取小程序 access_token 失败：${res.errcode ?? ''} ${res.errmsg ?? ''}`);
  return res.access_token;
}

export async function apply(plan: DeployPlan, m: Manager, settings: DeploySettings, rootPath: string, fetchFn?: Fetch): Promise<string[]> {
  if (!plan.envId) throw new Error('未设置 CLOUDBASE_ENV_ID');
  const log: string[] = [];
  for (const f of plan.functions) await deployFunction(m, f, rootPath, log);
  await m.permission.modifyResourcePermission({ resourceType: 'function', permission: 'CUSTOM', securityRule: JSON.stringify(plan.functionRule) });
  log.push('云函数安全规则: 已设置');
  const withOpenapi = plan.functions.filter((f) => f.openapi.length);
  if (withOpenapi.length && settings.appId && settings.appSecret && fetchFn) {
    const token = await accessToken(fetchFn, settings.appId, settings.appSecret);
    for (const f of withOpenapi) {
      await uploadOpenapi(fetchFn, plan.envId, f, token);
      log.push(`函数 ${f.name}: 云调用权限 ${f.openapi.join(', ')}`);
    }
  }
  for (const c of plan.collections) {
    await m.database.createCollectionIfNotExists(c.name);
    const have = new Set(((await m.database.describeCollection(c.name)).Indexes ?? []).map((i) => i.Name));
    const missing = c.indexes.filter((i) => !have.has(i.IndexName));
    if (missing.length) await m.database.updateCollection(c.name, { CreateIndexes: missing });
    const extra = [...have].filter((n) => n !== '_id_' && !c.indexes.some((i) => i.IndexName === n));
    await m.permission.modifyResourcePermission({ resourceType: 'collection', resource: c.name, permission: c.permission });
    log.push(`集合 ${c.name}: ${missing.length ? `新建索引 ${missing.map((i) => i.IndexName).join(', ')}` : '索引齐全'}，权限 ${c.permission}${extra.length ? `（未声明的索引保留：${extra.join(', ')}）` : ''}`);
  }
  return log;
}
