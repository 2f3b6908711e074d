/**
 * Fuzzing every action through its real function entry (issue 12, item 3): malformed inputs
 * generated with fast-check, each sent as `{ action, input }` to the `api` or `ledger` function
 * by a demo person holding a role the action allows. Shared by the CI sample
 * (`test/fuzz.test.ts`) and the bench (`bench/fuzz.bench.ts`).
 *
 * What one call must do, whatever the input:
 * - resolve: the function answers (no throw, no timeout, no crash of the entry);
 * - answer `{ ok: true, data }` or `{ ok: false, code, message[, issues] }`, with a snake_case
 *   code that is not `internal` and a Chinese message;
 * - when refused, write nothing (`invocation.ops.writes === 0`, the billed writes of that call).
 * And over each action's batch, the database's fingerprint: every collection's document count is
 * unchanged since the last success that wrote (only refused calls ran since), and the local
 * database's billed-write counter moved by exactly the writes of the calls' invocations (none
 * landed after an answer).
 *
 * Where the inputs come from. Each action has a valid base input derived from its own zod
 * schema (through `z.toJSONSchema`, with field-name hints that point at the demo county: a
 * village, township or county the caller covers, a demo cadre, this month), or an override
 * below where the schema alone cannot say what is valid. The matrix's EXAMPLES
 * (test/matrix.test.ts) were not reused: they are bound to that test's own cloud and to
 * fixtures that build fresh targets for each cell, and moving them out is not a small change.
 * Inputs are then, by weight:
 * - the base input with one to three fields replaced by random values their schemas accept
 *   (these pass validation and reach the handler: ids from everywhere, far dates, boundary
 *   numbers, unicode at the length limit);
 * - the base input mutated one to three times: a field (top-level, nested, or an optional one
 *   the base leaves out) replaced by a hostile value or by a random value its schema accepts,
 *   wrapped in an operator (`{ $ne: v }`, `{ $in: [v] }`…) or an array, deleted; unknown keys
 *   smuggled in (`__proto__`, `_openid`, `personId`, `$where`, dotted paths…);
 * - a random input the whole schema accepts (valid by chance: these may succeed, and count);
 * - a hostile value from scratch: wrong types, strings of 100k+ characters, objects and arrays
 *   nested 100+ deep, huge arrays and wide objects, query operators and the SDK's serialized
 *   command shapes, extended-JSON type wrappers, prototype-polluting keys, unicode (emoji,
 *   RTL, NUL, lone surrogates, combining marks), negative, huge, fractional, NaN and infinite
 *   numbers, null, undefined and empties.
 *
 * What survives the trip: the function host copies the event through JSON, as the platform
 * delivers `data` (localcloud/functions/host.ts), so `undefined` fields vanish (and become
 * `null` in arrays), NaN and ±Infinity become `null`, -0 becomes 0, Dates become ISO strings,
 * and `__proto__` arrives as an own key (JSON.parse defines it). Lone surrogates survive
 * (JSON.stringify escapes them). BigInt, functions and symbols cannot be sent by a client at all
 * and are not generated.
 */
import * as fc from 'fast-check';
import * as z from 'zod';
import { startTestCloud, type TestCloud } from './harness';
import { actionRoutes, servedActions } from './harness';
import type { FunctionName } from '../typings/api';
import type { AnyAction } from '../server/kernel/action';
import type { Role } from '../server/kernel/roles';
import { DEMO_ORG_UNITS, DEMO_PEOPLE } from '../scripts/demo/data';
import { seedDemo } from '../scripts/demo/seed';
import { db } from '../server/platform/cloud';
import { DEFAULT_SPOTCHECK_SETTINGS } from '../server/features/spotcheck/schema';
import { DEFAULT_LEAVE_RULES } from '../server/features/leave/schema';
import { DEFAULT_WORK_REPORT_SETTINGS } from '../server/features/workreport/schema';
import { DEFAULT_ASSESSMENT_SETTINGS } from '../server/features/assessment/schema';

// ---- routes and callers -------------------------------------------------------------------------

/** One action as a function serves it. */
export interface FuzzRoute {
  /** The action's name; `<function>:<name>` where another function serves it too (system.ping in every function). */
  key: string;
  fn: FunctionName;
  name: string;
  def: AnyAction;
}

/** Every action of every function's registry, each through the function that serves it (shared ones through each). */
export function fuzzRoutes(): FuzzRoute[] {
  const routed = actionRoutes();
  const isRouted = new Set(routed.map((r) => `${r.fn}:${r.name}`));
  return [
    ...routed.map((r) => ({ key: r.name, ...r })),
    ...servedActions().filter((r) => !isRouted.has(`${r.fn}:${r.name}`)).map((r) => ({ key: `${r.fn}:${r.name}`, ...r })),
  ];
}

/**
 * Who calls an action of each role: the broadest demo person of that role whose scope holds the
 * base inputs' targets (十八洞村, 双龙镇, 花垣县). A role added to ROLES fails the typecheck here.
 */
const ROLE_CALLERS: Record<Role, string> = {
  cadre: 'p-fs-shibadong',
  staff: 'p-city-staff-xiang',
  approver: 'p-sl-approver',
  discipline: 'p-hy-discipline',
  department: 'p-hy-dept-civil',
  groupAdmin: 'p-ga-shuanglong',
  tutor: 'p-tutor',
  villager: 'p-vl-shibadong-1',
};

export interface FuzzCaller {
  openid?: string;
  source?: string;
  /** For reports: who this is. */
  label: string;
}

function demoCaller(personId: string, role: Role): FuzzCaller {
  const p = DEMO_PEOPLE.find((x) => x.id === personId);
  if (!p || !p.grants.some((g) => g.role === role)) throw new Error(`fuzz caller ${personId} holds no ${role} grant in the demo data`);
  return { openid: p.openid, label: `${role} ${personId}` };
}

