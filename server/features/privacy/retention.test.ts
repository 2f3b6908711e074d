/**
 * The daily purge of personal data past retention (retention.ts), on the demo county: records
 * made through the features' own actions and services, then the clock moved past each county's
 * retention. Coordinates, live photos, sick notes and closed complaints' contacts go; verdicts
 * and the records of work stay; the billed operations do not grow with the records; a second
 * run changes nothing.
 */
import { startTestCloud, type TestCloud } from '../../../test/harness';
import { seedDemo } from '../../../scripts/demo/seed';
import { approveLeave, freshAnswerPhoto, freshLeave, freshSpotCheck, SYSTEM, unique } from '../../../test/fixtures';
import { db, storage } from '../../platform/cloud';
import { now } from '../../kernel/clock';
import { getUnit } from '../org/service';
import { getPerson } from '../people/service';
import { DEFAULT_CHECKIN_SCHEDULE } from '../checkin/schedule';
import { SPOTCHECKS } from '../spotcheck/service';
import { STATIONING, photoFolder as stationingFolder, setDay as setStationingDay } from '../stationing/service';
import { VISITS, assignHouseholds, getHousehold, groupOf, logVisit } from '../visit/service';
import { LogInput } from '../visit/schema';
import { freshGroup, freshHousehold } from '../visit/fixtures';
import { ENROLMENTS } from '../training/service';
import { enrolIn, freshSession } from '../training/fixtures';
import { INSPECTIONS } from '../inspection/service';
import { presentMarks } from '../inspection/fixtures';
import { COMPLAINTS } from '../complaint/engine';
import { LEAVES } from '../leave/service';
import { jobs } from '../jobs';
import { ACCESS_LOGS } from './access';
import { PURGED, purgePersonalData } from './retention';

const FS = 'demo-fs-shibadong';
const FS_ID = 'p-fs-shibadong';
const BJ_FS = 'demo-fs-hangsha';
const BJ_FS_ID = 'p-fs-hangsha';
const T0 = '2026-05-12T10:00:00+08:00';
const VILLAGER = 'o-retention-villager';
const DAY = 86_400_000;

let t: TestCloud;
const at = (iso: string | number) => t.cloud.clock.set(typeof iso === 'number' ? new Date(iso).toISOString() : iso, { frozen: true });
const after = (days: number) => at(Date.parse(T0) + days * DAY);
const doc = async (collection: string, id: string): Promise<any> => (await db.collection(collection).doc(id).get()).data;
async function ok(action: string, input: unknown, openid: string): Promise<any> {
  const r = await t.call(action, input, openid);
  if (!r.ok) throw new Error(`${action} by ${openid}: ${JSON.stringify(r)}`);
  return r.data;
}
/** One run of the purge, and what it cost. */
async function purge(opts: { pageSize?: number } = {}) {
  const before = { ...t.cloud.database.ops };
  const result = await purgePersonalData(now(), opts);
  return { result, reads: t.cloud.database.ops.reads - before.reads, writes: t.cloud.database.ops.writes - before.writes };
}

/** What each kind's record is, once made. */
const made = { answers: [] as string[], bjAnswer: '', photos: [] as string[], stationing: '', visit: '', enrolment: '', inspection: '', complaint: '', leave: '', leaveFiles: [] as string[] };

async function answeredSpotCheck(openid: string, personId: string, villageId: string): Promise<string> {
  const id = await freshSpotCheck(villageId, personId);
  const center = (await getUnit(villageId))!.center!;
  const photoFileId = await freshAnswerPhoto(personId);
  made.photos.push(photoFileId);
  await ok('spotCheck.answer', { id, fix: { clientId: `ret-${unique()}-abcdef`, lat: center.lat, lng: center.lng, accuracy: 25, capturedAt: now().toISOString() }, photoFileId }, openid);
  return id;
}

