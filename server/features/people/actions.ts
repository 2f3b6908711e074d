/** People administration (staff, within their subtree), binding, and "me". */
import * as z from 'zod';
import { action, type ActionContext, type ScopeTarget } from '../../kernel/action';
import { AppError } from '../../kernel/errors';
import { UnitId } from '../org/schema';
import { coveringGrant, getUnit, getUnits } from '../org/service';
import { INVITE_DEFAULT_DAYS, INVITE_MAX_DAYS } from './rules';
import { CADRE_KIND_NAMES, CADRE_KINDS, Day, GrantInput, PersonId, PersonName, Phone, RoleName, ROLE_NAMES, Title, type AssignmentDoc, type PersonDoc } from './schema';
import {
  activeAssignment,
  addPerson,
  callerPerson,
  bind,
  createInvite,
  endAssignment,
  getAssignment,
  getPerson,
  grantRole,
  listAssignments,
  listPeople,
  resetBinding,
  revokeRole,
  startAssignment,
  updatePerson,
} from './service';

/**
 * Reads a person once, for both the scope check and the handler. To change a person, the caller
 * must cover the person's home unit and every unit they hold a role in (a county's staff cannot
 * take over someone who also holds a role in the next county). To read a person, covering any
 * of them is enough (a township sees the cadre stationed in its village, wherever their home is).
 */
async function personTarget(ctx: ActionContext, id: string, mode: 'read' | 'write'): Promise<ScopeTarget[] | null> {
  const person = await getPerson(id);
  if (!person) return null;
  ctx.memo.set(`person:${id}`, person);
  const paths = [person.homePath, ...person.grants.map((g) => g.path)];
  if (mode === 'write') return paths.map((path) => ({ path }));
  const seen = paths.find((path) => coveringGrant(ctx.caller, ['staff'], path));
  return [{ path: seen ?? person.homePath }];
}

function memoPerson(ctx: ActionContext, id: string): PersonDoc {
  const p = ctx.memo.get(`person:${id}`) as PersonDoc | undefined;
  if (!p) throw new AppError('forbidden');
  return p;
}

async function unitTarget(ctx: ActionContext, id: string) {
  const unit = await getUnit(id);
  if (!unit) return null;
  ctx.memo.set(`unit:${id}`, unit);
  return { path: unit.path };
}

/** A person as staff pages see them. */
function view(p: PersonDoc) {
  return {
    id: p._id,
    name: p.name,
    phone: p.phone,
    title: p.title,
    orgUnitId: p.orgUnitId,
    bound: !!p.openid,
    active: p.active,
    grants: p.grants.map((g) => ({ role: g.role, roleName: ROLE_NAMES[g.role], orgUnitId: g.orgUnitId, kind: g.kind ?? null, kindName: g.kind ? CADRE_KIND_NAMES[g.kind] : null, department: g.department ?? null })),
  };
}

function assignmentView(a: AssignmentDoc) {
  return { id: a._id, personId: a.personId, villageId: a.villageId, kind: a.kind, kindName: CADRE_KIND_NAMES[a.kind], dispatchingUnit: a.dispatchingUnit, start: a.start, end: a.end, active: a.active };
}

const STAFF = ['staff'] as const;

export const me = action({
  name: 'people.me',
  roles: 'bound',
  input: z.object({}).strict(),
  async run(ctx) {
    const person = callerPerson(ctx.caller);
    const units = await getUnits(person.grants.map((g) => g.orgUnitId));
    const assignment = person.grants.some((g) => g.role === 'cadre') ? await activeAssignment(person._id) : null;
    return {
      id: person._id,
      name: person.name,
      title: person.title ?? '',
      roles: person.grants.map((g) => {
        const unit = units.get(g.orgUnitId);
        return { role: g.role, roleName: ROLE_NAMES[g.role], orgUnitId: g.orgUnitId, unitName: unit?.name ?? '', level: unit?.level ?? null, kind: g.kind ?? null, kindName: g.kind ? CADRE_KIND_NAMES[g.kind] : null };
      }),
      assignment: assignment ? { ...assignmentView(assignment), villageName: units.get(assignment.villageId)?.name ?? '' } : null,
    };
  },
});

export const bindAction = action({
  name: 'people.bind',
  // An unbound WeChat user may call it: binding is how they become someone.
  roles: 'public',
  input: z.object({ code: z.string().trim().min(4).max(20) }).strict(),
  async run(ctx, input) {
    if (!ctx.caller.openid) throw new AppError('not_bound', '无法识别您的微信身份，请在微信中打开小程序');
    const person = await bind(ctx.caller.openid, ctx.now, input.code);
    return { personId: person._id, name: person.name, roles: person.grants.map((g) => ({ role: g.role, roleName: ROLE_NAMES[g.role], orgUnitId: g.orgUnitId })) };
  },
});

export const list = action({
  name: 'people.list',
  roles: STAFF,
  input: z.object({ unitId: UnitId, role: RoleName.optional(), q: z.string().trim().min(1).max(20).optional(), skip: z.number().int().min(0).max(100_000).default(0), limit: z.number().int().min(1).max(100).default(20) }).strict(),
  scope: (ctx, input) => unitTarget(ctx, input.unitId),
  async run(_ctx, input) {
    const { total, people } = await listPeople(input.unitId, input);
    return { total, people: people.map(view) };
  },
});