/** A caller the action's declared roles allow: a public action's is a villager, a bound one's a cadre, a timer's the trigger. */
export function callerFor(def: AnyAction): FuzzCaller {
  const roles = def.roles;
  if (roles === 'timer') return { source: 'wx_trigger', label: 'timer' };
  if (roles === 'public') return demoCaller(ROLE_CALLERS.villager, 'villager');
  if (roles === 'bound') return demoCaller(ROLE_CALLERS.cadre, 'cadre');
  const role = roles[0];
  if (!role) throw new Error(`action ${def.name} allows no role`);
  return demoCaller(ROLE_CALLERS[role], role);
}

/** A demo cadre of 十八洞村 who is nobody's fuzz caller: the `personId` of the base inputs (a fuzzed success may change them). */
const TARGET_PERSON = 'p-tm-shibadong-1';
const CALLER_IDS = new Set(Object.values(ROLE_CALLERS));

/** Ids a client could name: real ones (in scope and out of it), and some that exist nowhere. */
const ID_POOL: string[] = [
  ...DEMO_ORG_UNITS.map((u) => u.id),
  ...DEMO_PEOPLE.map((p) => p.id).filter((id) => !CALLER_IDS.has(id)),
  ...DEMO_PEOPLE.flatMap((p) => p.grants.flatMap((g) => (g.role === 'department' ? [g.department.id] : []))),
  'p-does-not-exist', 'vil-nowhere', 'lv-000000000000000000000000', 'cp-000000000000000000000000', 'sv-00000000000000000000', 't-0000000000000000',
];

// ---- the input schema as JSON Schema ----------------------------------------------------------------

type Schema = { [k: string]: any };
type Path = (string | number)[];

/** The action's input schema, in JSON Schema (input side), or null when zod cannot say it. */
export function inputSchema(def: AnyAction): Schema | null {
  try {
    return z.toJSONSchema(def.input, { io: 'input', unrepresentable: 'any' }) as Schema;
  } catch {
    return null;
  }
}

function deref(s: Schema | undefined, root: Schema): Schema {
  let cur = s ?? {};
  for (let i = 0; i < 20 && typeof cur.$ref === 'string'; i++) {
    const ref: string = cur.$ref;
    const m = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(ref);
    cur = ref === '#' ? root : m ? (root.$defs ?? root.definitions ?? {})[m[1]!] ?? {} : {};
  }
  return cur;
}

/** The options of a union (`anyOf`/`oneOf`), non-null ones first; the schema itself if none. */
function optionsOf(s: Schema, root: Schema): Schema[] {
  const opts: Schema[] = [...(s.anyOf ?? []), ...(s.oneOf ?? [])].map((o: Schema) => deref(o, root));
  if (opts.length === 0) return [s];
  return [...opts.filter((o) => o.type !== 'null'), ...opts.filter((o) => o.type === 'null')];
}

function typeOf(s: Schema): string | undefined {
  if (Array.isArray(s.type)) return s.type.find((t: string) => t !== 'null') ?? 'null';
  if (s.type) return s.type;
  if (s.properties) return 'object';
  if (s.items || s.prefixItems) return 'array';
  return undefined;
}

const regexCache = new Map<string, RegExp | null>();
function patternOf(s: Schema): RegExp | null {
  if (typeof s.pattern !== 'string') return null;
  if (!regexCache.has(s.pattern)) {
    let re: RegExp | null = null;
    try {
      re = new RegExp(s.pattern);
    } catch {
      try {
        re = new RegExp(s.pattern, 'u');
      } catch {
        re = null;
      }
    }
    regexCache.set(s.pattern, re);
  }
  return regexCache.get(s.pattern)!;
}

function stringFits(s: Schema, v: unknown): v is string {
  if (typeof v !== 'string') return false;
  if (typeof s.minLength === 'number' && v.length < s.minLength) return false;
  if (typeof s.maxLength === 'number' && v.length > s.maxLength) return false;
  const re = patternOf(s);
  if (re && !re.test(v)) return false;
  if (s.format === 'date-time' && Number.isNaN(Date.parse(v))) return false;
  if (Array.isArray(s.enum) && !s.enum.includes(v)) return false;
  if ('const' in s && s.const !== v) return false;
  return true;
}

function numberFits(s: Schema, v: unknown): v is number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return false;
  if (typeOf(s) === 'integer' && !Number.isInteger(v)) return false;
  if (typeof s.minimum === 'number' && v < s.minimum) return false;
  if (typeof s.maximum === 'number' && v > s.maximum) return false;
  if (typeof s.exclusiveMinimum === 'number' && v <= s.exclusiveMinimum) return false;
  if (typeof s.exclusiveMaximum === 'number' && v >= s.exclusiveMaximum) return false;
  if (Array.isArray(s.enum) && !s.enum.includes(v)) return false;
  return true;
}

// ---- the valid base input -------------------------------------------------------------------------

/** The fuzz's "now" (the clock is frozen here): base inputs speak of this day. */
export const FUZZ_NOW = '2026-05-12T10:00:00+08:00';
const NOW_ISO = new Date(FUZZ_NOW).toISOString();

/** Values to try first for a field of this name (the first its schema accepts wins). */
const HINTS: Record<string, unknown[]> = {
  unitId: ['town-shuanglong', 'vil-shibadong', 'county-huayuan'],
  villageId: ['vil-shibadong'],
  townshipId: ['town-shuanglong'],
  countyId: ['county-huayuan'],
  cityId: ['city-xiangxi'],
  parentId: ['town-shuanglong'],
  orgUnitId: ['vil-shibadong'],
  personId: [TARGET_PERSON],
  departmentId: ['dept-huayuan-civil'],
  month: ['2026-05'],
  date: ['2026-05-12'],
  week: ['2026-W20'],
  year: ['2026', 2026],
  period: ['2026-05', '2026-H1', '2026-Q2', '2026'],
  start: ['2026-05-13', '09:00'],
  end: ['2026-05-14', '11:00'],
  dueMonth: ['2026-10'],
  closesOn: ['2026-05-30'],
  plannedOn: ['2026-05-01'],
  issuedOn: ['2026-05-01'],
  clientId: ['fuzz-base-0001'],
  requestId: ['fuzz-base-0001'],
  phone: ['13700000001'],
  capturedAt: [NOW_ISO],
  returnedAt: [NOW_ISO],
  lat: [28.38],
  lng: [109.55],
  accuracy: [30],
  amountYuan: ['120000'],
  weekday: [2],
  weight: [20],
  percent: [20],
  score: [85],
  days: [3],
  name: ['模糊测试'],
};

