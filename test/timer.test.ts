/**
 * The timer fired twice and skipped once, for every registered job (issue 12, item 4): each
 * job's effect — documents written, subscription messages sent — happens exactly once.
 *
 * One world (the demo county, seeded once) lives through one timeline, May to August 2026; the
 * clock only moves forward. Every job in `server/features` (`jobs`) has a case below, so a job
 * added later fails the first test until it gets one. Each case builds real work for its job
 * with the features' own services and actions (fixtures), then:
 *
 * - fired twice: the tick fires twice at the same instant — the second fire runs nothing and
 *   writes nothing; and when the first run's done-marker is lost (a crash after the job's work,
 *   before the runner's write: its `jobRuns` record put back as it was), the job runs again
 *   over the same span and changes nothing;
 * - concurrent: two overlapping fires (`Promise.all`) run the job once between them, with the
 *   effect of one fire, and a third fire adds nothing;
 * - skipped: the tick of the slot where the work fell due never comes (the clock passes two of
 *   the job's periods, the timer fires once): the work is done then, once, and not again at the
 *   next slot — or, where the work is no longer useful, dropped (named so in the test).
 *
 * Effects are compared on snapshots of the job's collections and on the local cloud's message
 * outbox. The tick is invoked with the event the local timer sends (`t.cloud.timer.fire` does
 * the same, but drops the function's answer, which says which jobs ran).
 */
import { startTestCloud, type TestCloud } from './harness';
import { seedDemo } from '../scripts/demo/seed';
import { DEMO_PEOPLE } from '../scripts/demo/data';
import { jobs } from '../server/features/jobs';
import { runDueJobs, slotOf, JOB_RUNS, type JobOutcome } from '../server/kernel/jobs';
import { closeJob, ladderJob } from '../server/features/spotcheck/jobs';
import { now } from '../server/kernel/clock';
import type { Answer } from '../server/kernel/errors';
import { db, _ } from '../server/platform/cloud';
import { TEMPLATE_KEYS, templateId, type TemplateKey } from '../server/features/notify/templates';
import { DEFAULT_CHECKIN_SCHEDULE } from '../server/features/checkin/schedule';
import { getUnit } from '../server/features/org/service';
import { startAssignment } from '../server/features/people/service';
import { openSurvey } from '../server/features/assessment/service';
import { reminderId } from '../server/features/workupdate/schema';
import { SYSTEM, approveLeave, freshLeave, freshPerson, freshSpotCheck, freshCadre, unique } from './fixtures';

let t: TestCloud;

// ---- the clock and the timer -----------------------------------------------------------------

let clockAt = 0;
/** Move the clock, forward only: the job runner's slots would hide a step back. */
function at(iso: string): void {
  const ms = Date.parse(iso);
  if (ms < clockAt) throw new Error(`the timeline goes back to ${iso}`);
  clockAt = ms;
  t.cloud.clock.set(iso, { frozen: true });
}

interface Fired {
  outcomes: JobOutcome[];
  /** Billed writes of the whole invocation. */
  writes: number;
}

/** One fire of the `tick` function, as the platform's timer delivers it; every job must end well. */
async function tick(): Promise<Fired> {
  const { result, invocation } = await t.cloud.functions.invoke('tick', { Type: 'Timer', TriggerName: 'tick', Time: t.cloud.clock.now().toISOString(), Message: '' }, { source: 'wx_trigger' });
  const answer = result as Answer<JobOutcome[]>;
  if (!answer.ok) throw new Error(`tick failed: ${JSON.stringify(answer)}`);
  expect(answer.data.filter((o) => !o.ok)).toEqual([]);
  return { outcomes: answer.data, writes: invocation.ops.writes };
}

const ran = (f: Fired, job: string) => f.outcomes.some((o) => o.job === job && o.ran);

// ---- snapshots and effects -------------------------------------------------------------------

/** A document as a stable string (keys sorted, dates as ISO strings). */
function canon(doc: unknown): string {
  return JSON.stringify(doc, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v));
}

interface Snapshot {
  docs: Map<string, Map<string, string>>;
  /** How many messages the outbox held. */
  sent: number;
}

async function snapshot(collections: readonly string[]): Promise<Snapshot> {
  const docs = new Map<string, Map<string, string>>();
  await Promise.all(
    collections.map(async (c) => {
      const m = new Map<string, string>();
      for (let after = ''; ; ) {
        const { data } = await db.collection(c).where({ _id: _.gt(after) }).orderBy('_id', 'asc').limit(1000).get<{ _id: string }>();
        for (const d of data) m.set(d._id, canon(d));
        if (data.length < 1000) break;
        after = data[data.length - 1]!._id;
      }
      docs.set(c, m);
    }),
  );
  return { docs, sent: t.cloud.messages.outbox().length };
}

const keyOf = (id: string) => TEMPLATE_KEYS.find((k) => templateId(k) === id) ?? id;

/** What changed between two snapshots of the same collections, and the messages sent meanwhile. */
class Effect {
  readonly messages: { key: string; touser: string; data: Record<string, { value: string }> }[];
  constructor(
    readonly before: Snapshot,
    readonly after: Snapshot,
  ) {
    this.messages = t.cloud.messages.outbox().slice(before.sent, after.sent).map((m) => ({ key: keyOf(m.templateId), touser: m.touser, data: m.data }));
  }
  private sides(c: string): [Map<string, string>, Map<string, string>] {
    const a = this.before.docs.get(c);
    const b = this.after.docs.get(c);
    if (!a || !b) throw new Error(`collection ${c} is not watched`);
    return [a, b];
  }
  added(c: string): string[] {
    const [a, b] = this.sides(c);
    return [...b.keys()].filter((id) => !a.has(id)).sort();
  }
  removed(c: string): string[] {
    const [a, b] = this.sides(c);
    return [...a.keys()].filter((id) => !b.has(id)).sort();
  }
  changed(c: string): string[] {
    const [a, b] = this.sides(c);
    return [...b.keys()].filter((id) => a.has(id) && a.get(id) !== b.get(id)).sort();
  }
  /** A document after (dates as ISO strings). */
  doc(c: string, id: string): any {
    const s = this.after.docs.get(c)?.get(id);
    return s === undefined ? undefined : JSON.parse(s);
  }
  /** A document before. */
  was(c: string, id: string): any {
    const s = this.before.docs.get(c)?.get(id);
    return s === undefined ? undefined : JSON.parse(s);
  }
  /** Every change in the watched collections: `{ leaves: { changed: 2 } }` ({} when none). */
  summary(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const c of this.after.docs.keys()) {
      const s: Record<string, number> = {};
      for (const [k, n] of [['added', this.added(c).length], ['changed', this.changed(c).length], ['removed', this.removed(c).length]] as const) if (n) s[k] = n;
      if (Object.keys(s).length) out[c] = s;
    }
    return out;
  }
  /** Recipients of the messages of some templates, sorted (one entry per message). */
  sent(...keys: TemplateKey[]): string[] {
    return this.messages.filter((m) => keys.includes(m.key as TemplateKey)).map((m) => m.touser).sort();
  }
}

