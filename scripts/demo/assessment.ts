/**
 * The three-in-one assessment (三位一体综合考评) in 十八洞村, for `npm start`
 * (`seedDemo({ complaints: true })`): 花垣县 sets 蒋文博 two targets of the year and he records
 * progress on one, 石婷 proposes one of her own (waiting for 双龙镇 to confirm), and 双龙镇 opens
 * the village's 民主测评 for two weeks, so that the cadre's, the staff's and the villagers' pages
 * have something to show.
 *
 * Idempotent: targets, progress and the survey take their ids from fixed clientIds (a second run
 * finds them).
 */
import type { Caller } from '../../server/kernel/caller';
import { dateKey } from '../../server/kernel/clock';
import type { PersonDoc } from '../../server/features/people/schema';
import type { OrgUnit } from '../../server/features/org/schema';
import { openSurvey, proposeTarget, recordProgress, setTarget } from '../../server/features/assessment/service';

const DAY = 86_400_000;

export async function seedDemoAssessment(now: Date, docs: { people: PersonDoc[]; units: OrgUnit[] }): Promise<void> {
  const people = new Map(docs.people.map((p) => [p._id, p]));
  const as = (id: string): Caller => {
    const p = people.get(id)!;
    return { openid: p.openid ?? undefined, source: 'demo', person: p };
  };
  const year = dateKey(now).slice(0, 4);
  const jiang = people.get('p-fs-shibadong')!;
  const county = as('p-hy-staff');
  const kiwi = await setTarget(county, jiang, now, { personId: jiang._id, year, clientId: 'demo-assess-kiwi', text: '猕猴桃产业园新增种植200亩', category: 'industry', weight: 60, dueMonth: `${year}-11` });
  await setTarget(county, jiang, now, { personId: jiang._id, year, clientId: 'demo-assess-party', text: '建成村级党群服务中心并投入使用', category: 'partyBuilding', weight: 40, dueMonth: `${year}-12` });
  const kiwiId = kiwi.targets.find((t) => t.text.startsWith('猕猴桃'))!.id;
  await recordProgress(jiang, now, { year, targetId: kiwiId, clientId: 'demo-assess-kiwi-1', text: '已流转土地120亩，完成育苗', percent: 40, photoFileIds: [] });
  const shi = people.get('p-tm-shibadong-1')!;
  await proposeTarget(as(shi._id), shi, now, { year, clientId: 'demo-assess-embroidery', text: '组织苗绣技能培训两期，带动30名妇女就业', category: 'livelihood', weight: 50, dueMonth: `${year}-10` });
  const village = docs.units.find((u) => u._id === 'vil-shibadong')!;
  await openSurvey(as('p-sl-staff'), now, village, { villageId: village._id, year, clientId: 'demo-assess-survey', closesOn: dateKey(new Date(now.getTime() + 14 * DAY)), aspects: true });
}