/** A deterministic string that fits the schema (a name hint, a format, the pattern, or Chinese text). */
function exampleString(s: Schema, name: string | undefined): string {
  for (const h of (name && HINTS[name]) || []) if (stringFits(s, h)) return h as string;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
  if ('const' in s) return s.const;
  if (s.format === 'date-time' && stringFits(s, NOW_ISO)) return NOW_ISO;
  const re = patternOf(s);
  if (re) {
    const found = fc.sample(fc.stringMatching(re), { seed: 1, numRuns: 50 }).find((v) => stringFits(s, v));
    if (found !== undefined) return found;
  }
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  const max = typeof s.maxLength === 'number' ? s.maxLength : 200;
  const text = '模糊测试的内容'.repeat(Math.ceil(Math.max(min, 7) / 7));
  return text.slice(0, Math.max(min, Math.min(max, 7)));
}

function exampleNumber(s: Schema, name: string | undefined): number {
  for (const h of (name && HINTS[name]) || []) if (numberFits(s, h)) return h as number;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
  if ('const' in s) return s.const;
  const int = typeOf(s) === 'integer';
  const candidates = [1, 0, s.minimum, s.maximum, typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + (int ? 1 : 0.5) : undefined, typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum - (int ? 1 : 0.5) : undefined];
  for (const c of candidates) if (numberFits(s, c)) return c as number;
  return 1;
}

/** A valid value of the schema (required keys only; optional ones are the mutations' to add). */
export function exampleOf(schema: Schema, root: Schema = schema, name?: string, depth = 0): unknown {
  const s0 = deref(schema, root);
  const s = optionsOf(s0, root)[0]!;
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
  if (depth > 12) return null;
  switch (typeOf(s)) {
    case 'string':
      return exampleString(s, name);
    case 'number':
    case 'integer':
      return exampleNumber(s, name);
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array': {
      if (Array.isArray(s.prefixItems)) return s.prefixItems.map((p: Schema) => exampleOf(p, root, name, depth + 1));
      const max = typeof s.maxItems === 'number' ? s.maxItems : 10;
      const n = Math.min(max, Math.max(typeof s.minItems === 'number' ? s.minItems : 0, 1));
      return Array.from({ length: n }, () => exampleOf(s.items ?? {}, root, singular(name), depth + 1));
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of (s.required ?? []) as string[]) out[key] = exampleOf(s.properties?.[key] ?? {}, root, key, depth + 1);
      return out;
    }
    default:
      return name && HINTS[name] ? HINTS[name]![0] : null;
  }
}

/** `personIds` → `personId`, for the hints of an array's items. */
function singular(name: string | undefined): string | undefined {
  return name?.endsWith('Ids') ? name.slice(0, -1) : name;
}

/**
 * Base inputs the schema alone cannot make valid (cross-field refinements): written out here.
 * A new action whose derived base input its schema refuses fails the CI test until it gets one.
 */
const BASE_OVERRIDES: Record<string, (derived: any) => unknown> = {
  'org.updateUnit': (d) => ({ ...d, id: 'vil-shibadong', center: { lat: 28.38, lng: 109.55 } }),
  'people.update': (d) => ({ ...d, id: TARGET_PERSON, title: '模糊测试职务' }),
  'checkin.requestCorrection': (d) => ({ ...d, witness: '乡镇组织委员' }),
  'spotCheck.issue': (d) => ({ ...d, unitId: 'vil-shibadong', personIds: [TARGET_PERSON] }),
  'spotCheck.setSettings': (d) => ({ ...d, settings: DEFAULT_SPOTCHECK_SETTINGS }),
  'leave.setRules': (d) => ({ ...d, rules: DEFAULT_LEAVE_RULES }),
  'policy.update': (d) => ({ ...d, tags: ['驻村管理'] }),
  'inspection.amend': (d) => ({ ...d, findings: '核实后更正：驻村工作队在村部办公。' }),
  'workReport.setSettings': (d) => ({ ...d, settings: DEFAULT_WORK_REPORT_SETTINGS }),
  'assessment.setSettings': (d) => ({ ...d, settings: DEFAULT_ASSESSMENT_SETTINGS }),
  'ledger.export': (d) => ({ ...d, month: '2026-05' }),
};

// ---- values a client could send ----------------------------------------------------------------

const LONE_SURROGATES = ['\ud800', '\udfff', 'a\ud83db', '\udc00\ud800'];
/** Short strings that mean something to a parser, a database, a path or a screen. */
const NASTY_STRINGS = [
  '', ' ', '\t\n', '\u0000', 'a\u0000b', '\u202eRTL\u202c', '\u200b', '\ufeff', '😀', '👨‍👩‍👧‍👦', '🇨🇳', 'e\u0301\u0301\u0301', 'ｆｕｌｌｗｉｄｔｈ', 'اختبار', 'עברית',
  ...LONE_SURROGATES,
  '$gt', '$where', '$regex', '$exists', '{"$gt":""}', '{"$ne":null}', 'a.b.c', '$', '.', '_id', '_openid', '__proto__', 'constructor', 'prototype',
  "' OR '1'='1", '"; db.dropDatabase(); "', '<script>alert(1)</script>', '../../etc/passwd', '..\\..\\x', '%00', '%2e%2e%2f', 'cloud://local.bucket/../../etc/passwd', 'cloud://other-env.bucket/x.jpg', 'http://127.0.0.1/', 'javascript:alert(1)',
  'null', 'undefined', 'NaN', '-1', '0', '1e400', '0x10', 'true', '[]', '{}', '2026-02-30', '2026-13-01', '0000-00-00', '9999-12-31', '2026-W99', '2026-W00', '24:00', '99:99',
];

