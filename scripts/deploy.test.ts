/**
 * The deploy plan against what the repository declares: every collection of
 * server/collections.ts with its indexes and a closed rule, every function folder with its
 * config.json; the dry run touches no network; and applying the plan (to a recording stand-in
 * for manager-node's CloudBase) creates what is missing once and leaves a rerun with nothing new.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { collections } from '../server/collections';
import { TEMPLATE_KEYS } from '../server/features/notify/templates';
import { FUNCTIONS_DIR } from './functions';
import { collectionSteps, makePlan, readSettings, templateEnvName, type DeploySettings } from './deploy/plan';
import { apply, type Fetch, type Manager } from './deploy/apply';
import { main } from './deploy';

const NONE: DeploySettings = { envId: null, secretId: null, secretKey: null, appId: null, appSecret: null, templates: {} };
const folders = readdirSync(FUNCTIONS_DIR).filter((d) => existsSync(join(FUNCTIONS_DIR, d, 'config.json'))).sort();

describe('the plan', () => {
  const plan = makePlan({ ...NONE, envId: 'env-test' });

  it('has every collection of server/collections.ts, with each of its indexes, closed to clients', () => {
    expect(plan.collections.map((c) => c.name)).toEqual(collections.map((c) => c.name));
    for (const decl of collections) {
      const step = plan.collections.find((c) => c.name === decl.name)!;
      expect(step.permission).toBe(decl.rule.read ? 'ADMINWRITE' : 'ADMINONLY');
      expect(step.indexes.map((i) => i.IndexName)).toEqual(decl.indexes.map((i) => i.name));
      for (const idx of decl.indexes) {
        const got = step.indexes.find((i) => i.IndexName === idx.name)!;
        expect(got.MgoKeySchema.MgoIsUnique).toBe(!!idx.unique);
        expect(got.MgoKeySchema.MgoIndexKeys).toEqual(Object.entries(idx.keys).map(([Name, d]) => ({ Name, Direction: String(d) })));
      }
    }
    // Every collection the product has today is closed both ways.
    expect(plan.collections.every((c) => c.permission === 'ADMINONLY')).toBe(true);
  });

  it('refuses a collection that clients could write', () => {
    expect(() => collectionSteps([{ name: 'open', owner: 'x', indexes: [], rule: { read: true, write: true } }])).toThrow('允许客户端写入');
  });

  it('has every function folder with its config.json, and keeps the timer function from clients', () => {
    expect(plan.functions.map((f) => f.name)).toEqual(folders);
    for (const f of plan.functions) {
      const config = JSON.parse(readFileSync(join(FUNCTIONS_DIR, f.name, 'config.json'), 'utf8')) as { timeout?: number; permissions?: { openapi?: string[] }; triggers?: { name: string; type: string; config: string }[] };
      expect(f.timeout).toBe(config.timeout ?? 3);
      expect(f.openapi).toEqual(config.permissions?.openapi ?? []);
      expect(f.triggers).toEqual(config.triggers ?? []);
      expect(f.clientInvoke).toBe(!(config.triggers ?? []).some((t) => t.type === 'timer'));
    }
    expect(plan.functions.find((f) => f.name === 'tick')!.triggers).toEqual([{ name: 'tick', type: 'timer', config: '0 * * * * * *' }]);
    expect(plan.functionRule).toEqual({ '*': { invoke: 'auth != null' }, tick: { invoke: false } });
  });

  it('sets the template ids it is given on the functions, and warns of the rest', () => {
    const p = makePlan({ ...NONE, templates: { checkinReminder: 'tpl-abc' } });
    expect(p.functions[0]!.envVariables).toEqual({ SUBSCRIBE_TEMPLATE_CHECKIN_REMINDER: 'tpl-abc' });
    expect(p.warnings.join('\n')).toContain(templateEnvName(TEMPLATE_KEYS[1]!));
    expect(p.warnings.join('\n')).not.toContain('SUBSCRIBE_TEMPLATE_CHECKIN_REMINDER');
    expect(p.warnings.join('\n')).toContain('WX_APPSECRET');
  });

  it('reads settings from the environment before the git-ignored file', () => {
    const s = readSettings({ CLOUDBASE_ENV_ID: 'from-env', SUBSCRIBE_TEMPLATE_QUESTION_DUE: 'tpl-q' }, join(__dirname, 'no-such-file.json'));
    expect(s).toMatchObject({ envId: 'from-env', secretId: null, templates: { questionDue: 'tpl-q' } });
    expect(readFileSync(join(__dirname, '..', '.gitignore'), 'utf8')).toMatch(/^cloudbase\.env\.json$/m);
  });
});

describe('the command', () => {
  let out: string[];
  let err: string[];
  const realFetch = globalThis.fetch;
  beforeEach(() => {
    out = [];
    err = [];
    jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
    globalThis.fetch = (() => {
      throw new Error('network used');
    }) as typeof fetch;
  });
  afterEach(() => {
    jest.restoreAllMocks();
    globalThis.fetch = realFetch;
  });

  it('--dry-run prints the whole plan with no network and no manager', async () => {
    expect(await main(['--dry-run'], {})).toBe(0);
    const text = out.join('\n');
    for (const c of collections) expect(text).toContain(`  ${c.name} [`);
    for (const f of folders) expect(text).toContain(`  ${f}: 创建或更新`);
    expect(Object.keys(require.cache).some((k) => k.includes('@cloudbase/manager-node'))).toBe(false);
    expect(await main(['--dry-run', '--json'], { CLOUDBASE_ENV_ID: 'env-x' })).toBe(0);
    expect(JSON.parse(out[out.length - 1]!)).toMatchObject({ envId: 'env-x', functionRule: { tick: { invoke: false } } });
  });

  it('refuses a real deploy without the environment id and keys, saying which', async () => {
    expect(await main([], { CLOUDBASE_ENV_ID: 'env-x' })).toBe(1);
    expect(err.join('\n')).toContain('TENCENTCLOUD_SECRETID、TENCENTCLOUD_SECRETKEY');
    expect(Object.keys(require.cache).some((k) => k.includes('@cloudbase/manager-node'))).toBe(false);
  });
});

/** A CloudBase environment as far as the deploy sees it, recording every call. */
function fakeEnvironment() {
  const calls: string[] = [];
  const fns = new Map<string, { triggers: string[] }>();
  const cols = new Map<string, Set<string>>();
  const notFound = () => Object.assign(new Error('ResourceNotFound.Function'), { code: 'ResourceNotFound.Function' });
  const m: Manager = {
    functions: {
      getFunctionDetail: async (name) => {
        calls.push(`getFunctionDetail ${name}`);
        if (!fns.has(name)) throw notFound();
        return {};
      },
      createFunction: async ({ func }) => {
        calls.push(`createFunction ${String(func.name)}`);
        fns.set(String(func.name), { triggers: ((func.triggers as { name: string }[]) ?? []).map((t) => t.name) });
      },
      updateFunctionCode: async ({ func }) => void calls.push(`updateFunctionCode ${String(func.name)}`),
      updateFunctionConfig: async (func) => void calls.push(`updateFunctionConfig ${func.name}`),
      createFunctionTriggers: async (name, triggers) => {
        calls.push(`createFunctionTriggers ${name} ${triggers.map((t) => t.name).join(',')}`);
        fns.get(name)!.triggers.push(...triggers.map((t) => t.name));
      },
      deleteFunctionTrigger: async (name, t) => {
        calls.push(`deleteFunctionTrigger ${name} ${t}`);
        const f = fns.get(name)!;
        if (!f.triggers.includes(t)) throw notFound();
        f.triggers = f.triggers.filter((x) => x !== t);
      },
    },
    database: {
      createCollectionIfNotExists: async (name) => {
        calls.push(`createCollectionIfNotExists ${name}`);
        if (!cols.has(name)) cols.set(name, new Set(['_id_']));
      },
      describeCollection: async (name) => ({ Indexes: [...cols.get(name)!].map((Name) => ({ Name })) }),
      updateCollection: async (name, info) => {
        const names = ((info.CreateIndexes ?? []) as { IndexName: string }[]).map((i) => i.IndexName);
        calls.push(`updateCollection ${name} ${names.join(',')}`);
        for (const n of names) cols.get(name)!.add(n);
      },
    },
    permission: {
      modifyResourcePermission: async (o) => void calls.push(`permission ${o.resourceType} ${o.resource ?? '*'} ${o.permission}${o.securityRule ? ` ${o.securityRule}` : ''}`),
    },
  };
  return { m, calls, fns, cols };
}

