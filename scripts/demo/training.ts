/**
 * A demo training for `npm start` and the role matrix (`seedDemo({ complaints: true })`): 花垣县's
 * 驻村第一书记任前培训 at the county Party school a week from now, open to the county's cadres, with
 * 十八洞村's team enrolled by the county's staff. Idempotent: the course and the session have
 * fixed clientIds (the same ids again), and enrolling again enrols nobody twice.
 */
import type { Caller } from '../../server/kernel/caller';
import { dateKey } from '../../server/kernel/clock';
import type { OrgUnit } from '../../server/features/org/schema';
import type { PersonDoc } from '../../server/features/people/schema';
import { addSession, createCourse, enrol, getSession } from '../../server/features/training/service';

const DAY_MS = 86_400_000;

export async function seedDemoTraining(now: Date, docs: { units: OrgUnit[]; people: PersonDoc[] }): Promise<void> {
  const county = docs.units.find((u) => u._id === 'county-huayuan');
  const staff = docs.people.find((p) => p._id === 'p-hy-staff');
  if (!county || !staff) return;
  const seeder: Caller = { openid: staff.openid ?? undefined, source: 'seed', person: staff };
  const course = await createCourse(seeder, now, county, { unitId: county._id, clientId: 'demo-training-course', name: '驻村第一书记任前培训', kind: 'preService', description: '政策解读、产业发展、基层治理、驻村工作纪律' });
  const session = await addSession(seeder, now, course, {
    courseId: course._id,
    clientId: 'demo-training-session',
    date: dateKey(now.getTime() + 7 * DAY_MS),
    start: '09:00',
    end: '11:30',
    placeName: '花垣县委党校报告厅',
    venue: county.center ?? { lat: 28.568432, lng: 109.486965 },
    radiusM: 300,
    openToUnit: true,
  });
  const team = docs.people.filter((p) => p.grants.some((g) => g.role === 'cadre' && g.orgUnitId === 'vil-shibadong'));
  const s = await getSession(session._id);
  if (s && now <= new Date(s.endsAt)) await enrol(seeder, now, s, team);
}