/** The shapes the SDK's serializer produces for commands, and Mongo / EJSON operators a client could smuggle in. */
const OPERATOR_OBJECTS: unknown[] = [
  { $gt: '' }, { $gte: null }, { $lt: {} }, { $ne: null }, { $eq: '' }, { $in: ['vil-shibadong', null] }, { $nin: [] }, { $exists: true }, { $exists: false },
  { $where: 'sleep(5000) || true' }, { $where: 'function () { return true }' }, { $regex: '.*' }, { $regex: '.*', $options: 'si' }, { $regex: '(a+)+$' },
  { $or: [{}, { _id: { $ne: null } }] }, { $and: [] }, { $nor: [{}] }, { $not: { $eq: 1 } }, { $expr: { $eq: [1, 1] } }, { $jsonSchema: {} },
  { $elemMatch: { $gt: '' } }, { $size: 0 }, { $all: [] }, { $mod: [2, 0] }, { $type: 'string' }, { $text: { $search: 'x' } },
  { $geoWithin: { $centerSphere: [[109.55, 28.38], 1] } }, { $geoNear: { geometry: { type: 'Point', coordinates: [109.55, 28.38] }, maxDistance: 1e9 } },
  { type: 'Point', coordinates: [109.55, 28.38] }, { type: 'Polygon', coordinates: [[[0, 0], [1, 1], [0, 1], [0, 0]]] },
  { $regularExpression: { pattern: '.*', options: 'i' } }, { $tcb_server_date: { offset: 0 } }, { $date: 0 }, { $date: { $numberLong: '-62135596800000' } }, { $date: '2026-05-12T00:00:00Z' },
  { $numberLong: '9223372036854775807' }, { $numberInt: '1' }, { $numberDouble: 'NaN' }, { $numberDecimal: '1e6144' }, { $oid: '000000000000000000000000' },
  { $binary: { base64: 'AAAA', subType: '00' } }, { $symbol: 'x' }, { $code: 'function(){}' }, { $minKey: 1 }, { $maxKey: 1 }, { $undefined: true }, { $timestamp: { t: 0, i: 0 } },
  { $inc: { n: 1 } }, { $set: { grants: [] } }, { $unset: '' }, { $push: { grants: { role: 'staff' } } }, { $rename: { a: 'b' } }, { $addToSet: {} },
  { _id: { $ne: null } }, { 'grants.role': 'staff' }, { 'a.$.b': 1 }, { '': 1 }, { $: 1 }, { '.': 1 }, { _openid: 'demo-city-staff-xiang' },
];

/** Keys a client might smuggle into an object: prototype keys, system fields, identity, operators, paths. */
const SMUGGLED_KEYS = [
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '_id', '_openid', 'openid', 'OPENID', 'personId', 'caller', 'person', 'roles', 'grants',
  '$where', '$gt', '$set', 'grants.0.role', 'a.b', '', '$', '\u0000', '😀', 'x'.repeat(300),
];

const NUMBERS = [-1, -0, 0, 0.5, -0.5, 1.5, 0.1 + 0.2, 1e-320, 2 ** 31, -(2 ** 31) - 1, 2 ** 32, 2 ** 53, 2 ** 53 + 2, -(2 ** 53) - 2, 1e21, 1e308, -1e308, Number.MAX_VALUE, Number.MIN_VALUE, Number.EPSILON, NaN, Infinity, -Infinity];

/** Defined as an own key (as JSON.parse makes `__proto__`), never through a setter. */
function define(target: any, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function deep(depth: number, kind: 'object' | 'array' | 'operator' | 'mixed'): unknown {
  let v: unknown = kind === 'operator' ? { $gt: '' } : 'bottom';
  for (let i = 0; i < depth; i++) {
    if (kind === 'object') v = { a: v };
    else if (kind === 'array') v = [v];
    else if (kind === 'operator') v = i % 2 ? { $or: [v] } : { $and: [v, {}] };
    else v = i % 3 === 0 ? [v] : i % 3 === 1 ? { a: v, $ne: null } : { b: [1, v], c: '' };
  }
  return v;
}

/** Things that are not what a field wants (or anything else a client could send). */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  // wrong types
  { weight: 4, arbitrary: fc.oneof(fc.boolean(), fc.integer(), fc.double(), fc.string(), fc.constant(null), fc.constant(undefined), fc.constant([]), fc.constant({}), fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }), fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }), fc.date({ noInvalidDate: false })) },
  // anything at all
  { weight: 2, arbitrary: fc.anything({ maxDepth: 3, withNullPrototype: true, withDate: true, withSparseArray: true, withObjectString: false }) },
  // strings of 100k+ characters
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom('a', '汉', '😀', '\u0000', '$', '.', '\ud800', '\u202e', ' ', '<', 'e\u0301', '{"$gt":""}'), fc.integer({ min: 100_000, max: 260_000 })).map(([unit, n]) => unit.repeat(Math.ceil(n / unit.length))),
  },
  // nested 100+ deep
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 100, max: 1_000 }), fc.constantFrom('object' as const, 'array' as const, 'operator' as const, 'mixed' as const)).map(([d, k]) => deep(d, k)) },
  // huge arrays, wide objects
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.tuple(fc.integer({ min: 1_000, max: 60_000 }), fc.constantFrom<unknown>(TARGET_PERSON, 'vil-shibadong', 0, null, {}, { $gt: '' })).map(([n, v]) => Array.from({ length: n }, () => v)),
      fc.integer({ min: 1_000, max: 20_000 }).map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]))),
    ),
  },
  // operators and serialized command shapes, alone or under a field
  { weight: 4, arbitrary: fc.constantFrom(...OPERATOR_OBJECTS) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('villageId', 'personId', 'id', '_id', 'openid', 'status', 'grants'), fc.constantFrom(...OPERATOR_OBJECTS)).map(([k, v]) => ({ [k]: v })) },
  // prototype pollution
  { weight: 1, arbitrary: fc.constantFrom('{"__proto__":{"polluted":"yes"}}', '{"constructor":{"prototype":{"polluted":"yes"}}}', '{"__proto__":[]}', '{"a":{"__proto__":{"isAdmin":true}}}').map((j) => JSON.parse(j) as unknown) },
  // unicode and strings that mean something
  { weight: 3, arbitrary: fc.oneof(fc.constantFrom(...NASTY_STRINGS), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.array(fc.constantFrom(...LONE_SURROGATES, 'a', '\u0000', '\u202e', '汉'), { maxLength: 30 }).map((a) => a.join(''))) },
  // numbers: negative, huge, fractional, NaN, infinite
  { weight: 3, arbitrary: fc.oneof(fc.constantFrom(...NUMBERS), fc.double(), fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER })) },
  // null, undefined, empties
  { weight: 2, arbitrary: fc.constantFrom<unknown>(null, undefined, '', [], {}, [null], [undefined], { a: undefined }, [[]], [{}]) },
);

