/**
 * A few assistance projects (帮扶项目) and practical deeds (好事实事) in 十八洞村, for `npm start`
 * (`seedDemo({ complaints: true })`): recorded by its cadres through the resource service, two of
 * them confirmed (核实) by 双龙镇, so that the cadre's list, the township's queue and the figures
 * have something to show.
 *
 * Idempotent: a project's and a deed's id come from their cadre and `clientId` (a second run
 * finds them), and a project is confirmed only while it is not.
 */
import type { Caller } from '../../server/kernel/caller';
import { dateKey } from '../../server/kernel/clock';
import type { PersonDoc } from '../../server/features/people/schema';
import { addDeed, addProject, confirmProject } from '../../server/features/resource/service';
import type { AddInput } from '../../server/features/resource/schema';

const DAY = 86_400_000;

interface DemoProject {
  clientId: string;
  by: string;
  input: Omit<AddInput, 'clientId' | 'plannedOn' | 'startedOn' | 'completedOn' | 'files' | 'note' | 'sourceName'> & { sourceName?: string; note?: string };
  /** Days before now: planned, started, completed. */
  days: [number, number | null, number | null];
  confirmed: boolean;
}

const PROJECTS: DemoProject[] = [
  { clientId: 'demo-resource-kiwi', by: 'p-fs-shibadong', input: { name: '猕猴桃产业园扩建', kind: 'industry', amountYuan: 120_000_000, source: 'dispatchingUnit', status: 'building', note: '新增种植面积200亩' }, days: [90, 45, null], confirmed: true },
  { clientId: 'demo-resource-road', by: 'p-fs-shibadong', input: { name: '梨子寨至竹子寨村道硬化', kind: 'infrastructure', amountYuan: 35_000_000, source: 'countyDept', sourceName: '花垣县交通运输局', status: 'done' }, days: [80, 60, 12], confirmed: true },
  { clientId: 'demo-resource-embroidery', by: 'p-tm-shibadong-1', input: { name: '苗绣技能培训班', kind: 'talent', amountYuan: 800_000, source: 'social', sourceName: '湘西苗绣有限公司', status: 'planning' }, days: [10, null, null], confirmed: false },
  { clientId: 'demo-resource-clinic', by: 'p-tm-shibadong-1', input: { name: '村卫生室设备更新', kind: 'livelihood', amountYuan: 6_500_000, source: 'dispatchingUnit', status: 'done' }, days: [40, 30, 5], confirmed: false },
];

const DEEDS = [
  { clientId: 'demo-deed-roof', by: 'p-fs-shibadong', days: 6, text: '帮助五保户龙大爷修缮漏雨的屋顶' },
  { clientId: 'demo-deed-clinic', by: 'p-tm-shibadong-1', days: 3, text: '联系县人民医院为留守老人义诊' },
  { clientId: 'demo-deed-water', by: 'p-tm-shibadong-2', days: 1, text: '协调修复竹子寨的自来水管' },
];

export async function seedDemoResources(now: Date, docs: { people: PersonDoc[] }): Promise<void> {
  const people = new Map(docs.people.map((p) => [p._id, p]));
  const day = (n: number | null) => (n === null ? null : dateKey(new Date(now.getTime() - n * DAY)));
  const staff = people.get('p-sl-staff')!;
  const caller: Caller = { openid: staff.openid ?? undefined, source: 'demo', person: staff };
  const actor = { person: staff, byId: staff._id, byName: staff.name, as: 'staff' as const, unitName: '双龙镇' };
  for (const [i, p] of PROJECTS.entries()) {
    const cadre = people.get(p.by)!;
    // Recorded a minute apart, in the list's order (newest last).
    const doc = await addProject(cadre, new Date(now.getTime() - (PROJECTS.length - i) * 60_000), {
      clientId: p.clientId,
      ...p.input,
      sourceName: p.input.sourceName ?? '',
      note: p.input.note ?? '',
      plannedOn: day(p.days[0])!,
      startedOn: day(p.days[1]),
      completedOn: day(p.days[2]),
      files: [],
    });
    if (p.confirmed && !doc.confirmed) await confirmProject(caller, now, actor, doc._id, doc.version);
  }
  for (const d of DEEDS) await addDeed(people.get(d.by)!, now, { clientId: d.clientId, date: day(d.days)!, text: d.text });
}