// ---- cases -----------------------------------------------------------------------------------

/** The work a case builds, shared by its steps. */
type Work = Record<string, any>;

interface Step {
  at: string;
  label?: string;
  run(w: Work): Promise<void>;
}

interface Scenario {
  /** Said in the test name (what the scenario shows beyond its kind). */
  note?: string;
  /** Skipped scenarios: the timer silent for many slots, not one (the test is named by `title`). */
  outage?: { title: string };
  /** Work made just before the fires (the clock set to `setup.at`). */
  setup?: Step;
  /** Skipped scenarios: the last tick before the skipped slot (nothing of the job's is due yet). */
  before?: string;
  /** When the timer fires. */
  at: string;
  /** The effect of one run over this span. */
  once(e: Effect, w: Work): void | Promise<void>;
  /** Skipped scenarios of a job due at every tick: what the next slot's run does (else: nothing). */
  next?(e: Effect): void;
}

interface Case {
  /** The collections the job writes: an effect is read on them. */
  watch: string[];
  /** The templates of the job's messages. */
  templates: TemplateKey[];
  /** World-building at its own time (before the scenarios that use it). */
  prepare?: Step[];
  /** Its work is due at every tick (the heartbeat): the ticks around a skip run it too. */
  everyTick?: boolean;
  /** Further checks of the job at their own time. */
  more?: Step[];
  twice: Scenario;
  concurrent: Scenario;
  skipped: Scenario[];
}

const TZ = '+08:00';
const bj = (s: string) => `2026-${s}${TZ}`; // bj('05-12T08:15:30')

/** Bank `times` grants of a template for a person: WeChat's (the local cloud) and ours. */
async function bank(openid: string, key: TemplateKey, times = 1): Promise<void> {
  t.cloud.messages.grant(openid, templateId(key), times);
  for (let i = 0; i < times; i++) await must('notify.recordGrants', { accepted: [key] }, openid);
}

async function must(action: string, input: unknown, openid: string): Promise<any> {
  const r = await t.call(action, input, openid);
  if (!r.ok) throw new Error(`${action} by ${openid} failed: ${JSON.stringify(r)}`);
  return r.data;
}

const demo = (openid: string) => DEMO_PEOPLE.find((p) => p.openid === openid)!;
const villageOf = (openid: string) => demo(openid).grants.find((g) => g.role === 'cadre')!.orgUnitId;

/** Active cadres whose cadre grant predates `opensAt`: those a window's attendance covers. */
async function cadresDue(opensAt: string): Promise<string[]> {
  const out: string[] = [];
  for (let after = ''; ; ) {
    const { data } = await db.collection('people').where({ 'grants.role': 'cadre', active: true, _id: _.gt(after) }).orderBy('_id', 'asc').limit(1000).get<{ _id: string; grants: { role: string; since: Date }[] }>();
    for (const p of data) if (p.grants.some((g) => g.role === 'cadre' && new Date(g.since).getTime() <= Date.parse(opensAt))) out.push(p._id);
    if (data.length < 1000) return out.sort();
    after = data[data.length - 1]!._id;
  }
}

// Demo people the cases use.
const GROUP_ADMIN = 'demo-ga-lvdongshan'; // 夯沙村's 村群管理员
const G_HANGSHA = 'G-hangsha-group-1';
const VILLAGER = 'o-timer-villager';
const TOWN = 'demo-ld-staff'; // 吕洞山镇 organisation staff
const POLICE = 'demo-bj-dept-police'; // 保靖县公安局
const DISCIPLINE = 'demo-bj-discipline'; // 保靖县纪委监委
const TUTOR = 'demo-tutor'; // city-wide tutor: 产业发展
const ASKER = 'demo-fs-shibadong';
const HY_STAFF = 'demo-hy-staff';
const BJ_STAFF = 'demo-bj-staff';
/** Cadres reminded to check in: two of 花垣县 (default schedule), one of 保靖县 (a county schedule of its own). */
const REMINDED = ['demo-fs-jinlong', 'demo-fs-paibi', 'demo-fs-lvdong'];

/** Checkin reminders: grants for the REMINDED cadres, and what one reminder of `windowKey` does. */
const remindGrants: Step['run'] = async () => {
  for (const o of REMINDED) await bank(o, 'checkinReminder');
};
function remindedOnce(windowKey: string) {
  return (e: Effect) => {
    const ids = REMINDED.map((o) => `${demo(o).id}.checkinReminder`).sort();
    expect(e.summary()).toEqual({ subscriptions: { changed: 3 } });
    expect(e.changed('subscriptions')).toEqual(ids);
    for (const id of ids) expect(e.doc('subscriptions', id)).toMatchObject({ reminded: windowKey, count: 0 });
    expect(e.sent('checkinReminder')).toEqual([...REMINDED].sort());
  };
}

/** Attendance of one window instance: one record per cadre due, and their month copies. */
function settledOnce(date: string, windowId: 'am' | 'pm', opensAt: string) {
  return async (e: Effect) => {
    const cadres = await cadresDue(opensAt);
    expect(cadres.length).toBeGreaterThan(30);
    expect(e.added('attendance')).toEqual(cadres.map((p) => `${p}.${date}.${windowId}`).sort());
    expect(e.changed('attendance')).toEqual([]);
    expect(e.removed('attendance')).toEqual([]);
    for (const id of e.added('attendance')) expect(e.doc('attendance', id)).toMatchObject({ windowKey: `${date}:${windowId}`, at: new Date(now()).toISOString() });
    // Each cadre's month copy takes the window once.
    const months = [...e.added('attendanceMonths'), ...e.changed('attendanceMonths')];
    expect(months).toHaveLength(cadres.length);
    expect(e.removed('attendanceMonths')).toEqual([]);
  };
}