/** A value the schema accepts, drawn widely (boundaries, unicode, ids from everywhere, far dates). */
export function conforming(schema: Schema, root: Schema, name?: string, depth = 0): fc.Arbitrary<unknown> {
  const s0 = deref(schema, root);
  const opts = optionsOf(s0, root);
  if (opts.length > 1) return fc.oneof(...opts.map((o) => conforming(o, root, name, depth)));
  const s = opts[0]!;
  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.enum) && s.enum.length) return fc.constantFrom(...(s.enum as unknown[]));
  if (depth > 8) return fc.constant(exampleOf(s, root, name, depth));
  switch (typeOf(s)) {
    case 'string':
      return conformingString(s, name);
    case 'number':
    case 'integer':
      return conformingNumber(s, name);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      if (Array.isArray(s.prefixItems)) return fc.tuple(...s.prefixItems.map((p: Schema) => conforming(p, root, name, depth + 1)));
      const min = typeof s.minItems === 'number' ? s.minItems : 0;
      const max = typeof s.maxItems === 'number' ? s.maxItems : 50;
      const item = conforming(s.items ?? {}, root, singular(name), depth + 1);
      return fc.oneof({ weight: 4, arbitrary: fc.array(item, { minLength: min, maxLength: Math.max(min, Math.min(max, 6)) }) }, { weight: 1, arbitrary: fc.array(item, { minLength: Math.max(min, Math.min(max, 1_000)), maxLength: Math.max(min, Math.min(max, 1_000)) }) });
    }
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, Schema>;
      const required = (s.required ?? []) as string[];
      const shape: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(props)) shape[k] = conforming(v, root, k, depth + 1);
      return fc.record(shape, { requiredKeys: required.filter((k) => k in shape) }) as fc.Arbitrary<unknown>;
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function conformingString(s: Schema, name: string | undefined): fc.Arbitrary<unknown> {
  const fits = (v: unknown) => stringFits(s, v);
  const fallback = exampleString(s, name);
  const known = [...((name && HINTS[name]) || []), ...ID_POOL, ...NASTY_STRINGS].filter(fits);
  const re = patternOf(s);
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  const max = typeof s.maxLength === 'number' ? s.maxLength : 1_000;
  const unit = fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.constantFrom('\u0000', '\u202e', '$', '.', '😀', '汉', ...LONE_SURROGATES));
  const arbs: fc.Arbitrary<unknown>[] = [];
  if (known.length) arbs.push(fc.constantFrom(...known));
  if (re) arbs.push(fc.stringMatching(re).map((v) => (fits(v) ? v : fallback)));
  else if (s.format === 'date-time') arbs.push(fc.date({ min: new Date('0000-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }).map((d) => d.toISOString()).map((v) => (fits(v) ? v : fallback)));
  else {
    arbs.push(fc.string({ unit, minLength: min, maxLength: Math.min(max, 300) }).map((v) => (fits(v) ? v : fallback)));
    // exactly at the limit, in characters that take two UTF-16 units or none
    arbs.push(fc.constantFrom('汉', 'a', '\u0000', ' ').map((c) => c.repeat(max)).map((v) => (fits(v) ? v : fallback)));
  }
  return fc.oneof(...arbs);
}

function conformingNumber(s: Schema, name: string | undefined): fc.Arbitrary<unknown> {
  const int = typeOf(s) === 'integer';
  const fits = (v: unknown) => numberFits(s, v);
  const fallback = exampleNumber(s, name);
  const lo = typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum : -1e15;
  const hi = typeof s.maximum === 'number' ? s.maximum : typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum : 1e15;
  const edges = [lo, hi, lo + 1, hi - 1, 0, -0, 1, -1, (lo + hi) / 2, lo + Number.EPSILON, hi - 0.5, 2 ** 53 - 1, -(2 ** 53) + 1, 1e300].filter(fits);
  const range = int
    ? fc.integer({ min: Math.max(Math.ceil(lo), Number.MIN_SAFE_INTEGER), max: Math.min(Math.floor(hi), Number.MAX_SAFE_INTEGER) })
    : fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true });
  return fc.oneof(...(edges.length ? [fc.constantFrom(...edges)] : []), range.map((v) => (fits(v) ? v : fallback)));
}

// ---- mutations of the base input --------------------------------------------------------------------

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function getAt(root: unknown, path: Path): unknown {
  let cur: any = root;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, k)) return undefined;
    cur = cur[k];
  }
  return cur;
}

/** `root` with the value at `path` set (containers made on the way), as own keys. */
function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...Path];
  const container: any = typeof head === 'number' ? (Array.isArray(root) ? root : []) : isPlainObject(root) ? root : {};
  const child = Object.prototype.hasOwnProperty.call(container, head) ? container[head] : undefined;
  define(container, head, setAt(child, rest, value));
  return container;
}