beforeAll(async () => {
  t = await startTestCloud();
  at(T0);
  await seedDemo({ complaints: true });
  const village = (await getUnit('vil-shibadong'))!;
  const center = village.center!;

  // 保靖县 keeps raw data 30 days, 花垣县 the default 90.
  await ok('checkin.setSchedule', { countyId: 'county-baojing', schedule: { ...DEFAULT_CHECKIN_SCHEDULE, retentionDays: 30 } }, 'demo-bj-staff');

  // Spot checks answered with a fix and a live photo: three in 花垣, one in 保靖.
  for (let i = 0; i < 3; i++) made.answers.push(await answeredSpotCheck(FS, FS_ID, 'vil-shibadong'));
  made.bjAnswer = await answeredSpotCheck(BJ_FS, BJ_FS_ID, 'vil-hangsha');

  // A stationing-day check-in (双龙镇 stations on Tuesdays), with a photo.
  await setStationingDay(SYSTEM, now(), (await getUnit('town-shuanglong'))!, 2);
  const stPhoto = await storage.upload(`${stationingFolder(FS_ID)}ret-${unique()}.jpg`, Buffer.from('jpeg'));
  made.stationing = (await ok('stationing.submit', { clientId: `ret-${unique()}-stat`, lat: center.lat, lng: center.lng, accuracy: 20, capturedAt: now().toISOString(), photoFileIds: [stPhoto] }, FS)).id;

  // A household visit with a fix.
  const groupId = await freshGroup('vil-shibadong');
  const group = (await groupOf('vil-shibadong', groupId))!;
  const hid = await freshHousehold('vil-shibadong');
  await assignHouseholds(now(), village, group, [hid], []);
  const visitor = (await getPerson(group.members[0]!.personId))!;
  const input = LogInput.parse({ clientId: `ret-${unique()}-vs`, householdId: hid, memberIds: [visitor._id], notes: '入户了解产业情况', location: { lat: center.lat, lng: center.lng, accuracy: 12, capturedAt: now().toISOString() } });
  made.visit = (await logVisit(visitor, now(), input, (await getHousehold(hid))!)).visit._id;

  // A training check-in at the venue.
  const sessionId = await freshSession('town-shuanglong', { venue: center });
  await enrolIn(sessionId, [FS_ID]);
  made.enrolment = (await ok('training.checkin', { sessionId, clientId: `ret-${unique()}-tci`, lat: center.lat, lng: center.lng, accuracy: 20, capturedAt: now().toISOString() }, FS)).id;

  // An inspection with the inspector's fix.
  made.inspection = (
    await ok('inspection.record', { clientId: `ret-${unique()}-ins`, villageId: 'vil-jinlong', marks: await presentMarks('vil-jinlong'), findings: '驻村工作队在村部办公。', location: { lat: 28.4, lng: 109.6, accuracy: 30 } }, 'demo-sl-staff')
  ).id;

  // A villager's complaint with where it is and a contact, answered and rated (closed today).
  await ok('village.enter', { groupCloudId: t.cloud.functions.issueCloudId(VILLAGER, { opengid: 'demo-group-vil-shibadong' }) }, VILLAGER);
  made.complaint = (
    await ok('complaint.raise', { villageId: 'vil-shibadong', clientId: `ret-${unique()}-cp`, text: '村口的路灯坏了两个月，晚上看不见路', category: 'service', location: { latitude: 28.38, longitude: 109.55 }, contact: { name: '龙大姐', phone: '13912345678' } }, VILLAGER)
  ).id;
  await ok('complaint.dispatch', { id: made.complaint, category: 'service', unitId: 'county-huayuan', departmentId: 'dept-huayuan-civil' }, 'demo-sl-staff');
  await ok('complaint.answer', { id: made.complaint, text: '路灯已修好' }, 'demo-hy-dept-civil');
  await ok('complaint.rate', { id: made.complaint, value: 'satisfied', comment: '谢谢' }, VILLAGER);

  // A sick leave of tomorrow with its note, approved.
  made.leave = await freshLeave('vil-shibadong', { personId: FS_ID, kind: 'sick', start: { date: '2026-05-13', half: 'am' }, end: { date: '2026-05-13', half: 'pm' } });
  await approveLeave(made.leave, village.path);
  made.leaveFiles = (await doc(LEAVES, made.leave)).attachmentFileIds;
}, 120_000);
afterAll(() => t.stop());

