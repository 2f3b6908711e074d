/**
 * Test fixtures written through the features' own services (never raw documents), on a local
 * cloud seeded with the demo county.
 */
import type { Caller } from '../server/kernel/caller';
import { now } from '../server/kernel/clock';
import { addPerson, bind, createInvite, getPerson, startAssignment } from '../server/features/people/service';
import type { PersonDoc } from '../server/features/people/schema';
import { getUnit } from '../server/features/org/service';
import { submitCheckin } from '../server/features/checkin/service';
import { attendanceId, recordAttendance } from '../server/features/checkin/sweeps';
import { requestCorrection } from '../server/features/checkin/corrections';
import { storage } from '../server/platform/cloud';
import { issue, photoFolder, recordCall } from '../server/features/spotcheck/service';
import { apply, attachmentFolder, decide } from '../server/features/leave/service';
import type { HalfDay, LeaveKind } from '../server/features/leave/schema';
import { isWorkday } from '../server/kernel/calendar';

/** Changes made by "the system" (no staff member) in fixtures. */
export const SYSTEM: Caller = { openid: undefined, source: 'test', person: null };

let n = 0;
export const unique = () => ++n;

/** A fresh person at a unit, with a phone nobody else has. */
export async function freshPerson(orgUnitId: string, role?: 'villager' | 'staff' | 'groupAdmin'): Promise<PersonDoc> {
  const i = unique();
  return addPerson(SYSTEM, now(), { name: `测试${String.fromCharCode(0x4e00 + (i % 500))}${i}`, phone: `139${String(10_000_000 + i).slice(-8)}`, orgUnitId, role });
}

export async function freshCadre(villageId: string): Promise<{ person: PersonDoc; assignmentId: string }> {
  const person = await freshPerson(villageId);
  const a = await startAssignment(SYSTEM, now(), { personId: person._id, villageId, kind: 'teamMember', dispatchingUnit: '测试派出单位', start: '2026-01-01' });
  return { person: (await getPerson(person._id))!, assignmentId: a._id };
}

export async function freshBoundPerson(orgUnitId: string): Promise<PersonDoc> {
  const person = await freshPerson(orgUnitId, 'villager');
  const { code } = await createInvite(SYSTEM, now(), person);
  return bind(`o-fixture-${unique()}`, now(), code);
}

/** A check-in by a fresh cadre of the village, at the village's centre. */
export async function freshCheckin(villageId: string): Promise<string> {
  const { person } = await freshCadre(villageId);
  const village = await getUnit(villageId);
  const center = village!.center!;
  const caller: Caller = { openid: undefined, source: 'test', person };
  const r = await submitCheckin(caller, now(), { clientId: `fixture-${unique()}-xxxx`, lat: center.lat, lng: center.lng, accuracy: 20, capturedAt: now().toISOString() });
  return r.id;
}

/** A window the cadre missed (as the window-close sweep records it). */
export async function missedWindow(personId: string, villageId: string, date: string, windowId = 'am'): Promise<void> {
  const village = await getUnit(villageId);
  await recordAttendance([{ _id: attendanceId(personId, { date, windowId }), personId, villageId, villagePath: village!.path, date, windowKey: `${date}:${windowId}`, windowId, status: 'missed', at: now() }]);
}

/** A pending correction by a fresh cadre of the village. */
export async function freshCorrection(villageId: string, date = '2026-05-11'): Promise<string> {
  const { person } = await freshCadre(villageId);
  await missedWindow(person._id, villageId, date);
  const c = await requestCorrection({ openid: undefined, source: 'test', person }, now(), { date, windowId: 'am', reason: '村里停电，手机没电', photoFileIds: [], witness: '村支书', workLogId: undefined });
  return c._id;
}

/** A staff member for fixtures that need one (the spot-check issuer of record). */
const FIXTURE_STAFF: Caller = { openid: undefined, source: 'test', person: { _id: 'p-fixture-staff', name: '测试组织委员', grants: [] } };

/** An open spot check of `personId` (default: a fresh cadre of the village), issued now. */
export async function freshSpotCheck(villageId: string, personId?: string): Promise<string> {
  const who = personId ?? (await freshCadre(villageId)).person._id;
  const unit = (await getUnit(villageId))!;
  const r = await issue(FIXTURE_STAFF, now(), unit, { unitId: villageId, requestId: `fixture-${unique()}-xxxx`, personIds: [who] });
  return r.issued[0]!._id;
}

/** A draw of one from the village's cadres. */
export async function freshDraw(villageId: string): Promise<string> {
  await freshCadre(villageId);
  const unit = (await getUnit(villageId))!;
  const r = await issue(FIXTURE_STAFF, now(), unit, { unitId: villageId, requestId: `fixture-${unique()}-xxxx`, draw: { count: 1, includeCheckedToday: true } });
  return r.drawId!;
}

/** An open inquiry (a call found a fresh cadre away from post). */
export async function freshInquiry(villageId: string): Promise<string> {
  const id = await freshSpotCheck(villageId);
  await recordCall(FIXTURE_STAFF, now(), id, { channel: 'phone', outcome: 'notAtPost' });
  return `inquiry.${id}`;
}

/** A live photo of `personId`, uploaded where an answer takes it from. */
export async function freshAnswerPhoto(personId: string): Promise<string> {
  return storage.upload(`${photoFolder(personId)}fixture-${unique()}.jpg`, Buffer.from('fixture photo'));
}

/** The next working day after `date` (YYYY-MM-DD). */
export function nextWorkday(date: string): string {
  let t = Date.parse(`${date}T00:00:00Z`);
  for (;;) {
    t += 86_400_000;
    const d = new Date(t).toISOString().slice(0, 10);
    if (isWorkday(d)) return d;
  }
}

let leaveDay = '2026-06-01';
/** A half-day of a working day no fixture leave has used yet. */
export function freshHalfDay(): HalfDay {
  leaveDay = nextWorkday(leaveDay);
  return { date: leaveDay, half: 'am' };
}

/** A leave request of `personId` (default: a fresh cadre of the village), pending at its first step. */
export async function freshLeave(villageId: string, opts: { personId?: string; kind?: LeaveKind; start?: HalfDay; end?: HalfDay } = {}): Promise<string> {
  const person = opts.personId ? (await getPerson(opts.personId))! : (await freshCadre(villageId)).person;
  const start = opts.start ?? freshHalfDay();
  const kind = opts.kind ?? 'official';
  const attachmentFileIds = kind === 'sick' ? [await storage.upload(`${attachmentFolder(person._id)}fixture-${unique()}.jpg`, Buffer.from('note'))] : [];
  const l = await apply({ openid: undefined, source: 'test', person }, now(), { clientId: `fixture-${unique()}-xxxx`, kind, start, end: opts.end ?? start, reason: '参加县里的业务培训', attachmentFileIds });
  return l._id;
}

/** Approve every step of a request as each level's approver would. */
export async function approveLeave(id: string, villagePath: string[]): Promise<void> {
  for (const orgUnitId of [villagePath[2]!, villagePath[1]!, villagePath[0]!]) {
    const approver: Caller = { openid: undefined, source: 'test', person: { _id: `p-fixture-approver-${orgUnitId}`, name: '测试审批人', grants: [{ role: 'approver', orgUnitId, path: [] }] } };
    try {
      const l = await decide(approver, now(), id, true, '同意');
      if (l.status !== 'pending') return;
    } catch {
      return;
    }
  }
}