function deleteAt(root: unknown, path: Path): unknown {
  if (path.length === 0) return undefined;
  const parent: any = getAt(root, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
  else if (parent && typeof parent === 'object') delete parent[last];
  return root;
}

/** The schema of the value at `path`, if the schema says. */
function schemaAt(schema: Schema, root: Schema, path: Path): Schema | undefined {
  let cur: Schema | undefined = deref(schema, root);
  for (const k of path) {
    if (!cur) return undefined;
    const opts = optionsOf(cur, root);
    let next: Schema | undefined;
    for (const o of opts) {
      if (typeof k === 'number') next = o.prefixItems?.[k] ?? o.items;
      else next = o.properties?.[k] ?? (isPlainObject(o.additionalProperties) ? o.additionalProperties : undefined);
      if (next) break;
    }
    cur = next && deref(next, root);
  }
  return cur;
}

/** Paths to mutate: every field of the base input (first items of arrays), and the optional fields its schema names. */
function pathsOf(example: unknown, schema: Schema, root: Schema): Path[] {
  const out = new Map<string, Path>();
  const add = (p: Path) => {
    if (p.length && out.size < 300) out.set(JSON.stringify(p), p);
  };
  const walkValue = (v: unknown, p: Path, depth: number) => {
    add(p);
    if (depth > 6) return;
    if (Array.isArray(v)) v.slice(0, 2).forEach((x, i) => walkValue(x, [...p, i], depth + 1));
    else if (isPlainObject(v)) for (const [k, x] of Object.entries(v)) walkValue(x, [...p, k], depth + 1);
  };
  const walkSchema = (s: Schema, p: Path, depth: number) => {
    add(p);
    if (depth > 3) return;
    for (const o of optionsOf(deref(s, root), root)) {
      for (const [k, sub] of Object.entries((o.properties ?? {}) as Record<string, Schema>)) walkSchema(sub, [...p, k], depth + 1);
      if (o.items && !Array.isArray(o.items)) walkSchema(o.items, [...p, 0], depth + 1);
    }
  };
  walkValue(example, [], 0);
  walkSchema(schema, [], 0);
  return [...out.values()];
}

type Mutation = (input: unknown) => unknown;

/** Any value as a string (String() throws on an object without a prototype). */
function text(v: unknown): string {
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v) ?? 'undefined';
  } catch {
    return 'x';
  }
}

const OPERATOR_WRAPS: ((v: unknown) => unknown)[] = [
  (v) => ({ $ne: v }), (v) => ({ $eq: v }), (v) => ({ $in: [v, null] }), (v) => ({ $nin: [v] }), () => ({ $gt: '' }), () => ({ $ne: null }), () => ({ $exists: true }), () => ({ $regex: '.*' }),
  () => ({ $where: 'return true' }), (v) => ({ $or: [{ x: v }, {}] }), (v) => ({ $not: { $eq: v } }), (v) => ({ $elemMatch: { $eq: v } }), (v) => ({ $regularExpression: { pattern: text(v), options: 'i' } }),
  () => ({ $tcb_server_date: { offset: 0 } }), () => ({ $date: 0 }), (v) => ({ $numberLong: text(v) }), (v) => ({ $set: { x: v } }), (v) => ({ $inc: { x: v } }), (v) => (typeof v === 'string' ? { [v]: { $gt: '' } } : { $size: 0 }),
];

/** Everything a call may be given, for one action. */
export function inputArbitrary(schema: Schema | null, example: unknown): fc.Arbitrary<unknown> {
  const root = schema ?? {};
  const paths = pathsOf(example, root, root);
  const pathArb: fc.Arbitrary<Path> = paths.length ? fc.constantFrom(...paths) : fc.constant(['x']);
  const objectPaths: Path[] = [[], ...paths.filter((p) => isPlainObject(getAt(example, p)) || isPlainObject(schemaAt(root, root, p)?.properties))];
  const valueFor = (p: Path): fc.Arbitrary<unknown> => {
    const s = schemaAt(root, root, p);
    const last = p[p.length - 1];
    return s ? conforming(s, root, typeof last === 'string' ? last : undefined) : hostileValue;
  };
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    { weight: 5, arbitrary: fc.tuple(pathArb, hostileValue).map(([p, v]): Mutation => (x) => setAt(x, p, v)) },
    { weight: 3, arbitrary: pathArb.chain((p) => valueFor(p).map((v): Mutation => (x) => setAt(x, p, v))) },
    { weight: 2, arbitrary: fc.tuple(pathArb, fc.constantFrom(...OPERATOR_WRAPS)).map(([p, wrap]): Mutation => (x) => setAt(x, p, wrap(getAt(x, p)))) },
    { weight: 1, arbitrary: pathArb.map((p): Mutation => (x) => deleteAt(x, p)) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...objectPaths), fc.constantFrom(...SMUGGLED_KEYS), fc.oneof(hostileValue, fc.constantFrom<unknown>('demo-city-staff-xiang', 'p-city-staff-xiang', ['staff'], [{ role: 'staff', orgUnitId: 'city-xiangxi' }], true))).map(([p, k, v]): Mutation => (x) => setAt(x, [...p, k], v)) },
    { weight: 1, arbitrary: fc.oneof(pathArb, fc.constant([] as Path)).map((p): Mutation => (x) => setAt(x, p, [getAt(x, p)])) },
  );
  const mutated = fc.array(mutation, { minLength: 1, maxLength: 3 }).map((ms) => ms.reduce((x, m) => m(x), clone(example) as unknown));
  // Only values the schema accepts: these pass validation and reach the handler.
  const accepted = fc.array(pathArb.chain((p) => valueFor(p).map((v): Mutation => (x) => setAt(x, p, v))), { minLength: 1, maxLength: 3 }).map((ms) => ms.reduce((x, m) => m(x), clone(example) as unknown));
  const topKeys = Object.keys(optionsOf(deref(root, root), root)[0]?.properties ?? {});
  return fc.oneof(
    { weight: 10, arbitrary: mutated },
    { weight: 6, arbitrary: accepted },
    { weight: 2, arbitrary: schema ? conforming(root, root) : hostileValue },
    { weight: 4, arbitrary: hostileValue },
    { weight: 1, arbitrary: topKeys.length ? fc.tuple(...topKeys.map(() => hostileValue)).map((vs) => Object.fromEntries(topKeys.map((k, i) => [k, vs[i]]))) : hostileValue },
    { weight: 1, arbitrary: fc.constantFrom<unknown>([example], [example, example], JSON.stringify(example), { input: example }, { action: 'system.ping', input: example }) },
  );
}

// ---- one action's model ------------------------------------------------------------------------

export interface ActionModel {
  route: FuzzRoute;
  caller: FuzzCaller;
  schema: Schema | null;
  /** The valid base input the mutations start from. */
  example: unknown;
  /** Does the action's own schema accept the base input? */
  exampleValid: boolean;
}