export const get = action({
  name: 'people.get',
  roles: STAFF,
  input: z.object({ id: PersonId }).strict(),
  scope: (ctx, input) => personTarget(ctx, input.id, 'read'),
  async run(ctx, input) {
    const person = memoPerson(ctx, input.id);
    const assignment = await activeAssignment(person._id);
    return { ...view(person), assignment: assignment ? assignmentView(assignment) : null };
  },
});

export const add = action({
  name: 'people.add',
  roles: STAFF,
  input: z.object({ name: PersonName, phone: Phone, title: Title.optional(), orgUnitId: UnitId, role: z.enum(['staff', 'approver', 'discipline', 'department', 'groupAdmin', 'tutor', 'villager']).optional() }).strict(),
  scope: (ctx, input) => unitTarget(ctx, input.orgUnitId),
  async run(ctx, input) {
    return view(await addPerson(ctx.caller, ctx.now, input, ctx.memo));
  },
});

export const update = action({
  name: 'people.update',
  roles: STAFF,
  input: z
    .object({ id: PersonId, name: PersonName.optional(), phone: Phone.optional(), title: Title.optional(), active: z.boolean().optional() })
    .strict()
    .refine((v) => Object.keys(v).length > 1, { message: '没有要修改的内容' }),
  scope: (ctx, input) => personTarget(ctx, input.id, 'write'),
  async run(ctx, input) {
    const { id, ...changes } = input;
    return view(await updatePerson(ctx.caller, ctx.now, memoPerson(ctx, id), changes));
  },
});

export const grant = action({
  name: 'people.grantRole',
  roles: STAFF,
  input: GrantInput.strict(),
  // Both the person and the unit of the new role must be inside the caller's area.
  scope: async (ctx, input) => {
    const [p, u] = await Promise.all([personTarget(ctx, input.personId, 'write'), unitTarget(ctx, input.orgUnitId)]);
    return p && u ? [...p, u] : null;
  },
  async run(ctx, input) {
    return view(await grantRole(ctx.caller, ctx.now, input, ctx.memo));
  },
});

export const revoke = action({
  name: 'people.revokeRole',
  roles: STAFF,
  input: z.object({ personId: PersonId, role: RoleName, orgUnitId: UnitId }).strict(),
  scope: async (ctx, input) => {
    const [p, u] = await Promise.all([personTarget(ctx, input.personId, 'write'), unitTarget(ctx, input.orgUnitId)]);
    return p && u ? [...p, u] : null;
  },
  async run(ctx, input) {
    return view(await revokeRole(ctx.caller, ctx.now, input, ctx.memo));
  },
});

export const assign = action({
  name: 'people.startAssignment',
  roles: STAFF,
  input: z.object({ personId: PersonId, villageId: UnitId, kind: z.enum(CADRE_KINDS), dispatchingUnit: z.string().trim().min(2).max(40), start: Day, end: Day.optional() }).strict(),
  scope: async (ctx, input) => {
    const [p, u] = await Promise.all([personTarget(ctx, input.personId, 'write'), unitTarget(ctx, input.villageId)]);
    return p && u ? [...p, u] : null;
  },
  async run(ctx, input) {
    return assignmentView(await startAssignment(ctx.caller, ctx.now, input, ctx.memo));
  },
});

export const unassign = action({
  name: 'people.endAssignment',
  roles: STAFF,
  input: z.object({ assignmentId: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/), end: Day }).strict(),
  scope: async (ctx, input) => {
    const a = await getAssignment(input.assignmentId);
    if (!a) return null;
    ctx.memo.set(`assignment:${a._id}`, a);
    return { path: a.villagePath };
  },
  async run(ctx, input) {
    return assignmentView(await endAssignment(ctx.caller, ctx.now, ctx.memo.get(`assignment:${input.assignmentId}`) as AssignmentDoc, input.end));
  },
});

export const assignments = action({
  name: 'people.listAssignments',
  roles: ['staff', 'approver'],
  input: z.object({ unitId: UnitId, active: z.boolean().optional(), skip: z.number().int().min(0).max(100_000).default(0), limit: z.number().int().min(1).max(100).default(50) }).strict(),
  scope: (ctx, input) => unitTarget(ctx, input.unitId),
  async run(_ctx, input) {
    return (await listAssignments(input.unitId, input)).map(assignmentView);
  },
});

export const invite = action({
  name: 'people.createInvite',
  roles: STAFF,
  input: z.object({ personId: PersonId, validDays: z.number().int().min(1).max(INVITE_MAX_DAYS).default(INVITE_DEFAULT_DAYS) }).strict(),
  scope: (ctx, input) => personTarget(ctx, input.personId, 'write'),
  async run(ctx, input) {
    const r = await createInvite(ctx.caller, ctx.now, memoPerson(ctx, input.personId), input.validDays);
    return { code: r.code, qrText: r.qrText, expiresAt: r.expiresAt.toISOString() };
  },
});

export const unbind = action({
  name: 'people.resetBinding',
  roles: STAFF,
  input: z.object({ personId: PersonId, reason: z.string().trim().min(2).max(100) }).strict(),
  scope: (ctx, input) => personTarget(ctx, input.personId, 'write'),
  async run(ctx, input) {
    return view(await resetBinding(ctx.caller, ctx.now, memoPerson(ctx, input.personId), input.reason));
  },
});

export const peopleActions = [me, bindAction, list, get, add, update, grant, revoke, assign, unassign, assignments, invite, unbind] as const;
