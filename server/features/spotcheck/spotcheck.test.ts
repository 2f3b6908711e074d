/**
 * Spot checks through the api and the timer, on the local cloud: issuing to named cadres and by
 * an auditable draw, answering with a fresh fix and a live photo, the deadline, the timer closing
 * twice, the ladder, its tasks, calls and the figures.
 */
import { startTestCloud, type TestCloud } from '../../../test/harness';
import { seedDemo } from '../../../scripts/demo/seed';
import { db } from '../../platform/cloud';
import { getUnit } from '../org/service';
import type { OrgUnit } from '../org/schema';
import { climbLadder, closeExpired, registerOnLeave } from './service';
import { draw } from './rules';
import { DEFAULT_SPOTCHECK_SETTINGS } from './schema';

const FS = 'demo-fs-shibadong'; // 蒋文博, 十八洞村 (双龙镇, 花垣县)
const FS_ID = 'p-fs-shibadong';
const TM = 'demo-tm-shibadong-1';
const TM_ID = 'p-tm-shibadong-1';
const COUNTY = 'demo-hy-staff'; // 花垣县委组织部
const TOWN = 'demo-sl-staff'; // 双龙镇
const OTHER_COUNTY = 'demo-bj-staff'; // 保靖县

let t: TestCloud;
let village: OrgUnit;
let n = 0;
const rid = () => `req-${++n}-abcdefgh`;
const at = (iso: string) => t.cloud.clock.set(iso, { frozen: true });
const fix = (over: Record<string, unknown> = {}) => ({ clientId: `sc-fix-${++n}-abcdefgh`, lat: village.center!.lat + n * 1e-5, lng: village.center!.lng, accuracy: 15 + (n % 10), capturedAt: t.cloud.clock.now().toISOString(), ...over });
const ops = () => ({ ...t.cloud.database.ops });

async function photo(openid: string, personId: string, name = `${++n}.jpg`): Promise<string> {
  const form = new FormData();
  form.append('cloudPath', `spotchecks/${personId}/${name}`);
  form.append('file', new Blob([Buffer.from(`photo ${name}`)]), 'tmp.jpg');
  const res = await fetch(`${t.cloud.url}/_local/upload`, { method: 'POST', body: form, headers: { 'x-openid': openid } });
  return ((await res.json()) as { data: { fileID: string } }).data.fileID;
}

beforeAll(async () => {
  t = await startTestCloud();
  at('2026-05-12T10:00:00+08:00'); // a Tuesday
  await seedDemo();
  village = (await getUnit('vil-shibadong'))!;
}, 60_000);
afterAll(() => t.stop());