export function modelOf(route: FuzzRoute): ActionModel {
  const schema = inputSchema(route.def);
  const derived = schema ? exampleOf(schema) : {};
  const override = BASE_OVERRIDES[route.name];
  const example = override ? override(derived) : derived;
  return { route, caller: callerFor(route.def), schema, example, exampleValid: route.def.input.safeParse(example).success };
}

// ---- the checks -----------------------------------------------------------------------------------

export type ViolationKind = 'crash' | 'internal' | 'unstructured' | 'refused_write' | 'db_changed' | 'prototype_polluted';

export interface Violation {
  key: string;
  /** Index of the input in the action's sequence (with the seed, it regenerates the input). */
  index: number;
  kind: ViolationKind;
  detail: string;
  input: string;
}

/** Why the answer is not one the router may give, or null. */
export function answerProblem(a: unknown): string | null {
  if (!isPlainObject(a)) return `not an object: ${preview(a)}`;
  if (a.ok === true) {
    if (!('data' in a)) return 'ok without data';
    const extra = Object.keys(a).filter((k) => k !== 'ok' && k !== 'data');
    return extra.length ? `extra keys ${extra.join(',')}` : null;
  }
  if (a.ok !== false) return `ok is ${preview(a.ok)}`;
  if (typeof a.code !== 'string' || !/^[a-z][a-z0-9_]*$/.test(a.code)) return `code ${preview(a.code)}`;
  if (typeof a.message !== 'string' || !/[\u3400-\u9fff]/.test(a.message)) return `message not Chinese: ${preview(a.message)}`;
  const extra = Object.keys(a).filter((k) => !['ok', 'code', 'message', 'issues'].includes(k));
  if (extra.length) return `extra keys ${extra.join(',')}`;
  if ('issues' in a && !(Array.isArray(a.issues) && a.issues.every((i) => isPlainObject(i) && typeof i.path === 'string' && typeof i.message === 'string'))) return `issues ${preview(a.issues)}`;
  return null;
}

/** A short, safe rendering of any value (long strings, deep and wide structures cut). */
export function preview(v: unknown, max = 300): string {
  const seen = (x: unknown, depth: number): unknown => {
    if (typeof x === 'string') return x.length > 40 ? `<${x.length} chars ${JSON.stringify(x.slice(0, 12))}…>` : x;
    if (typeof x === 'number' && !Number.isFinite(x)) return `<${x}>`;
    if (x === undefined) return '<undefined>';
    if (x === null || typeof x !== 'object') return x;
    if (depth > 5) return '<deeper>';
    if (Array.isArray(x)) return x.length > 6 ? [...x.slice(0, 6).map((y) => seen(y, depth + 1)), `<${x.length} items>`] : x.map((y) => seen(y, depth + 1));
    const keys = Object.keys(x);
    const out: Record<string, unknown> = {};
    for (const k of keys.slice(0, 8)) define(out, k, seen((x as Record<string, unknown>)[k], depth + 1));
    if (keys.length > 8) out['…'] = `<${keys.length} keys>`;
    return out;
  };
  let s: string;
  try {
    s = JSON.stringify(seen(v, 0)) ?? '<undefined>';
  } catch {
    s = '<unprintable>';
  }
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** The database's fingerprint: each collection's document count, and its billed-write counter. */
export interface Fingerprint {
  counts: Record<string, number>;
  writes: number;
}

export async function fingerprint(t: TestCloud): Promise<Fingerprint> {
  const names = t.cloud.database.collectionNames().sort();
  const totals = await Promise.all(names.map(async (n) => (await db.collection(n).count()).total as number));
  return { counts: Object.fromEntries(names.map((n, i) => [n, totals[i]!])), writes: t.cloud.database.ops.writes };
}

/** The collections whose counts differ, or null. */
function countsDiff(a: Fingerprint, b: Fingerprint): string | null {
  const out: string[] = [];
  for (const n of new Set([...Object.keys(a.counts), ...Object.keys(b.counts)])) if (a.counts[n] !== b.counts[n]) out.push(`${n}: ${a.counts[n] ?? 'none'} → ${b.counts[n] ?? 'none'}`);
  return out.length ? out.join('; ') : null;
}

/** Writes the database billed that no call's invocation accounts for (work left running after an answer), or null. */
function strayWrites(a: Fingerprint, b: Fingerprint, attributed: number): string | null {
  const seen = b.writes - a.writes;
  return seen === attributed ? null : `${seen} billed writes, of which the calls' invocations account for ${attributed}`;
}

const PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype).join(',');
const ARRAY_PROTO_KEYS = Object.getOwnPropertyNames(Array.prototype).join(',');
function prototypePolluted(): string | null {
  if (Object.getOwnPropertyNames(Object.prototype).join(',') !== PROTO_KEYS) return `Object.prototype has ${Object.getOwnPropertyNames(Object.prototype).join(',')}`;
  if (Object.getOwnPropertyNames(Array.prototype).join(',') !== ARRAY_PROTO_KEYS) return 'Array.prototype changed';
  const probe = {} as Record<string, unknown>;
  if (probe.polluted !== undefined || probe.isAdmin !== undefined) return 'a fresh object inherits a polluted key';
  return null;
}

// ---- the runner -------------------------------------------------------------------------------------

export interface ActionReport {
  key: string;
  fn: FunctionName;
  caller: string;
  exampleValid: boolean;
  calls: number;
  /** Valid by chance: answered ok. */
  ok: number;
  refused: number;
  /** Answers by code (`ok` for successes). */
  codes: Record<string, number>;
  /** Refused by the router's schema check (`invalid_input` with the schema's `issues`), not by the handler. */
  schemaRefused: number;
  crashes: number;
  internal: number;
  unstructured: number;
  refusedWrites: number;
  dbChanged: number;
  seconds: number;
  /** The slowest call, and its input. */
  slowestMs: number;
  slowestInput: string;
}

export interface FuzzReport {
  seed: number;
  runs: number;
  actions: ActionReport[];
  violations: Violation[];
  seconds: number;
}