describe('applying the plan', () => {
  it('creates a new environment whole, and a rerun only updates', async () => {
    const settings: DeploySettings = { ...NONE, envId: 'env-test', secretId: 'id', secretKey: 'key', appId: 'wx123', appSecret: 'secret' };
    const plan = makePlan(settings);
    const env = fakeEnvironment();
    const requests: { url: string; body: Record<string, unknown> }[] = [];
    const fetchFn: Fetch = async (url, init) => {
      requests.push({ url, body: JSON.parse(init.body) as Record<string, unknown> });
      return { json: async () => (url.includes('stable_token') ? { access_token: 'tok' } : { errcode: 0, errmsg: 'ok' }) };
    };
    const log = await apply(plan, env.m, settings, '/build/functions', fetchFn);
    for (const f of folders) expect(env.calls).toContain(`createFunction ${f}`);
    expect(env.fns.get('tick')!.triggers).toEqual(['tick']);
    expect(env.calls).toContain('permission function * CUSTOM {"*":{"invoke":"auth != null"},"tick":{"invoke":false}}');
    for (const c of collections) {
      expect(env.calls).toContain(`permission collection ${c.name} ADMINONLY`);
      expect([...env.cols.get(c.name)!].sort()).toEqual(['_id_', ...c.indexes.map((i) => i.name)].sort());
    }
    // The 云调用 permissions of each function that has some, with the mini program's token.
    const uploads = requests.filter((r) => r.url.includes('uploadfuncconfig'));
    expect(uploads.map((u) => u.body.function_name)).toEqual(plan.functions.filter((f) => f.openapi.length).map((f) => f.name));
    expect(uploads[0]!.url).toContain('access_token=tok');
    expect(uploads[0]!.body).toMatchObject({ type: 1, env: 'env-test', config: JSON.stringify({ permissions: { openapi: ['subscribeMessage.send'] } }) });
    expect(log.length).toBe(folders.length + 1 + uploads.length + collections.length);

    // Again: nothing is created, code and config are updated, the timer's trigger replaced, and
    // an index someone added by hand is kept and reported.
    env.cols.get('people')!.add('by_hand');
    env.calls.length = 0;
    const again = await apply(plan, env.m, { ...settings, appId: null }, '/build/functions');
    expect(env.calls.filter((c) => c.startsWith('createFunction ') || c.startsWith('updateCollection'))).toEqual([]);
    for (const f of folders) expect(env.calls).toContain(`updateFunctionCode ${f}`);
    expect(env.calls).toContain('deleteFunctionTrigger tick tick');
    expect(env.fns.get('tick')!.triggers).toEqual(['tick']);
    expect(again.find((l) => l.startsWith('集合 people:'))).toContain('未声明的索引保留：by_hand');
  });

  it('says what is wrong when the environment refuses', async () => {
    const env = fakeEnvironment();
    env.m.functions.getFunctionDetail = async () => {
      throw Object.assign(new Error('AuthFailure.SignatureFailure'), { code: 'AuthFailure' });
    };
    await expect(apply(makePlan({ ...NONE, envId: 'e' }), env.m, NONE, '/b')).rejects.toThrow('AuthFailure');
    await expect(apply(makePlan(NONE), env.m, NONE, '/b')).rejects.toThrow('CLOUDBASE_ENV_ID');
  });
});
