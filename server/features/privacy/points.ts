/**
 * Where staff read someone else's personal data: the inventory of the actions that return it,
 * and what each logs (privacy/access.ts). `withAccessLog` wraps these actions in the
 * registries of the interactive functions (server/features/functions/): after the action has answered, one `accessLogs` document
 * lists whose data the answer held. A refused or failed call returns nothing, and logs nothing.
 *
 * The location reads of the check-in feature log themselves, by their own services (checkin/service.ts
 * `recordAccess`, which writes here): the location ledger (`checkin.ledger` and its Excel
 * export), a cadre's month (`checkin.history`), a reviewed check-in (`checkin.review`) and the
 * spot-check board (`spotCheck.board`: where each cadre answered from, and their live photo).
 *
 * Not logged, by decision: lists that show no such data (names, statuses, counts of photos,
 * in/out-of-fence verdicts and distances: `training.attendance`, `visit.visits`, `leave.*`,
 * `workLog.list`, rankings), content its author published for others to read (questions to
 * tutors, 互动分享 posts, work updates, policies), and a person's reads of their own data.
 */
import type { ActionContext, AnyAction } from '../../kernel/action';
import type { Role } from '../../kernel/roles';
import { logAccess, type AccessRecord } from './access';
import type { DataKind } from './schema';

/** What one read logs: computed from the action's context (its memo), input and answer. */
export type AccessPoint = (ctx: ActionContext, input: any, out: any) => Omit<AccessRecord, 'action' | 'roles'> | null;

const kinds = (...pairs: [DataKind, unknown][]): DataKind[] => pairs.filter(([, has]) => !!has).map(([k]) => k);
/** `<personId>.<date>` (stationing records): the person. */
const personOfDayId = (id: string) => id.slice(0, id.lastIndexOf('.'));
const unitName = (ctx: ActionContext, key: string) => (ctx.memo.get(key) as { name?: string } | undefined)?.name ?? '';

export const ACCESS_POINTS: Record<string, AccessPoint> = {
  // Phone numbers of a unit's people (staff's people pages).
  'people.list': (ctx, input, out) => ({ what: 'phone', kinds: ['phone'], detail: `人员名单（${unitName(ctx, `unit:${input.unitId}`) || '本单位'}）中的手机号`, subjectIds: out.people.map((p: { id: string }) => p.id) }),
  'people.get': (_ctx, _input, out) => ({ what: 'phone', kinds: ['phone'], detail: '人员信息（手机号）', subjectIds: [out.id] }),
  // The number to call a cadre who did not answer a spot check.
  'spotCheck.callInfo': (ctx, _input, out) => (out.phone || out.cadreOpenid ? { what: 'phone', kinds: ['phone'], detail: '约请联系时的手机号', subjectIds: [(ctx.memo.get('spotCheck') as { personId: string }).personId] } : null),
  // Evidence photos of correction requests (补卡).
  'checkin.corrections': (_ctx, _input, out) => ({
    what: 'photos',
    kinds: ['photo'],
    detail: '补卡申请的证明照片',
    subjectIds: (out as { personId: string; photoUrls: string[] }[]).filter((c) => c.photoUrls.length > 0).map((c) => c.personId),
  }),
  // A team's stationing-day photos (驻点签到照片).
  'stationing.team': (_ctx, _input, out) => ({
    what: 'photos',
    kinds: ['photo'],
    detail: `${out.village.name} ${out.week} 驻点签到照片`,
    subjectIds: (out.records as { id: string; photoUrls: string[] }[]).filter((r) => r.photoUrls.length > 0).map((r) => personOfDayId(r.id)),
  }),
  // A cadre's work log with its photos, opened by staff.
  'workLog.get': (_ctx, _input, out) => (out.photoUrls.length ? { what: 'photos', kinds: ['photo'], detail: `${out.date} 驻村记实的照片`, subjectIds: [out.personId] } : null),
  // An inspection's photos of the team it met, and the inspector's own fix.
  'inspection.get': (ctx, _input, out) =>
    out.photoUrls.length ? { what: 'photos', kinds: ['photo'], detail: `${out.date} ${out.villageName} 暗访照片`, subjectIds: (out.team as { personId: string }[]).map((m) => m.personId).filter((id) => id !== ctx.caller.person?._id) } : null,
  // A villager's complaint (photos, where it is, and their contact), or a visit problem's household.
  'complaint.get': (ctx, _input, out) => {
    const c = ctx.memo.get('complaint') as { openid: string | null; visit?: { householdId: string } | null };
    const v = out.complaint as { photos: string[]; location: unknown; contact: unknown; text: string };
    const k = kinds(['photo', v.photos.length], ['location', v.location], ['contact', v.contact]);
    if (!k.length) return null;
    return { what: 'complaint', kinds: k, detail: `诉求「${v.text.slice(0, 12)}${v.text.length > 12 ? '…' : ''}」`, subjectOpenids: [c.openid], householdIds: c.visit ? [c.visit.householdId] : [] };
  },
  // A village's households: heads, phones, members, tags (脱贫户…).
  'visit.households': (_ctx, _input, out) => {
    const items = out.items as { id: string; phone: string | null }[];
    return { what: 'household', kinds: kinds(['household', true], ['phone', items.some((h) => h.phone)]), detail: `${out.village.name}的农户信息`, householdIds: items.map((h) => h.id) };
  },
  // A cadre's progress on their targets, with its photos.
  'assessment.cadreTargets': (_ctx, input, out) =>
    (out.progress as { photoUrls: string[] }[]).some((p) => p.photoUrls.length) ? { what: 'photos', kinds: ['photo'], detail: `${input.year}年目标进展的照片`, subjectIds: [input.personId] } : null,
};

const featureOf = (action: string) => action.slice(0, action.indexOf('.'));

/** The actions of `actions` named in ACCESS_POINTS, wrapped to log what they returned; the others as they are. */
export function withAccessLog<T extends readonly AnyAction[]>(actions: T, points: Record<string, AccessPoint> = ACCESS_POINTS): T {
  // Each function serves some features: a point of one of them must name an action it serves
  // (test/routes.test.ts checks that every point's feature is served somewhere).
  const names = new Set(actions.map((a) => a.name));
  const features = new Set(actions.map((a) => featureOf(a.name)));
  const unknown = Object.keys(points).filter((n) => features.has(featureOf(n)) && !names.has(n));
  if (unknown.length) throw new Error(`access points name actions that are not registered: ${unknown.join(', ')}`);
  return actions.map((def) => {
    const point = points[def.name];
    if (!point) return def;
    const roles = Array.isArray(def.roles) ? (def.roles as readonly Role[]) : undefined;
    return {
      ...def,
      async run(ctx: ActionContext, input: unknown) {
        const out = await def.run(ctx, input);
        const record = point(ctx, input, out);
        if (record) await logAccess(ctx.caller, ctx.now, { ...record, action: def.name, ...(roles ? { roles } : {}) });
        return out;
      },
    };
  }) as unknown as T;
}
