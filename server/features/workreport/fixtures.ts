/**
 * Test fixtures of semi-annual reports, written through the features' own services (for the
 * role × scope matrix, test/matrix.test.ts, and page tests): a fresh first secretary of a village,
 * and a report of theirs submitted for the present half-year.
 */
import { randomInt } from 'node:crypto';
import type { Caller } from '../../kernel/caller';
import { dateKey, now } from '../../kernel/clock';
import { addPerson, getPerson, startAssignment } from '../people/service';
import type { PersonDoc } from '../people/schema';
import { periodOfDay } from './rules';
import { save } from './service';

const SYSTEM: Caller = { openid: undefined, source: 'test', person: null };
let n = randomInt(1_000_000);

/** A first secretary stationed in the village from today. */
export async function freshFirstSecretary(villageId: string, dispatchingUnit = '州直属机关工委'): Promise<PersonDoc> {
  const i = ++n;
  const p = await addPerson(SYSTEM, now(), { name: `测试书记${i}`, phone: `158${String(10_000_000 + (i % 90_000_000)).slice(-8)}`, orgUnitId: villageId });
  await startAssignment(SYSTEM, now(), { personId: p._id, villageId, kind: 'firstSecretary', dispatchingUnit, start: dateKey(now()) });
  return (await getPerson(p._id))!;
}

/** A report of the present half-year, submitted by a fresh first secretary of the village; its id. */
export async function freshSubmittedReport(villageId: string): Promise<string> {
  const person = await freshFirstSecretary(villageId);
  const caller: Caller = { openid: person.openid ?? undefined, source: 'test', person };
  const body = '本半年围绕产业发展、基层组织建设和为民办实事开展工作，走访脱贫户八十户，协调落实帮扶项目两个，推动村集体经济稳步增收。';
  const r = await save(caller, now(), { period: periodOfDay(dateKey(now())), title: '半年驻村工作报告', body, attachments: [] }, true);
  return r._id;
}