/** A seed per action, from the run's seed and the action's key (adding an action changes no other's inputs). */
export function actionSeed(seed: number, key: string): number {
  let h = seed >>> 0;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const CHUNK = 50;

/** The action's inputs, `runs` of them, in chunks (each chunk seeded from the action's seed). */
export function* inputsOf(model: ActionModel, seed: number, runs: number): Generator<unknown> {
  const arb = inputArbitrary(model.schema, model.example);
  const base = actionSeed(seed, model.route.key);
  for (let done = 0, chunk = 0; done < runs; chunk++) {
    const n = Math.min(CHUNK, runs - done);
    for (const input of fc.sample(arb, { seed: (base + chunk * 7919) | 0, numRuns: n })) yield input;
    done += n;
  }
}

/** Fuzz one action: `runs` inputs through its function entry, each checked; the database's fingerprint checked at the end. */
export async function fuzzAction(t: TestCloud, model: ActionModel, opts: { seed: number; runs: number; violations: Violation[] }): Promise<ActionReport> {
  const { route, caller } = model;
  const started = performance.now();
  const report: ActionReport = { key: route.key, fn: route.fn, caller: caller.label, exampleValid: model.exampleValid, calls: 0, ok: 0, refused: 0, codes: {}, schemaRefused: 0, crashes: 0, internal: 0, unstructured: 0, refusedWrites: 0, dbChanged: 0, seconds: 0, slowestMs: 0, slowestInput: '' };
  const flag = (index: number, kind: ViolationKind, detail: string, input: unknown) => opts.violations.length < 500 && opts.violations.push({ key: route.key, index, kind, detail, input: preview(input) });
  let base = await fingerprint(t);
  /** Billed writes of the calls since `base` (their invocations'). */
  let attributed = 0;
  let index = 0;
  for (const input of inputsOf(model, opts.seed, opts.runs)) {
    const i = index++;
    report.calls += 1;
    t.logs.length = 0;
    let result: unknown;
    let writes = 0;
    try {
      const out = await t.cloud.functions.invoke(route.fn, { action: route.name, input }, { openid: caller.openid, source: caller.source });
      result = out.result;
      writes = out.invocation.ops.writes;
      if (out.invocation.ms > report.slowestMs) {
        report.slowestMs = out.invocation.ms;
        report.slowestInput = preview(input);
      }
    } catch (err) {
      report.crashes += 1;
      flag(i, 'crash', err instanceof Error ? err.message : String(err), input);
      // What the call wrote is unknown (it may still be running): start over from here.
      await new Promise((r) => setTimeout(r, 20));
      base = await fingerprint(t);
      attributed = 0;
      continue;
    }
    attributed += writes;
    const problem = answerProblem(result);
    if (problem) {
      report.unstructured += 1;
      flag(i, 'unstructured', problem, input);
      continue;
    }
    const a = result as { ok: boolean; code?: string };
    const code = a.ok ? 'ok' : a.code!;
    report.codes[code] = (report.codes[code] ?? 0) + 1;
    if (a.ok) {
      report.ok += 1;
      if (writes > 0) {
        // A success may change the database: the fingerprint moves on from here, once every
        // write since the last one is a call's own (a refused call's late write would show).
        const now = await fingerprint(t);
        const stray = strayWrites(base, now, attributed);
        if (stray) {
          report.dbChanged += 1;
          flag(i, 'db_changed', stray, input);
        }
        base = now;
        attributed = 0;
      }
      continue;
    }
    report.refused += 1;
    if (code === 'invalid_input' && 'issues' in a) report.schemaRefused += 1;
    if (code === 'internal') {
      report.internal += 1;
      const err = t.logs.find((l) => l.level === 'error');
      flag(i, 'internal', err ? String(err.error ?? err.msg).split('\n').slice(0, 4).join(' | ') : 'internal', input);
    }
    if (writes !== 0) {
      report.refusedWrites += 1;
      flag(i, 'refused_write', `${code}, ${writes} billed writes`, input);
    }
  }
  // Let anything a call left running land before the last look: since the last success that
  // wrote, only refused calls ran, so every count must be as it was.
  await new Promise((r) => setTimeout(r, 20));
  const end = await fingerprint(t);
  const diff = [countsDiff(base, end), strayWrites(base, end, attributed)].filter(Boolean).join('; ');
  if (diff) {
    report.dbChanged += 1;
    flag(index, 'db_changed', diff, '(end of batch)');
  }
  const polluted = prototypePolluted();
  if (polluted) flag(index, 'prototype_polluted', polluted, '(end of batch)');
  t.logs.length = 0;
  report.seconds = Math.round((performance.now() - started) / 10) / 100;
  return report;
}

/** A local cloud with the demo county (bound village groups, complaints and all), the clock frozen at FUZZ_NOW. */
export async function startFuzzCloud(): Promise<TestCloud> {
  const t = await startTestCloud();
  t.cloud.clock.set(FUZZ_NOW, { frozen: true });
  await seedDemo({ complaints: true });
  return t;
}

/** Fuzz the given actions (default: all) one after the other. */
export async function fuzzAll(t: TestCloud, opts: { seed: number; runs: number; only?: string[]; onAction?: (r: ActionReport) => void }): Promise<FuzzReport> {
  const started = performance.now();
  const violations: Violation[] = [];
  const actions: ActionReport[] = [];
  const routes = fuzzRoutes().filter((r) => !opts.only?.length || opts.only.some((p) => r.key === p || r.key.startsWith(p)));
  for (const route of routes) {
    const r = await fuzzAction(t, modelOf(route), { seed: opts.seed, runs: opts.runs, violations });
    actions.push(r);
    opts.onAction?.(r);
  }
  return { seed: opts.seed, runs: opts.runs, actions, violations, seconds: Math.round((performance.now() - started) / 10) / 100 };
}

/** How a violation reads in a failing test: enough to regenerate its input. */
export function describeViolation(v: Violation, seed: number): string {
  return `[seed ${seed}] ${v.key} #${v.index} ${v.kind}: ${v.detail} — input ${v.input} (rerun: FUZZ_SEED=${seed} FUZZ_ONLY=${v.key})`;
}