/** Spot checks: `people` fresh cadres of 排碧村, each with `each` requests issued now (deadline +30 min). */
async function issueSpotChecks(w: Work, key: string, people: number, each: number): Promise<void> {
  w[key] = [];
  for (let i = 0; i < people; i++) {
    const { person } = await freshCadre('vil-paibi');
    for (let j = 0; j < each; j++) w[key].push(await freshSpotCheck('vil-paibi', person._id));
  }
}
function closedOnce(key: string) {
  return (e: Effect, w: Work) => {
    const ids: string[] = [...w[key]].sort();
    expect(e.summary()).toEqual({ spotChecks: { changed: ids.length }, escalations: { added: ids.length } });
    expect(e.changed('spotChecks')).toEqual(ids);
    for (const id of ids) expect(e.doc('spotChecks', id)).toMatchObject({ status: 'missed', closedAt: new Date(now()).toISOString() });
    // One inquiry per miss (the township's phone call of the same day); one miss each reaches no rung.
    expect(e.added('escalations')).toEqual(ids.map((id) => `inquiry.${id}`).sort());
  };
}
function climbedOnce(key: string) {
  return (e: Effect, w: Work) => {
    const ids: string[] = w[key];
    // Two misses of one cadre: two inquiries (the close) and, at the second, a notice draft (the ladder: 2 in 90 days).
    expect(e.summary()).toEqual({ spotChecks: { changed: 2 }, escalations: { added: 3 } });
    const notice = e.added('escalations').filter((id) => id.startsWith('notice.'));
    expect(notice).toHaveLength(1);
    expect(ids.map((id) => `notice.${id}`)).toContain(notice[0]);
    expect(e.doc('escalations', notice[0]!)).toMatchObject({ kind: 'notice', missCount: 2 });
  };
}

/** Leaves of fresh cadres of 董马库村 on a half-day, approved at every level. */
async function approvedLeaves(date: string): Promise<string[]> {
  const path = (await getUnit('vil-dongmaku'))!.path;
  const ids: string[] = [];
  for (let i = 0; i < 2; i++) {
    const id = await freshLeave('vil-dongmaku', { start: { date, half: 'am' }, end: { date, half: 'am' } });
    await approveLeave(id, path);
    ids.push(id);
  }
  const { data } = await db.collection('leaves').where({ _id: _.in(ids) }).get<{ status: string }>();
  expect(data.map((l) => l.status)).toEqual(['approved', 'approved']);
  return ids.sort();
}
function flaggedOnce(key: string) {
  return (e: Effect, w: Work) => {
    expect(e.summary()).toEqual({ leaves: { changed: 2 } });
    expect(e.changed('leaves')).toEqual(w[key]);
    for (const id of w[key]) expect(e.doc('leaves', id)).toMatchObject({ status: 'approved', overdue: true });
  };
}

/** Complaints' steps as kinds, after. */
const stepsOf = (e: Effect, id: string) => (e.doc('complaints', id).steps as { kind: string }[]).map((s) => s.kind);
function movedOnce(kind: 'warn' | 'overdue' | 'escalate', stage: number, told: string[]) {
  return (e: Effect, w: Work) => {
    expect(e.summary()).toEqual({ complaints: { changed: 2 } });
    expect(e.changed('complaints')).toEqual(w.complaints);
    for (const id of w.complaints) {
      const was = (e.was('complaints', id).steps as { kind: string }[]).map((s) => s.kind);
      expect(stepsOf(e, id)).toEqual([...was, kind]);
      expect(e.doc('complaints', id)).toMatchObject({ status: 'dispatched', stage });
    }
    // One message per person, however many of their complaints moved.
    expect(e.sent('complaintDue')).toEqual([...told].sort());
  };
}

async function ask(w: Work, key: string): Promise<void> {
  w[key] = [];
  for (const title of ['茶园采摘人手不够怎么办', '猕猴桃销路怎么打开']) {
    const q = await must('question.ask', { clientId: `timer-${unique()}-question`, topic: 'industry', title, body: '村里新建的两百亩猕猴桃园今年第一次挂果，想请老师指导一下销售和采摘安排。' }, ASKER);
    w[key].push(q.id);
  }
  w[key].sort();
}
function questionsRemindedOnce(key: string) {
  return (e: Effect, w: Work) => {
    expect(e.summary()).toEqual({ questions: { changed: 2 } });
    expect(e.changed('questions')).toEqual(w[key]);
    for (const id of w[key]) expect(e.doc('questions', id)).toMatchObject({ status: 'open', overdue: true, remindedAt: new Date(now()).toISOString() });
    // One message to the topic's tutor for the run, about the older question, saying another waits.
    expect(e.sent('questionDue')).toEqual([TUTOR]);
    expect(JSON.stringify(e.messages[0]!.data)).toContain('另有1个问题超时待解答');
  };
}

/** Surveys (民主测评) of two villages closing on `closesOn`. */
async function surveys(villages: string[], closesOn: string): Promise<string[]> {
  const ids: string[] = [];
  for (const v of villages) ids.push((await openSurvey(SYSTEM, now(), (await getUnit(v))!, { villageId: v, year: '2026', clientId: `timer-${unique()}-survey`, closesOn, aspects: false }))._id);
  return ids.sort();
}
function surveysClosedOnce(key: string) {
  return (e: Effect, w: Work) => {
    expect(e.summary()).toEqual({ assessSurveys: { changed: 2 } });
    expect(e.changed('assessSurveys')).toEqual(w[key]);
    for (const id of w[key]) {
      expect(e.doc('assessSurveys', id)).toMatchObject({ status: 'closed', closedAt: new Date(now()).toISOString() });
      // The salt goes with the close: nobody can tell whose response is whose any more.
      expect(e.was('assessSurveys', id).salt).toEqual(expect.any(String));
      expect(e.doc('assessSurveys', id).salt).toBeUndefined();
    }
  };
}

