/**
 * Test fixtures of inspections, written through the feature's own service (for the role × scope
 * matrix, test/matrix.test.ts, and page tests): a fresh record of a village's whole team of
 * today, found at post, by a given person.
 */
import { randomBytes } from 'node:crypto';
import { now, dateKey } from '../../kernel/clock';
import { getUnit } from '../org/service';
import { getPerson } from '../people/service';
import { record, teamOn } from './service';

/** Every cadre of the village's team today, marked 在岗. */
export async function presentMarks(villageId: string): Promise<{ personId: string; status: 'present' }[]> {
  return (await teamOn(villageId, dateKey(now()))).map((m) => ({ personId: m.personId, status: 'present' as const }));
}

/** A fresh inspection of the village by `personId` (staff or discipline staff over it), its id. */
export async function freshInspection(villageId: string, personId: string, statuses: ('present' | 'absent')[] = []): Promise<string> {
  const [person, village, marks] = await Promise.all([getPerson(personId), getUnit(villageId), presentMarks(villageId)]);
  if (!person || !village) throw new Error(`no person ${personId} or village ${villageId}`);
  const ins = await record({ openid: person.openid ?? undefined, source: 'test', person }, now(), village, {
    clientId: `fixture-${randomBytes(8).toString('hex')}`,
    villageId,
    companions: [],
    marks: marks.map((m, i) => ({ ...m, status: statuses[i] ?? m.status, note: '' })),
    photoFileIds: [],
    location: null,
    findings: '驻村工作队在村部办公，台账齐全。',
    remarks: '',
  });
  return ins._id;
}