it('names the collections as their owners do, and runs daily from the timer', () => {
  expect(PURGED).toEqual({ spotChecks: SPOTCHECKS, stationing: STATIONING, visits: VISITS, enrolments: ENROLMENTS, inspections: INSPECTIONS, complaints: COMPLAINTS, leaves: LEAVES });
  expect(jobs.find((j) => j.name === 'privacy.purge')).toMatchObject({ everyMinutes: 24 * 60 });
});

it('the records hold their coordinates, photos and contacts while within retention', async () => {
  after(20);
  const { result } = await purge();
  expect(result).toMatchObject({ counties: 2, contacts: 0, photos: { spotChecks: 0, leaves: 0, files: 0 } });
  expect((await doc(SPOTCHECKS, made.answers[0]!)).answer).toMatchObject({ lat: expect.any(Number), photoFileId: made.photos[0] });
  expect(await doc(STATIONING, made.stationing)).toMatchObject({ lat: expect.any(Number), photoFileIds: [expect.any(String)] });
  expect((await doc(VISITS, made.visit)).location).toMatchObject({ lat: expect.any(Number) });
  expect((await doc(ENROLMENTS, made.enrolment)).checkin).toMatchObject({ lat: expect.any(Number) });
  expect((await doc(INSPECTIONS, made.inspection)).location).toMatchObject({ lat: 28.4 });
  expect(await doc(COMPLAINTS, made.complaint)).toMatchObject({ status: 'closed', location: { latitude: 28.38 }, contact: { phone: '13912345678' } });
  expect(made.leaveFiles).toHaveLength(1);
});

it('past a county’s own retention its records lose coordinates and photos, the other county’s not yet', async () => {
  after(45);
  const { result } = await purge();
  expect(result.coordinates[SPOTCHECKS]).toBe(1);
  expect(result.photos).toEqual({ spotChecks: 1, leaves: 0, files: 1 });
  const bj = (await doc(SPOTCHECKS, made.bjAnswer)).answer;
  expect(bj.lat).toBeUndefined();
  expect(bj.lng).toBeUndefined();
  expect(bj.photoFileId).toBeUndefined();
  // The verdict of the answer stays: when, inside, how far, how accurate.
  expect(bj).toMatchObject({ inside: true, distanceM: expect.any(Number), accuracy: 25, late: false, photoPurgedAt: expect.any(Date) });
  expect(t.cloud.storage.stat(made.photos[3]!)).toBeUndefined();
  expect((await doc(SPOTCHECKS, made.answers[0]!)).answer).toMatchObject({ lat: expect.any(Number), photoFileId: made.photos[0] });
  expect(t.cloud.storage.stat(made.photos[0]!)).toBeDefined();
});