/** Assignments of fresh people at 磨老村 ending on `end`. */
async function endingAssignments(end: string): Promise<{ personId: string; assignmentId: string }[]> {
  const out = [];
  for (let i = 0; i < 2; i++) {
    const p = await freshPerson('vil-molao');
    const a = await startAssignment(SYSTEM, now(), { personId: p._id, villageId: 'vil-molao', kind: 'teamMember', dispatchingUnit: '湘西州财政局', start: '2026-01-01', end });
    out.push({ personId: p._id, assignmentId: a._id });
  }
  return out.sort((a, b) => (a.assignmentId < b.assignmentId ? -1 : 1));
}
function endedOnce(key: string, end: string) {
  return async (e: Effect, w: Work) => {
    const list: { personId: string; assignmentId: string }[] = w[key];
    expect(e.summary()).toEqual({ assignments: { changed: 2 } });
    expect(e.changed('assignments')).toEqual(list.map((a) => a.assignmentId));
    for (const a of list) {
      expect(e.doc('assignments', a.assignmentId)).toMatchObject({ active: false, end, endedAt: new Date(now()).toISOString() });
      const { data: p } = await db.collection('people').doc(a.personId).get<{ grants: { role: string }[] }>();
      expect(p!.grants.filter((g) => g.role === 'cadre')).toEqual([]);
    }
  };
}

/** A cadre's copied station that missed an update of its village (as station.test.ts makes one). */
async function staleStations(w: Work, key: string, personIds: string[]): Promise<void> {
  w[key] = { ids: [...personIds].sort(), stations: {} };
  for (const id of personIds) {
    const { data } = await db.collection('people').doc(id).get<{ station: unknown }>();
    w[key].stations[id] = JSON.parse(canon(data!.station));
    await db.collection('people').doc(id).update({ data: { 'station.villageName': '旧村名', 'station.villageUpdatedAt': new Date('2020-01-01T00:00:00Z') } });
  }
}
function repairedOnce(key: string) {
  return (e: Effect, w: Work) => {
    expect(e.summary()).toEqual({ people: { changed: 2 } });
    expect(e.changed('people')).toEqual(w[key].ids);
    for (const id of w[key].ids) expect(e.doc('people', id).station).toEqual(w[key].stations[id]);
  };
}

/** Check-ins of 保靖县 cadres (the county keeps raw fixes 7 days), now. */
async function checkIns(w: Work, key: string, openids: string[]): Promise<void> {
  for (const o of openids) {
    const c = (await getUnit(villageOf(o)))!.center!;
    await must('checkin.submit', { clientId: `timer-${unique()}-checkin`, lat: c.lat, lng: c.lng, accuracy: 20, capturedAt: now().toISOString() }, o);
  }
  const { data } = await db.collection('checkins').where({ personId: _.in(openids.map((o) => demo(o).id)) }).get<{ _id: string }>();
  w[key] = data.map((d) => d._id).sort();
  expect(w[key]).toHaveLength(openids.length);
}
function purgedOnce(key: string) {
  return (e: Effect, w: Work) => {
    expect(e.summary()).toEqual({ checkins: { removed: w[key].length } });
    expect(e.removed('checkins')).toEqual(w[key]);
  };
}

/** The work-update reminder of the week: both districts short of their quota, each district's staff told once. */
function weekRemindedOnce(week: string) {
  return (e: Effect) => {
    expect(e.summary()).toEqual({ workUpdateReminders: { added: 2 } });
    expect(e.added('workUpdateReminders')).toEqual([reminderId(week, 'county-baojing'), reminderId(week, 'county-huayuan')]);
    for (const id of e.added('workUpdateReminders')) expect(e.doc('workUpdateReminders', id)).toMatchObject({ week, status: 'sent', count: 0 });
    expect(e.sent('workUpdateDue')).toEqual([BJ_STAFF, HY_STAFF]);
  };
}

/** The semi-annual report's reminder: these first secretaries, once, on their county's record of 2026-H1. */
function reportRemindedOnce(openids: string[]) {
  return (e: Effect) => {
    expect(e.sent('reportDue')).toEqual([...openids].sort());
    const records = [...e.added('workReportReminders'), ...e.changed('workReportReminders')];
    expect(e.removed('workReportReminders')).toEqual([]);
    const gained = records.flatMap((id) => {
      const before: string[] = e.was('workReportReminders', id)?.personIds ?? [];
      const after: string[] = e.doc('workReportReminders', id).personIds;
      expect(after.slice(0, before.length)).toEqual(before);
      return after.slice(before.length);
    });
    expect(gained.sort()).toEqual(openids.map((o) => demo(o).id).sort());
  };
}

/** The month's scores: one per cadre of the month (and of the quarter it closes), and the run's marker. */
function scoredOnce(month: string, quarter?: string) {
  return async (e: Effect) => {
    const added = e.added('scores').map((id) => e.doc('scores', id) as { personId: string; period: string });
    const periods = quarter ? [month, quarter] : [month];
    expect([...new Set(added.map((s) => s.period))].sort()).toEqual(periods.sort());
    const active = await cadresDue(`${month}-01T00:00:00${TZ}`);
    for (const p of periods) {
      const people = added.filter((s) => s.period === p).map((s) => s.personId);
      expect(new Set(people).size).toBe(people.length);
      for (const id of active) expect(people).toContain(id);
    }
    expect(e.added('scoreRuns')).toContain(`all.${month}`);
  };
}

/** Sick leaves (with a sick note) of fresh cadres of 夯吉村 (保靖县: a week's retention) on this morning, approved. */
async function sickLeaves(w: Work, key: string, date: string): Promise<void> {
  const path = (await getUnit('vil-hangji'))!.path;
  w[key] = { ids: [], files: [] };
  for (let i = 0; i < 2; i++) {
    const id = await freshLeave('vil-hangji', { kind: 'sick', start: { date, half: 'am' }, end: { date, half: 'am' } });
    await approveLeave(id, path);
    const { data } = await db.collection('leaves').doc(id).get<{ status: string; attachmentFileIds: string[] }>();
    expect(data).toMatchObject({ status: 'approved', attachmentFileIds: [expect.any(String)] });
    w[key].ids.push(id);
    w[key].files.push(...data!.attachmentFileIds);
  }
  w[key].ids.sort();
  for (const f of w[key].files) expect(t.cloud.storage.stat(f)).toBeDefined();
}
function notesPurgedOnce(key: string) {
  return (e: Effect, w: Work) => {
    expect(e.summary()).toEqual({ leaves: { changed: 2 } });
    expect(e.changed('leaves')).toEqual(w[key].ids);
    for (const id of w[key].ids) expect(e.doc('leaves', id)).toMatchObject({ status: 'approved', attachmentFileIds: [], attachmentsPurgedAt: new Date(now()).toISOString() });
    // The sick notes themselves are gone from storage.
    for (const f of w[key].files) expect(t.cloud.storage.stat(f)).toBeUndefined();
  };
}

