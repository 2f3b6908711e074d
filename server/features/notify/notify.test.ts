/** Which subscription templates a page asks a person for: only the messages their roles can get. */
import { startTestCloud, type TestCloud } from '../../../test/harness';
import { seedDemo } from '../../../scripts/demo/seed';

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
  t.cloud.clock.set('2026-05-12T10:00:00+08:00', { frozen: true });
  await seedDemo();
}, 60_000);
afterAll(() => t.stop());

it('a cadre is asked for reminders, spot checks and report deadlines, an approver for approvals, staff and departments for complaints', async () => {
  const keys = async (openid: string) => ((await t.call('notify.templates', {}, openid)).data as { key: string }[]).map((x) => x.key);
  expect(await keys('demo-fs-shibadong')).toEqual(['checkinReminder', 'spotCheckRequest', 'reportDue']);
  expect(await keys('demo-sl-approver')).toEqual(['leaveApproval']);
  expect(await keys('demo-hy-staff')).toEqual(['complaintDue', 'workUpdateDue']);
  expect(await keys('demo-tutor')).toEqual(['questionDue']);
  expect(await keys('demo-bj-dept-police')).toEqual(['complaintDue']);
  expect(await t.call('notify.templates', {}, 'o-nobody')).toMatchObject({ ok: false, code: 'not_bound' });
});