it('past the default retention: coordinates, live photos, sick notes and contacts go; verdicts and records of work stay; the cost does not grow with the records', async () => {
  after(100);
  const { result, reads, writes } = await purge();
  expect(result.coordinates).toMatchObject({ [SPOTCHECKS]: 3, [STATIONING]: 1, [VISITS]: 1, [ENROLMENTS]: 1, [INSPECTIONS]: 1 });
  expect(result.photos).toEqual({ spotChecks: 3, leaves: 1, files: 4 });
  // Ours, and the demo's closed complaints that left a contact or a point.
  expect(result.contacts).toBeGreaterThanOrEqual(1);
  // One read of the counties' schedules, one page per photo kind and county; one update per
  // collection and county, one per page of photos, one remove of old access logs.
  expect(reads).toBe(1 + 2 * 2);
  expect(writes).toBeLessThanOrEqual(2 * 6 + 2 * 2 + 1);

  for (const id of made.answers) {
    const a = (await doc(SPOTCHECKS, id)).answer;
    expect([a.lat, a.lng, a.photoFileId]).toEqual([undefined, undefined, undefined]);
    expect(a).toMatchObject({ inside: true, at: expect.any(Date), flags: expect.any(Array) });
  }
  for (const f of made.photos) expect(t.cloud.storage.stat(f)).toBeUndefined();

  const st = await doc(STATIONING, made.stationing);
  expect([st.lat, st.lng]).toEqual([undefined, undefined]);
  // The stationing photos are the record of the day's work: kept.
  expect(st).toMatchObject({ inside: true, counted: true, accuracy: 20, photoFileIds: [expect.any(String)] });
  expect(t.cloud.storage.stat(st.photoFileIds[0])).toBeDefined();

  const v = (await doc(VISITS, made.visit)).location;
  expect([v.lat, v.lng]).toEqual([undefined, undefined]);
  expect(v).toMatchObject({ inside: true, accuracy: 12, distanceM: expect.any(Number) });

  const e = (await doc(ENROLMENTS, made.enrolment)).checkin;
  expect([e.lat, e.lng]).toEqual([undefined, undefined]);
  expect(e).toMatchObject({ status: 'late', at: expect.any(Date), distanceM: expect.any(Number) });

  const ins = await doc(INSPECTIONS, made.inspection);
  expect(ins.location).toBeNull();
  expect(ins.team.length).toBeGreaterThan(0);

  const c = await doc(COMPLAINTS, made.complaint);
  expect(c).toMatchObject({ location: null, contact: null, status: 'closed', text: '村口的路灯坏了两个月，晚上看不见路', rating: { value: 'satisfied' } });

  const l = await doc(LEAVES, made.leave);
  expect(l).toMatchObject({ attachmentFileIds: [], status: 'approved', reason: expect.any(String), attachmentsPurgedAt: expect.any(Date) });
  expect(t.cloud.storage.stat(made.leaveFiles[0]!)).toBeUndefined();
});

it('a second run finds nothing left and costs the same few operations', async () => {
  const { result, reads, writes } = await purge();
  expect(Object.values(result.coordinates).every((n) => n === 0)).toBe(true);
  expect(result).toMatchObject({ contacts: 0, photos: { spotChecks: 0, leaves: 0, files: 0 }, accessLogs: 0 });
  expect(reads).toBe(1 + 2 * 2);
  // No photo page had anything: only the updates that match nothing, and the log's remove.
  expect(writes).toBe(2 * 6 + 1);
});

it('pages photos by the page size: one read and one update per page, never one per record', async () => {
  after(0);
  for (let i = 0; i < 5; i++) await answeredSpotCheck(FS, FS_ID, 'vil-shibadong');
  after(100);
  const { result, reads, writes } = await purge({ pageSize: 2 });
  expect(result.photos.spotChecks).toBe(5);
  // 花垣: pages of 2, 2, 1 of answers (the last short page ends it), one of leaves; 保靖: one each.
  expect(reads).toBe(1 + 3 + 1 + 1 + 1);
  expect(writes).toBe(2 * 6 + 3 + 1);
});

it('the timer runs it once a day, and the access log goes after three years', async () => {
  after(100);
  // A look at someone's phone number today (logged), and the purge through the tick.
  await ok('people.get', { id: FS_ID }, 'demo-hy-staff');
  const fresh = (await db.collection(ACCESS_LOGS).where({ subjectIds: FS_ID }).count()).total;
  expect(fresh).toBeGreaterThan(0);
  const outcomes = ((await t.cloud.functions.invoke('tick', { Type: 'Timer' }, { source: 'wx_trigger' })).result as { data: { job: string; ran: boolean; ok: boolean }[] }).data;
  expect(outcomes.find((o) => o.job === 'privacy.purge')).toMatchObject({ ran: true, ok: true });
  after(100 + 3 * 365 + 2);
  const { result } = await purge();
  expect(result.accessLogs).toBeGreaterThanOrEqual(fresh);
  expect((await db.collection(ACCESS_LOGS).where({ subjectIds: FS_ID }).count()).total).toBe(0);
});