const CASES: Record<string, Case> = {
  'system.heartbeat': {
    // The heartbeat's only effect is its own record of when the timer came.
    watch: [JOB_RUNS],
    templates: [],
    everyTick: true,
    twice: {
      at: bj('05-11T06:05:10'),
      once: (e) => expect(e.doc(JOB_RUNS, 'system.heartbeat')).toMatchObject({ lastRunAt: new Date(now()).toISOString(), lastResult: { missedMinutes: 4 } }),
    },
    concurrent: {
      at: bj('05-11T06:06:10'),
      once: (e) => expect(e.doc(JOB_RUNS, 'system.heartbeat')).toMatchObject({ lastRunAt: new Date(now()).toISOString(), lastResult: { missedMinutes: 0 } }),
    },
    skipped: [
      {
        note: 'it reports the missed minute',
        before: bj('05-11T06:07:10'),
        at: bj('05-11T06:09:10'),
        once: (e) => expect(e.doc(JOB_RUNS, 'system.heartbeat')).toMatchObject({ lastRunAt: new Date(now()).toISOString(), lastResult: { missedMinutes: 1 } }),
        next: (e) => expect(e.doc(JOB_RUNS, 'system.heartbeat')).toMatchObject({ lastRunAt: new Date(now()).toISOString(), lastResult: { missedMinutes: 0 } }),
      },
    ],
  },

  'checkin.remind': {
    watch: ['subscriptions'],
    templates: ['checkinReminder'],
    twice: { setup: { at: bj('05-12T08:00:00'), run: remindGrants }, at: bj('05-12T08:15:30'), once: remindedOnce('2026-05-12:am') },
    concurrent: { setup: { at: bj('05-12T13:30:00'), run: remindGrants }, at: bj('05-12T13:45:30'), once: remindedOnce('2026-05-12:pm') },
    skipped: [
      { note: 'the reminder still comes before the window', setup: { at: bj('05-13T08:00:00'), run: remindGrants }, before: bj('05-13T08:14:30'), at: bj('05-13T08:16:30'), once: remindedOnce('2026-05-13:am') },
      {
        outage: { title: 'the timer silent from before the reminder until the window has closed → the reminder is dropped, not sent late' },
        setup: { at: bj('05-13T13:30:00'), run: remindGrants },
        before: bj('05-13T13:44:30'),
        at: bj('05-13T15:31:00'),
        once: (e) => {
          expect(e.summary()).toEqual({});
          expect(e.sent('checkinReminder')).toEqual([]);
        },
      },
    ],
  },

  'checkin.close': {
    watch: ['attendance', 'attendanceMonths'],
    templates: [],
    twice: { at: bj('05-12T12:00:30'), once: settledOnce('2026-05-12', 'am', bj('05-12T08:30:00')) },
    concurrent: { at: bj('05-12T17:30:30'), once: settledOnce('2026-05-12', 'pm', bj('05-12T14:00:00')) },
    skipped: [{ note: 'the missed window is still closed', before: bj('05-13T11:59:30'), at: bj('05-13T12:01:30'), once: settledOnce('2026-05-13', 'am', bj('05-13T08:30:00')) }],
  },

  'spotCheck.close': {
    watch: ['spotChecks', 'escalations'],
    templates: [],
    twice: { setup: { at: bj('05-14T09:00:00'), run: (w) => issueSpotChecks(w, 'twice', 2, 1) }, at: bj('05-14T09:33:00'), once: closedOnce('twice') },
    concurrent: { setup: { at: bj('05-14T10:00:00'), run: (w) => issueSpotChecks(w, 'concurrent', 2, 1) }, at: bj('05-14T10:33:00'), once: closedOnce('concurrent') },
    skipped: [{ note: 'the expired requests are still closed', setup: { at: bj('05-14T11:00:00'), run: (w) => issueSpotChecks(w, 'skipped', 2, 1) }, before: bj('05-14T11:31:30'), at: bj('05-14T11:33:30'), once: closedOnce('skipped') }],
  },

  'spotCheck.ladder': {
    watch: ['spotChecks', 'escalations'],
    templates: [],
    twice: { setup: { at: bj('05-14T14:00:00'), run: (w) => issueSpotChecks(w, 'twice', 1, 2) }, at: bj('05-14T14:33:00'), once: climbedOnce('twice') },
    concurrent: { setup: { at: bj('05-14T15:00:00'), run: (w) => issueSpotChecks(w, 'concurrent', 1, 2) }, at: bj('05-14T15:33:00'), once: climbedOnce('concurrent') },
    skipped: [{ note: 'the second miss still raises its notice', setup: { at: bj('05-15T09:00:00'), run: (w) => issueSpotChecks(w, 'skipped', 1, 2) }, before: bj('05-15T09:31:30'), at: bj('05-15T09:33:30'), once: climbedOnce('skipped') }],
    more: [
      {
        at: bj('05-15T11:00:00'),
        label: 'overlapping fires where the ladder runs before the other fire’s close has written its misses → the next tick still raises the notice, once',
        async run(w) {
          await issueSpotChecks(w, 'overlap', 1, 2);
          // Two fires at 11:33 split the jobs between them (as in the concurrent case): the ladder
          // runs in one, over a span that ends at 11:33, before the close of the other writes its
          // misses, closed at 11:33.
          at(bj('05-15T11:33:00'));
          const s0 = await snapshot(['escalations']);
          expect((await runDueJobs([ladderJob], now()))[0]).toMatchObject({ ran: true, result: { raised: 0 } });
          expect((await runDueJobs([closeJob], now()))[0]).toMatchObject({ ran: true, result: { closed: 2 } });
          const s1 = await snapshot(['escalations']);
          expect(new Effect(s0, s1).added('escalations')).toEqual(w.overlap.map((id: string) => `inquiry.${id}`).sort());
          // The next fire's ladder looks back over the overlap: the second miss raises its notice.
          at(bj('05-15T11:34:00'));
          expect(ran(await tick(), 'spotCheck.ladder')).toBe(true);
          const s2 = await snapshot(['escalations']);
          const e = new Effect(s1, s2);
          expect(e.summary()).toEqual({ escalations: { added: 1 } });
          expect(w.overlap.map((id: string) => `notice.${id}`)).toContain(e.added('escalations')[0]);
          expect(e.doc('escalations', e.added('escalations')[0]!)).toMatchObject({ kind: 'notice', missCount: 2 });
          // And once only.
          at(bj('05-15T11:35:00'));
          await tick();
          expect(new Effect(s2, await snapshot(['escalations'])).summary()).toEqual({});
        },
      },
    ],
  },

  'leave.overdue': {
    watch: ['leaves'],
    templates: [],
    prepare: [
      {
        at: bj('05-15T10:00:00'),
        label: 'approved half-day leaves on 18, 19 and 20 May (report back due a day after each)',
        async run(w) {
          w.twice = await approvedLeaves('2026-05-18');
          w.concurrent = await approvedLeaves('2026-05-19');
          w.skipped = await approvedLeaves('2026-05-20');
        },
      },
    ],
    twice: { at: bj('05-19T12:00:30'), once: flaggedOnce('twice') },
    concurrent: { at: bj('05-20T12:00:30'), once: flaggedOnce('concurrent') },
    skipped: [{ note: 'the overdue report backs are still flagged', before: bj('05-21T11:30:00'), at: bj('05-21T13:30:00'), once: flaggedOnce('skipped') }],
  },

  'complaint.sweep': {
    watch: ['complaints'],
    templates: ['complaintDue'],
    prepare: [
      {
        at: bj('05-18T10:00:00'),
        label: 'two 舆情 complaints dispatched to the police on Monday (due Wednesday 18:00)',
        async run(w) {
          w.complaints = [];
          for (const text of ['网上流传村里水库要拆的消息', '有人在群里说村里要征地']) {
            const r = await must('complaint.raise', { villageId: 'vil-hangsha', clientId: `timer-${unique()}-complaint`, text }, VILLAGER);
            await must('complaint.dispatch', { id: r.id, category: 'opinion', unitId: 'county-baojing', departmentId: 'dept-baojing-police' }, TOWN);
            w.complaints.push(r.id);
          }
          w.complaints.sort();
        },
      },
    ],
    twice: { note: 'the warning', setup: { at: bj('05-19T17:00:00'), run: () => bank(POLICE, 'complaintDue') }, at: bj('05-19T18:00:30'), once: movedOnce('warn', 1, [POLICE]) },
    concurrent: {
      note: 'overdue',
      setup: { at: bj('05-20T17:00:00'), run: async () => (await bank(POLICE, 'complaintDue'), bank(TOWN, 'complaintDue')) },
      at: bj('05-20T18:00:30'),
      once: movedOnce('overdue', 2, [POLICE, TOWN]),
    },
    skipped: [
      {
        note: 'the escalation to discipline staff still happens',
        setup: { at: bj('05-22T17:00:00'), run: () => bank(DISCIPLINE, 'complaintDue') },
        before: bj('05-22T17:50:00'),
        at: bj('05-22T18:20:00'),
        once: movedOnce('escalate', 3, [DISCIPLINE]),
      },
    ],
  },

  'people.endDueAssignments': {
    watch: ['assignments'],
    templates: [],
    prepare: [
      {
        at: bj('05-11T06:30:00'),
        label: 'assignments planned to end on 25, 27 and 29 May',
        async run(w) {
          w.twice = await endingAssignments('2026-05-25');
          w.concurrent = await endingAssignments('2026-05-27');
          w.skipped = await endingAssignments('2026-05-29');
        },
      },
    ],
    twice: { at: bj('05-26T00:30:00'), once: endedOnce('twice', '2026-05-25') },
    concurrent: { at: bj('05-28T00:30:00'), once: endedOnce('concurrent', '2026-05-27') },
    skipped: [{ note: 'the assignments past their end still end', before: bj('05-29T23:30:00'), at: bj('05-30T01:30:00'), once: endedOnce('skipped', '2026-05-29') }],
  },

  'assessment.closeSurveys': {
    watch: ['assessSurveys'],
    templates: [],
    prepare: [
      {
        at: bj('05-15T10:30:00'),
        label: 'surveys of six villages closing on 26, 28 and 30 May',
        async run(w) {
          w.twice = await surveys(['vil-jinlong', 'vil-shuanglong'], '2026-05-26');
          w.concurrent = await surveys(['vil-aimen', 'vil-dazhai'], '2026-05-28');
          w.skipped = await surveys(['vil-heping', 'vil-banli'], '2026-05-30');
        },
      },
    ],
    twice: { at: bj('05-27T00:30:00'), once: surveysClosedOnce('twice') },
    concurrent: { at: bj('05-29T00:30:00'), once: surveysClosedOnce('concurrent') },
    skipped: [{ note: 'the surveys past their day still close', before: bj('05-30T23:30:00'), at: bj('05-31T01:30:00'), once: surveysClosedOnce('skipped') }],
  },

  'question.remind': {
    watch: ['questions'],
    templates: ['questionDue'],
    prepare: [
      { at: bj('05-25T10:00:00'), label: 'two questions asked on Monday (answer due Wednesday 18:00)', run: (w) => ask(w, 'twice') },
      { at: bj('05-26T10:00:00'), label: 'two on Tuesday', run: (w) => ask(w, 'concurrent') },
      { at: bj('05-27T10:00:00'), label: 'two on Wednesday', run: (w) => ask(w, 'skipped') },
    ],
    twice: { setup: { at: bj('05-27T17:00:00'), run: () => bank(TUTOR, 'questionDue') }, at: bj('05-27T18:00:30'), once: questionsRemindedOnce('twice') },
    concurrent: { setup: { at: bj('05-28T17:00:00'), run: () => bank(TUTOR, 'questionDue') }, at: bj('05-28T18:00:30'), once: questionsRemindedOnce('concurrent') },
    skipped: [{ note: 'the tutor is still reminded of the late questions', setup: { at: bj('05-29T17:00:00'), run: () => bank(TUTOR, 'questionDue') }, before: bj('05-29T17:50:00'), at: bj('05-29T18:35:00'), once: questionsRemindedOnce('skipped') }],
  },

  'scoring.month': {
    watch: ['scores', 'scoreRuns'],
    templates: [],
    twice: { note: 'May', at: bj('06-01T03:00:30'), once: scoredOnce('2026-05') },
    concurrent: { note: 'June and the second quarter', at: bj('07-01T03:00:30'), once: scoredOnce('2026-06', '2026-Q2') },
    skipped: [{ note: 'July is still scored', before: bj('08-01T02:30:00'), at: bj('08-01T04:30:00'), once: scoredOnce('2026-07') }],
  },

  'people.repairStations': {
    watch: ['people'],
    templates: [],
    twice: { setup: { at: bj('06-01T10:00:00'), run: (w) => staleStations(w, 'twice', ['p-fs-hangji', 'p-fs-huangjin']) }, at: bj('06-02T00:30:00'), once: repairedOnce('twice') },
    concurrent: { setup: { at: bj('06-02T10:00:00'), run: (w) => staleStations(w, 'concurrent', ['p-fs-paipeng', 'p-fs-hulu']) }, at: bj('06-03T00:30:00'), once: repairedOnce('concurrent') },
    skipped: [{ note: 'the stale copies are still repaired', setup: { at: bj('06-03T10:00:00'), run: (w) => staleStations(w, 'skipped', ['p-fs-fengxiang', 'p-fs-guocha']) }, before: bj('06-03T10:05:00'), at: bj('06-05T00:30:00'), once: repairedOnce('skipped') }],
  },

  'checkin.purge': {
    watch: ['checkins'],
    templates: [],
    prepare: [
      { at: bj('06-08T09:00:00'), label: 'check-ins of 保靖县 cadres on 8 June', run: (w) => checkIns(w, 'twice', ['demo-fs-hangsha', 'demo-fs-lvdong']) },
      { at: bj('06-09T09:00:00'), label: 'on 9 June', run: (w) => checkIns(w, 'concurrent', ['demo-fs-muer', 'demo-fs-jianyan']) },
      { at: bj('06-10T09:00:00'), label: 'on 10 June', run: (w) => checkIns(w, 'skipped', ['demo-tm-hangsha', 'demo-tm-hulu']) },
    ],
    twice: { at: bj('06-15T09:30:00'), once: purgedOnce('twice') },
    concurrent: { at: bj('06-16T09:30:00'), once: purgedOnce('concurrent') },
    skipped: [{ note: 'the fixes past retention are still removed', before: bj('06-17T08:30:00'), at: bj('06-19T08:30:00'), once: purgedOnce('skipped') }],
  },

  'privacy.purge': {
    // Of all it purges, the sick notes of leaves past their county's retention (a week in 保靖县).
    watch: ['leaves'],
    templates: [],
    prepare: [
      { at: bj('06-22T09:00:00'), label: 'sick leaves with their notes on 22 June (a morning)', run: (w) => sickLeaves(w, 'twice', '2026-06-22') },
      { at: bj('06-23T09:00:00'), label: 'on 23 June', run: (w) => sickLeaves(w, 'concurrent', '2026-06-23') },
      { at: bj('06-24T09:00:00'), label: 'on 24 June', run: (w) => sickLeaves(w, 'skipped', '2026-06-24') },
      {
        at: bj('06-26T00:30:00'),
        label: 'a tick: the leaves fall overdue for want of a report back (and nothing is past retention yet)',
        async run() {
          const b0 = await snapshot(['leaves']);
          await tick();
          expect(new Effect(b0, await snapshot(['leaves'])).summary()).toEqual({ leaves: { changed: 6 } });
        },
      },
    ],
    twice: { at: bj('06-29T12:30:00'), once: notesPurgedOnce('twice') },
    concurrent: { at: bj('06-30T12:30:00'), once: notesPurgedOnce('concurrent') },
    skipped: [{ note: 'the notes past retention are still deleted', before: bj('07-01T04:00:00'), at: bj('07-03T00:30:00'), once: notesPurgedOnce('skipped') }],
  },

  'workReport.remind': {
    watch: ['workReportReminders'],
    templates: ['reportDue'],
    twice: {
      setup: { at: bj('07-06T08:50:00'), run: async () => (await bank('demo-fs-shibadong', 'reportDue'), bank('demo-fs-hangsha', 'reportDue')) },
      at: bj('07-06T09:00:30'),
      once: reportRemindedOnce(['demo-fs-shibadong', 'demo-fs-hangsha']),
    },
    concurrent: {
      setup: { at: bj('07-07T08:50:00'), run: async () => (await bank('demo-fs-jinlong', 'reportDue'), bank('demo-fs-lvdong', 'reportDue')) },
      at: bj('07-07T09:00:30'),
      once: reportRemindedOnce(['demo-fs-jinlong', 'demo-fs-lvdong']),
    },
    skipped: [
      {
        note: 'the first secretaries are still reminded (the 07:00 tick is before sending hours)',
        setup: { at: bj('07-08T07:00:00'), run: async () => (await bank('demo-fs-paibi', 'reportDue'), bank('demo-fs-muer', 'reportDue')) },
        before: bj('07-08T07:30:00'),
        at: bj('07-08T09:30:00'),
        once: reportRemindedOnce(['demo-fs-paibi', 'demo-fs-muer']),
      },
    ],
  },

  'workUpdate.remind': {
    watch: ['workUpdateReminders'],
    templates: ['workUpdateDue'],
    twice: { setup: { at: bj('07-10T14:00:00'), run: async () => (await bank(HY_STAFF, 'workUpdateDue'), bank(BJ_STAFF, 'workUpdateDue')) }, at: bj('07-10T15:00:30'), once: weekRemindedOnce('2026-W28') },
    concurrent: { setup: { at: bj('07-17T14:00:00'), run: async () => (await bank(HY_STAFF, 'workUpdateDue'), bank(BJ_STAFF, 'workUpdateDue')) }, at: bj('07-17T15:00:30'), once: weekRemindedOnce('2026-W29') },
    skipped: [
      {
        note: 'the districts short of their quota are still reminded',
        setup: { at: bj('07-24T14:00:00'), run: async () => (await bank(HY_STAFF, 'workUpdateDue'), bank(BJ_STAFF, 'workUpdateDue')) },
        before: bj('07-24T14:45:00'),
        at: bj('07-24T15:45:00'),
        once: weekRemindedOnce('2026-W30'),
      },
    ],
  },
};