describe('issuing', () => {
  it('staff issue to named cadres in scope, with the county deadline; a retried issue is made once', async () => {
    const requestId = rid();
    const r = await t.call('spotCheck.issue', { unitId: 'town-shuanglong', requestId, personIds: [FS_ID, 'p-fs-hangsha'], note: '例行抽查' }, TOWN);
    expect(r).toMatchObject({ ok: true, data: { repeated: false, drawId: null } });
    expect(r.data.issued).toEqual([expect.objectContaining({ personId: FS_ID, villageName: '十八洞村', status: 'open', deadline: '2026-05-12T02:30:00.000Z', secondsLeft: 1800, issuedByName: expect.any(String) })]);
    // 夯沙村 is in 保靖县: not under 双龙镇.
    expect(r.data.skipped).toEqual([{ personId: 'p-fs-hangsha', name: '刘振邦', reason: '不是该范围内的驻村干部' }]);
    const again = await t.call('spotCheck.issue', { unitId: 'town-shuanglong', requestId, personIds: [FS_ID, 'p-fs-hangsha'], note: '例行抽查' }, TOWN);
    expect(again).toMatchObject({ ok: true, data: { repeated: true, batchId: r.data.batchId } });
    expect((await db.collection('spotChecks').where({ batchId: r.data.batchId }).count()).total).toBe(1);
    expect((await t.call('org.auditLog', { unitId: 'town-shuanglong' }, TOWN)).data.filter((e: any) => e.action === 'spotCheck.issue')).toHaveLength(1);
  });

  it('only inside working hours of a working day; only in scope', async () => {
    at('2026-05-12T18:00:00+08:00');
    expect(await t.call('spotCheck.issue', { unitId: 'town-shuanglong', requestId: rid(), personIds: [FS_ID] }, TOWN)).toMatchObject({ ok: false, code: 'invalid_input', message: '约请只能在工作时间（08:30–17:30）内发起' });
    at('2026-10-02T10:00:00+08:00'); // 国庆节
    expect(await t.call('spotCheck.issue', { unitId: 'town-shuanglong', requestId: rid(), draw: { count: 1 } }, TOWN)).toMatchObject({ ok: false, code: 'invalid_input', message: expect.stringContaining('不是工作日') });
    at('2026-10-10T10:00:00+08:00'); // a Saturday worked in lieu of the National Day holiday (调休)
    const makeup = await t.call('spotCheck.issue', { unitId: 'town-shuanglong', requestId: rid(), personIds: [TM_ID] }, TOWN);
    expect(makeup).toEqual(expect.objectContaining({ ok: true }));
    at('2026-05-12T10:00:00+08:00');
    const before = ops().writes;
    expect(await t.call('spotCheck.issue', { unitId: 'town-shuanglong', requestId: rid(), personIds: [FS_ID] }, OTHER_COUNTY)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('spotCheck.issue', { unitId: 'town-shuanglong', requestId: rid(), personIds: [FS_ID] }, FS)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('spotCheck.issue', { unitId: 'town-shuanglong', requestId: rid(), personIds: [FS_ID], draw: { count: 1 } }, TOWN)).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(ops().writes).toBe(before);
  });

  it('a draw is stored with its seed and eligible list, and recomputes to the same people', async () => {
    const r = await t.call('spotCheck.issue', { unitId: 'county-huayuan', requestId: rid(), draw: { count: 3 } }, COUNTY);
    expect(r).toEqual(expect.objectContaining({ ok: true }));
    expect(r.data.issued).toHaveLength(3);
    const v = await t.call('spotCheck.verifyDraw', { drawId: r.data.drawId }, COUNTY);
    expect(v).toMatchObject({ ok: true, data: { method: 'sha256-rank-v1', size: 3, matches: true, eligibleHashMatches: true } });
    expect(v.data.picked.map((p: any) => p.personId)).toEqual(r.data.issued.map((i: any) => i.personId));
    // Anyone holding the record recomputes it with nothing but SHA-256.
    const { data: chunks } = await db.collection('spotCheckDraws').where({ drawId: r.data.drawId, kind: 'eligible' }).get();
    const eligible = (chunks as any[]).flatMap((c) => c.ids);
    expect(eligible).toHaveLength(v.data.eligibleCount);
    expect(draw(v.data.seed, [...eligible].reverse(), 3)).toEqual(v.data.recomputed);
    // Those spot-checked today (蒋文博, 石婷 above… and these three) are not in the list.
    expect(eligible).not.toContain(FS_ID);
    expect(await t.call('spotCheck.verifyDraw', { drawId: r.data.drawId }, OTHER_COUNTY)).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('cadres on approved leave are never drawn, nor asked by name', async () => {
    const away = new Set(['p-fs-jinlong', 'p-tm-jinlong', 'p-fs-paibi']);
    const undo = registerOnLeave(async (ids) => new Set(ids.filter((id) => away.has(id))));
    try {
      const r = await t.call('spotCheck.issue', { unitId: 'town-shuanglong', requestId: rid(), draw: { percent: 100, includeCheckedToday: true } }, TOWN);
      expect(r.ok).toBe(true);
      const drawn = r.data.issued.map((i: any) => i.personId);
      expect(drawn).toContain(FS_ID);
      for (const id of away) expect(drawn).not.toContain(id);
      const named = await t.call('spotCheck.issue', { unitId: 'town-shuanglong', requestId: rid(), personIds: ['p-fs-paibi', FS_ID] }, TOWN);
      expect(named.data.skipped).toEqual([expect.objectContaining({ personId: 'p-fs-paibi', reason: '正在请假' })]);
    } finally {
      undo();
    }
  });
});

describe('answering', () => {
  let id: string;
  beforeAll(async () => {
    at('2026-05-13T09:00:00+08:00');
    const r = await t.call('spotCheck.issue', { unitId: 'vil-shibadong', requestId: rid(), personIds: [FS_ID, TM_ID] }, TOWN);
    id = r.data.issued.find((i: any) => i.personId === FS_ID).id;
  });

  it('the cadre sees the request on opening the app, and answers with a fresh fix and a live photo', async () => {
    t.cloud.clock.advance(5 * 60_000);
    const m = await t.call('spotCheck.mine', {}, FS);
    expect(m.data.pending.map((p: any) => p.id)).toContain(id);
    expect(m.data.photoFolder).toBe(`spotchecks/${FS_ID}/`);
    const f = fix();
    const r = await t.call('spotCheck.answer', { id, fix: f, photoFileId: await photo(FS, FS_ID) }, FS);
    expect(r).toMatchObject({ ok: true, data: { status: 'answered', answer: { inside: true, late: false } } });
    // The fix is kept as a check-in too, once; a retry of the answer is the same answer.
    expect(await t.call('spotCheck.answer', { id, fix: f, photoFileId: await photo(FS, FS_ID) }, FS)).toMatchObject({ ok: true, data: { status: 'answered' } });
    expect((await db.collection('checkins').where({ _id: `${FS_ID}.${f.clientId}` }).count()).total).toBe(1);
    expect(await t.call('spotCheck.answer', { id, fix: fix(), photoFileId: await photo(FS, FS_ID) }, FS)).toMatchObject({ ok: false, code: 'conflict' });
  });

  it('nobody answers someone else’s request; an old fix or someone else’s photo is refused; nothing is written', async () => {
    const theirs = (await t.call('spotCheck.mine', {}, TM)).data.pending[0].id;
    const before = ops().writes;
    expect(await t.call('spotCheck.answer', { id: theirs, fix: fix(), photoFileId: await photo(FS, FS_ID) }, FS)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('spotCheck.answer', { id: theirs, fix: fix({ capturedAt: '2026-05-13T08:00:00+08:00' }), photoFileId: await photo(TM, TM_ID) }, TM)).toMatchObject({ ok: false, code: 'invalid_input', message: expect.stringContaining('早于约请') });
    expect(await t.call('spotCheck.answer', { id: theirs, fix: fix(), photoFileId: await photo(FS, FS_ID) }, TM)).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await t.call('spotCheck.answer', { id: theirs, fix: fix(), photoFileId: `cloud://local.bucket/spotchecks/${TM_ID}/never.jpg` }, TM)).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(ops().writes).toBe(before);
  });

  it('the deadline decides by the server clock: a second before is on time, at the deadline is late', async () => {
    at('2026-05-13T10:00:00+08:00');
    const r = await t.call('spotCheck.issue', { unitId: 'vil-shibadong', requestId: rid(), personIds: [FS_ID, TM_ID] }, TOWN);
    const [a, b] = [FS_ID, TM_ID].map((p) => r.data.issued.find((i: any) => i.personId === p).id);
    at('2026-05-13T10:29:59+08:00');
    expect(await t.call('spotCheck.answer', { id: a, fix: fix(), photoFileId: await photo(FS, FS_ID) }, FS)).toMatchObject({ ok: true, data: { status: 'answered' } });
    at('2026-05-13T10:30:00+08:00');
    expect(await t.call('spotCheck.answer', { id: b, fix: fix(), photoFileId: await photo(TM, TM_ID) }, TM)).toMatchObject({ ok: true, data: { status: 'late', answer: { late: true } } });
  });

  it('an on-time answer racing the timer’s close ends answered, whichever is written first, and voids its inquiry', async () => {
    at('2026-05-13T11:00:00+08:00');
    const r = await t.call('spotCheck.issue', { unitId: 'vil-shibadong', requestId: rid(), personIds: [FS_ID] }, TOWN);
    const id = r.data.issued[0].id;
    const photoId = await photo(FS, FS_ID);
    at('2026-05-13T11:29:59+08:00');
    // The sweep runs as if well past the deadline and grace, while the answer is in flight.
    const [answered] = await Promise.all([t.call('spotCheck.answer', { id, fix: fix(), photoFileId: photoId }, FS), closeExpired(new Date('2026-05-13T11:40:00+08:00'))]);
    expect(answered).toMatchObject({ ok: true, data: { status: 'answered', answer: { late: false } } });
    expect((await db.collection('spotChecks').doc(id).get()).data).toMatchObject({ status: 'answered' });
    const inq = (await db.collection('escalations').where({ _id: `inquiry.${id}`, status: 'open' }).count()).total;
    expect(inq).toBe(0);

    // The close written first, for certain: the on-time answer still counts, and the inquiry is void.
    at('2026-05-13T11:30:00+08:00');
    const r2 = await t.call('spotCheck.issue', { unitId: 'vil-shibadong', requestId: rid(), personIds: [FS_ID] }, TOWN);
    const id2 = r2.data.issued[0].id;
    await closeExpired(new Date('2026-05-13T12:10:00+08:00'));
    expect((await db.collection('spotChecks').doc(id2).get()).data).toMatchObject({ status: 'missed' });
    at('2026-05-13T11:59:59+08:00');
    expect(await t.call('spotCheck.answer', { id: id2, fix: fix(), photoFileId: await photo(FS, FS_ID) }, FS)).toMatchObject({ ok: true, data: { status: 'answered' } });
    expect((await db.collection('escalations').doc(`inquiry.${id2}`).get()).data).toMatchObject({ status: 'dismissed', decidedByName: '系统' });
  });
});

describe('the timer, the ladder and its tasks', () => {
  const strict = { ...DEFAULT_SPOTCHECK_SETTINGS, noticeAt: 2, talkAt: 3, recallAt: 4 };
  let who = '';

  it('closes expired requests as missed once, each with its inquiry, even when the timer fires twice', async () => {
    expect(await t.call('spotCheck.setSettings', { countyId: 'county-huayuan', settings: strict }, COUNTY)).toMatchObject({ ok: true });
    at('2026-05-14T09:00:00+08:00');
    const r = await t.call('spotCheck.issue', { unitId: 'vil-jinlong', requestId: rid(), personIds: ['p-fs-jinlong'] }, TOWN);
    const id = r.data.issued[0].id;
    at('2026-05-14T09:31:00+08:00'); // past the deadline, inside the grace: still open
    await closeExpired(t.cloud.clock.now());
    expect((await db.collection('spotChecks').doc(id).get()).data).toMatchObject({ status: 'open' });
    at('2026-05-14T09:33:00+08:00');
    // The timer fires twice at once, and the sweep runs once more on top.
    await Promise.all([t.cloud.timer.fire(), t.cloud.timer.fire()]);
    expect((await closeExpired(t.cloud.clock.now())).closed).toBe(0);
    expect((await db.collection('spotChecks').doc(id).get()).data).toMatchObject({ status: 'missed' });
    // Its inquiry, once (the ladder may add a step too, if a random draw above left 欧阳靖 a miss).
    const inq = await db.collection('escalations').where({ spotCheckIds: id, kind: 'inquiry' }).get();
    expect(inq.data).toEqual([expect.objectContaining({ _id: `inquiry.${id}`, status: 'open', level: 'township' })]);
    // A late answer the same day is still taken, and shows as late.
    at('2026-05-14T11:00:00+08:00');
    expect(await t.call('spotCheck.answer', { id, fix: { ...fix(), lat: (await getUnit('vil-jinlong'))!.center!.lat }, photoFileId: await photo('demo-fs-jinlong', 'p-fs-jinlong') }, 'demo-fs-jinlong')).toMatchObject({ ok: true, data: { status: 'late' } });
  });

  it('each rung: a notice draft at the 2nd miss, a talk at the 3rd, a recall suggestion from the 4th; reruns add nothing', async () => {
    // Someone with no misses yet (the draws above may have picked anyone else).
    at('2026-05-15T08:40:00+08:00');
    const add = await t.call('people.add', { name: '唐新', phone: '13966660201', orgUnitId: 'town-shuanglong' }, COUNTY);
    expect(await t.call('people.startAssignment', { personId: add.data.id, villageId: 'vil-dongmaku', kind: 'teamMember', dispatchingUnit: '花垣县林业局', start: '2026-05-15' }, COUNTY)).toMatchObject({ ok: true });
    who = add.data.id;
    const misses: string[] = [];
    for (let day = 15; day <= 20; day++) {
      const date = `2026-05-${day}`;
      at(`${date}T09:00:00+08:00`);
      const r = await t.call('spotCheck.issue', { unitId: 'vil-dongmaku', requestId: rid(), personIds: [who] }, TOWN);
      if (!r.ok) continue; // 16th and 17th are a weekend
      misses.push(r.data.issued[0].id);
      at(`${date}T10:00:00+08:00`);
      await closeExpired(t.cloud.clock.now());
    }
    expect(misses).toHaveLength(4);
    await climbLadder(new Date('2026-05-14T00:00:00+08:00'), t.cloud.clock.now());
    await climbLadder(new Date('2026-05-14T00:00:00+08:00'), t.cloud.clock.now());
    const { data } = await db.collection('escalations').where({ personId: who }).orderBy('_id', 'asc').limit(100).get();
    const kinds = (data as any[]).map((e) => `${e.kind}.${misses.indexOf(e.spotCheckIds[0])}`).sort();
    expect(kinds).toEqual(['inquiry.0', 'inquiry.1', 'inquiry.2', 'inquiry.3', 'notice.1', 'recall.3', 'talk.2']);
    const talk = (data as any[]).find((e) => e.kind === 'talk');
    expect(talk).toMatchObject({ missCount: 3, dispatchingUnit: '花垣县林业局', level: 'township', spotCheckIds: [misses[2], misses[1], misses[0]] });
    expect((data as any[]).find((e) => e.kind === 'notice')).toMatchObject({ level: 'county', why: expect.stringContaining('第 2 次未响应') });
  });

  it('tasks: township staff follow up inquiries; notices and recalls are the county’s; two at once, one counts', async () => {
    const list = await t.call('spotCheck.tasks', { unitId: 'town-shuanglong', status: 'open' }, TOWN);
    const inquiry = list.data.find((e: any) => e.kind === 'inquiry' && e.personId === who);
    const notice = list.data.find((e: any) => e.kind === 'notice');
    const recall = list.data.find((e: any) => e.kind === 'recall');
    const both = await Promise.all([
      t.call('spotCheck.resolveTask', { id: inquiry.id, kind: 'inquiry', result: 'reminded', reason: '电话询问：在镇里开会，已提醒提前报备' }, TOWN),
      t.call('spotCheck.resolveTask', { id: inquiry.id, kind: 'inquiry', result: 'criticised', reason: '电话询问：无正当理由' }, COUNTY),
    ]);
    expect(both.filter((a) => a.ok)).toEqual([expect.objectContaining({ ok: true })]);
    expect(both.filter((a) => !a.ok)[0]).toMatchObject({ code: 'conflict' });
    expect(await t.call('spotCheck.resolveTask', { id: notice.id, kind: 'notice', publish: true, title: '关于唐新同志的通报', body: '经多次约请未响应，予以通报批评。' }, TOWN)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('spotCheck.resolveTask', { id: notice.id, kind: 'notice', publish: true, title: '关于唐新同志的通报', body: '经多次约请未响应，予以通报批评。' }, COUNTY)).toMatchObject({ ok: true, data: { status: 'done', outcome: { title: '关于唐新同志的通报' } } });
    expect(await t.call('spotCheck.resolveTask', { id: recall.id, kind: 'talk', note: '不对' }, COUNTY)).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await t.call('spotCheck.resolveTask', { id: recall.id, kind: 'recall', decision: 'accepted', reason: '屡次不在岗，建议派出单位召回' }, COUNTY)).toMatchObject({ ok: true });
    expect(await t.call('spotCheck.tasks', { unitId: 'town-shuanglong' }, OTHER_COUNTY)).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('a call that finds the cadre away raises an inquiry; call details are for staff in scope', async () => {
    at('2026-05-21T09:00:00+08:00');
    const r = await t.call('spotCheck.issue', { unitId: 'vil-shibadong', requestId: rid(), personIds: [TM_ID] }, TOWN);
    const id = r.data.issued[0].id;
    expect(await t.call('spotCheck.callInfo', { id }, TOWN)).toMatchObject({ ok: true, data: { cadreName: '石婷', cadreOpenid: TM, phone: '13800000026' } });
    expect(await t.call('spotCheck.callInfo', { id }, OTHER_COUNTY)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('spotCheck.recordCall', { id, channel: 'video', outcome: 'notAtPost', note: '视频中在县城' }, TOWN)).toMatchObject({ ok: true, data: { call: { outcome: 'notAtPost', channel: 'video' } } });
    expect((await db.collection('escalations').doc(`inquiry.${id}`).get()).data).toMatchObject({ kind: 'inquiry', why: expect.stringContaining('不在岗') });
  });

  it('the board shows the day with answers and photos, and the look is recorded for the cadre', async () => {
    const b = await t.call('spotCheck.board', { unitId: 'vil-shibadong', date: '2026-05-13' }, TOWN);
    // 石婷's first request of the day was never answered: the timer closed it.
    expect(b.data.counts).toEqual({ open: 0, answered: 4, late: 1, missed: 1 });
    const answered = b.data.items.find((i: any) => i.status === 'answered');
    expect(answered.answer.photoUrl).toMatch(/^http/);
    expect(await (await fetch(answered.answer.photoUrl)).text()).toMatch(/^photo /);
    expect((await t.call('checkin.viewers', {}, FS)).data[0]).toMatchObject({ what: 'spotCheck' });
    // The board refreshing itself is the same look: recorded once.
    const looks = async () => (await db.collection('accessLogs').where({ subjectIds: FS_ID, what: 'spotCheck' }).count()).total;
    const once = await looks();
    await t.call('spotCheck.board', { unitId: 'vil-shibadong', date: '2026-05-13' }, TOWN);
    expect(await looks()).toBe(once);
    await t.call('spotCheck.board', { unitId: 'vil-shibadong', date: '2026-05-13' }, COUNTY);
    expect(await looks()).toBe(once + 1);
  });

  it('figures by unit and month: issued, on time, late, missed, problems found and fixed, criticisms, recalls', async () => {
    const f = await t.call('spotCheck.figures', { unitId: 'town-shuanglong', month: '2026-05' }, COUNTY);
    expect(f.ok).toBe(true);
    const before = f.data.rows.find((r: any) => r.unitId === 'vil-dongmaku');
    // 唐新's four misses (an inquiry followed up, a notice published, a recall accepted) on top of what the draws left.
    expect(before).toMatchObject({ problemsFixed: 1, criticisms: 1, recalls: 1, talks: 0 });
    expect(before.missed).toBeGreaterThanOrEqual(4);
    expect(before.problemsFound).toBe(before.missed);
    expect(f.data.total.issued).toBe(f.data.rows.reduce((s: number, r: any) => s + r.issued, 0));
    expect(f.data.total).toMatchObject({ late: 2, notAtPost: 1 });
    expect(await t.call('spotCheck.figures', { unitId: 'town-shuanglong', month: '2026-05' }, OTHER_COUNTY)).toMatchObject({ ok: false, code: 'forbidden' });
  });
});
