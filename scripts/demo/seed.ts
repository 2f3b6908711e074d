/**
 * Fill an empty database with the demo county (scripts/demo/data.ts), in the models of the org
 * and people features. Demo people come already bound to their demo openids, so that a developer
 * can log in as any of them. Runs through the real SDK; does nothing when the county is there.
 */
import { db } from '../../server/platform/cloud';
import { ORG_UNITS } from '../../server/features/org/service';
import { ASSIGNMENTS, BINDINGS, PEOPLE, stationOf } from '../../server/features/people/service';
import type { Fence, OrgUnit } from '../../server/features/org/schema';
import type { AssignmentDoc, BindingDoc, PersonDoc, StoredGrant } from '../../server/features/people/schema';
import { ROLE_NAMES } from '../../server/features/people/schema';
import { now } from '../../server/kernel/clock';
import { DEMO_CITY, DEMO_ORG_UNITS, DEMO_PEOPLE, type DemoOrgUnit } from './data';
import { seedDemoComplaints } from './complaints';
import { seedDemoStationing } from './stationing';
import { seedDemoResources } from './resource';
import { seedDemoAssessment } from './assessment';
import { seedDemoTraining } from './training';

const SEEDED_AT = new Date('2026-01-01T00:00:00+08:00');

function pathOf(id: string, byId: Map<string, DemoOrgUnit>): string[] {
  const path: string[] = [];
  for (let u = byId.get(id); u; u = u.parentId ? byId.get(u.parentId) : undefined) path.unshift(u.id);
  return path;
}

export function demoDocuments() {
  const byId = new Map<string, DemoOrgUnit>(DEMO_ORG_UNITS.map((u) => [u.id, u]));
  const units: OrgUnit[] = DEMO_ORG_UNITS.map((u) => ({
    _id: u.id,
    name: u.name,
    level: u.level,
    parentId: u.parentId,
    path: pathOf(u.id, byId),
    center: u.center,
    ...('fence' in u ? { fence: JSON.parse(JSON.stringify(u.fence)) as Fence } : {}),
    group: null,
    createdAt: SEEDED_AT,
    updatedAt: SEEDED_AT,
  }));
  const people: PersonDoc[] = [];
  const assignments: AssignmentDoc[] = [];
  const bindings: BindingDoc[] = [];
  for (const p of DEMO_PEOPLE) {
    const grants: StoredGrant[] = p.grants.map((g) => ({
      role: g.role,
      orgUnitId: g.orgUnitId,
      path: pathOf(g.orgUnitId, byId),
      ...(g.role === 'cadre' ? { kind: g.kind } : {}),
      ...(g.role === 'department' ? { department: { ...g.department } } : {}),
      ...(g.role === 'tutor' ? { specialty: g.specialty } : {}),
      since: SEEDED_AT,
    }));
    const home = grants[0]!;
    // A stationed cadre carries a copy of their station, as `startAssignment` makes it.
    const cadre = grants.find((g) => g.role === 'cadre');
    const village = cadre && units.find((u) => u._id === cadre.orgUnitId);
    const station = village ? stationOf(village, units.find((u) => u._id === village.path[1]) ?? null) : undefined;
    people.push({ _id: p.id, name: p.name, phone: p.phone, title: p.title, orgUnitId: home.orgUnitId, homePath: home.path, openid: p.openid, grants, ...(station ? { station } : {}), active: true, createdAt: SEEDED_AT, updatedAt: SEEDED_AT });
    bindings.push({ _id: p.openid, personId: p.id, boundAt: SEEDED_AT });
    for (const g of p.grants) {
      if (g.role !== 'cadre') continue;
      assignments.push({ _id: `as-${p.id}`, personId: p.id, villageId: g.assignment.villageId, villagePath: pathOf(g.assignment.villageId, byId), kind: g.kind, dispatchingUnit: g.assignment.dispatchingUnit, start: g.assignment.start, end: g.assignment.end ?? null, active: true, createdAt: SEEDED_AT });
    }
  }
  return { units, people, assignments, bindings };
}

/**
 * Insert the demo county unless it is there already. Returns whether it wrote anything.
 * With `complaints`, also the bound village groups, their villagers and a few complaints in
 * 十八洞村 (scripts/demo/complaints.ts), at times before the clock's now: `npm start` and the role
 * matrix ask for them; the other tests bind their own groups and count their own villagers.
 */
export async function seedDemo(opts: { complaints?: boolean } = {}): Promise<boolean> {
  const { data } = await db.collection(ORG_UNITS).doc(DEMO_CITY.id).get();
  if (data) return false;
  const docs = demoDocuments();
  // Children before the city: a crash half-way leaves no city, so the next start seeds again
  // (and `set` by id, like the complaints' own ids and steps, makes the repeat harmless).
  const units = [...docs.units].reverse();
  const city = units.filter((u) => u._id === DEMO_CITY.id);
  const writes: [string, { _id: string }[]][] = [[PEOPLE, docs.people], [ASSIGNMENTS, docs.assignments], [BINDINGS, docs.bindings], [ORG_UNITS, units.filter((u) => u._id !== DEMO_CITY.id)]];
  const write = async ([collection, list]: [string, { _id: string }[]]) => {
    for (const doc of list) {
      const { _id, ...rest } = doc as { _id: string } & Record<string, unknown>;
      await db.collection(collection).doc(_id).set({ data: rest });
    }
  };
  for (const w of writes) await write(w);
  if (opts.complaints) await seedDemoComplaints(now(), docs);
  if (opts.complaints) await seedDemoResources(now(), docs);
  if (opts.complaints) await seedDemoStationing(now(), docs);
  if (opts.complaints) await seedDemoAssessment(now(), docs);
  if (opts.complaints) await seedDemoTraining(now(), docs);
  // @demo-issue11 (each feature's demo seeding, under opts.complaints, above this line)
  await write([ORG_UNITS, city]);
  return true;
}

/** The demo people for `GET /_local/people`: whom a developer can log in as. */
export function demoLogins() {
  const byId = new Map<string, DemoOrgUnit>(DEMO_ORG_UNITS.map((u) => [u.id, u]));
  return DEMO_PEOPLE.map((p) => ({
    id: p.id,
    name: p.name,
    openid: p.openid,
    title: p.title,
    roles: p.grants.map((g) => ({ role: g.role, roleName: ROLE_NAMES[g.role], orgUnitId: g.orgUnitId, unitName: byId.get(g.orgUnitId)?.name ?? '' })),
  }));
}