// ---- the world -------------------------------------------------------------------------------

const work = new Map<string, Work>(Object.keys(CASES).map((k) => [k, {}]));
const done = new Set<string>();

beforeAll(async () => {
  t = await startTestCloud();
  at(bj('05-11T06:00:00')); // a Monday
  await seedDemo();
  // 保靖县 keeps raw fixes a week (the default windows): the purge's work comes a week after a check-in.
  await must('checkin.setSchedule', { countyId: 'county-baojing', schedule: { ...DEFAULT_CHECKIN_SCHEDULE, retentionDays: 7 } }, BJ_STAFF);
  // 夯沙村's group is bound and a villager has come from it (complaints are raised there).
  const cloudId = (openid: string) => t.cloud.functions.issueCloudId(openid, { opengid: G_HANGSHA });
  await must('village.bindGroup', { villageId: 'vil-hangsha', groupCloudId: cloudId(GROUP_ADMIN) }, GROUP_ADMIN);
  await must('village.enter', { groupCloudId: cloudId(VILLAGER) }, VILLAGER);
  // The timer's first run: every job remembers when it ran, and April is scored.
  await tick();
}, 60_000);
afterAll(() => t.stop());

it('has a case for every registered job', () => {
  expect(Object.keys(CASES).sort()).toEqual(jobs.map((j) => j.name).sort());
});

