/**
 * The demo townships' stationing days (驻点日, seed 004's "每周二是镇(街道)领导干部驻点联系日"), for
 * `npm start` and the role matrix (`seedDemo({ complaints: true })`): 双龙镇 and 吕洞山镇 station on
 * Tuesdays, 边城镇 on Wednesdays, 葫芦镇 on Thursdays. Idempotent: each day is set on its township
 * (the same value again changes nothing but the unit's `updatedAt`).
 */
import type { Caller } from '../../server/kernel/caller';
import type { OrgUnit } from '../../server/features/org/schema';
import { setDay } from '../../server/features/stationing/service';

const DAYS: Record<string, number> = { 'town-shuanglong': 2, 'town-lvdongshan': 2, 'town-biancheng': 3, 'town-hulu': 4 };

const SEEDER: Caller = { openid: undefined, source: 'seed', person: null };

export async function seedDemoStationing(now: Date, docs: { units: OrgUnit[] }): Promise<void> {
  for (const unit of docs.units) {
    const weekday = DAYS[unit._id];
    if (unit.level === 'township' && weekday) await setDay(SEEDER, now, unit, weekday);
  }
}