// ---- the scenarios ---------------------------------------------------------------------------

const periodOf = (job: string) => jobs.find((j) => j.name === job)!.everyMinutes;
const nothing = (e: Effect, c: Case) => {
  expect(e.summary()).toEqual({});
  expect(e.messages.filter((m) => (c.templates as string[]).includes(m.key))).toEqual([]);
};

async function runSetup(s: Scenario, w: Work): Promise<void> {
  if (!s.setup) return;
  at(s.setup.at);
  await s.setup.run(w);
}

async function twice(job: string, c: Case, s: Scenario): Promise<void> {
  const w = work.get(job)!;
  await runSetup(s, w);
  at(s.at);
  const marker = (await db.collection(JOB_RUNS).doc(job).get<Record<string, unknown>>()).data;
  const s0 = await snapshot(c.watch);
  expect(ran(await tick(), job)).toBe(true);
  const s1 = await snapshot(c.watch);
  await s.once(new Effect(s0, s1), w);
  // The same instant again: nothing is due, nothing is written, nothing is sent.
  const again = await tick();
  expect(again.outcomes.find((o) => o.job === job)).toEqual({ job, ran: false, ok: true });
  expect(again.writes).toBe(0);
  const s2 = await snapshot(c.watch);
  expect(new Effect(s1, s2).summary()).toEqual({});
  expect(s2.sent).toBe(s1.sent);
  // The first run's marker lost (as after a crash between the job's work and the runner's write):
  // the job runs again over the same span, and adds nothing.
  const { _id, ...rest } = marker as { _id: string };
  await db.collection(JOB_RUNS).doc(_id).set({ data: rest });
  const rerun = await tick();
  expect(rerun.outcomes.filter((o) => o.ran).map((o) => o.job)).toEqual([job]);
  const s3 = await snapshot(c.watch);
  expect(new Effect(s1, s3).summary()).toEqual({});
  expect(s3.sent).toBe(s1.sent);
}

async function concurrent(job: string, c: Case, s: Scenario): Promise<void> {
  const w = work.get(job)!;
  await runSetup(s, w);
  at(s.at);
  const s0 = await snapshot(c.watch);
  const pair = await Promise.all([tick(), tick()]);
  // The runner's lease: between them, each job ran at most once — this one exactly once.
  const runs = Object.fromEntries(jobs.map(({ name }) => [name, pair.filter((f) => ran(f, name)).length]));
  expect(Object.entries(runs).filter(([, n]) => n > 1)).toEqual([]);
  expect(runs[job]).toBe(1);
  const s1 = await snapshot(c.watch);
  await s.once(new Effect(s0, s1), w);
  const third = await tick();
  expect(third.writes).toBe(0);
  const s2 = await snapshot(c.watch);
  expect(new Effect(s1, s2).summary()).toEqual({});
  expect(s2.sent).toBe(s1.sent);
}

async function skipped(job: string, c: Case, s: Scenario): Promise<void> {
  const w = work.get(job)!;
  const every = periodOf(job);
  await runSetup(s, w);
  // The last tick before the work falls due.
  at(s.before!);
  const b0 = await snapshot(c.watch);
  const last = await tick();
  if (c.everyTick) expect(ran(last, job)).toBe(true);
  else nothing(new Effect(b0, await snapshot(c.watch)), c);
  // The next slot's tick never comes (or, an outage, many do not); the timer fires once, later.
  const skippedSlots = slotOf(new Date(s.at), every) - slotOf(new Date(s.before!), every) - 1;
  if (s.outage) expect(skippedSlots).toBeGreaterThan(1);
  else expect(skippedSlots).toBe(1);
  at(s.at);
  const s0 = await snapshot(c.watch);
  expect(ran(await tick(), job)).toBe(true);
  const s1 = await snapshot(c.watch);
  await s.once(new Effect(s0, s1), w);
  // And the next slot's tick does nothing more of it (nothing late, nothing twice).
  at(new Date(Date.parse(s.at) + every * 60_000).toISOString());
  await tick();
  const later = new Effect(s1, await snapshot(c.watch));
  if (s.next) s.next(later);
  else nothing(later, c);
}

interface Entry {
  at: number;
  title: string;
  run(): Promise<void>;
}
const timeline: Entry[] = [];
for (const [job, c] of Object.entries(CASES)) {
  for (const p of c.prepare ?? []) {
    timeline.push({ at: Date.parse(p.at), title: `${job}: world — ${p.label ?? 'prepared'}`, run: async () => (at(p.at), p.run(work.get(job)!)) });
  }
  for (const m of c.more ?? []) timeline.push({ at: Date.parse(m.at), title: `${job}: ${m.label}`, run: async () => (at(m.at), m.run(work.get(job)!)) });
  const start = (s: Scenario) => Date.parse(s.setup?.at ?? s.before ?? s.at);
  const named = (kind: string, s: Scenario) => `${job}: ${kind}${s.note ? ` (${s.note})` : ''}`;
  timeline.push({ at: start(c.twice), title: named('fired twice at the same instant → its effect once, also when the first run’s marker is lost', c.twice), run: async () => (await twice(job, c, c.twice), void done.add(`${job}.twice`)) });
  timeline.push({ at: start(c.concurrent), title: named('two overlapping fires → one run, its effect once', c.concurrent), run: async () => (await concurrent(job, c, c.concurrent), void done.add(`${job}.concurrent`)) });
  c.skipped.forEach((s, i) => timeline.push({ at: start(s), title: named(s.outage?.title ?? 'one tick skipped → the due work done once, at the next', s), run: async () => (await skipped(job, c, s), void done.add(`${job}.skipped.${i}`)) }));
}
timeline.sort((a, b) => a.at - b.at);
for (const e of timeline) it(e.title, e.run, 30_000);

it('ran every scenario of every job', () => {
  const expected = Object.entries(CASES).flatMap(([job, c]) => [`${job}.twice`, `${job}.concurrent`, ...c.skipped.map((_s, i) => `${job}.skipped.${i}`)]);
  expect([...done].sort()).toEqual(expected.sort());
});
