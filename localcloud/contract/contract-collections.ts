/**
 * The collections the database contract suites and recordings use, with their indexes
 * (a plain module: the recorder script loads it outside jest).
 */
import type { CollectionSpec } from '../service';

export const CONTRACT_COLLECTIONS: CollectionSpec[] = [
  { name: 'items', indexes: [{ name: 'city_1', keys: { city: 1 } }, { name: 'status_score', keys: { status: 1, score: -1 } }] },
  { name: 'people', indexes: [{ name: 'phone_unique', keys: { phone: 1 }, unique: true }, { name: 'org_code_unique', keys: { orgId: 1, code: 1 }, unique: true }] },
  { name: 'places', indexes: [{ name: 'loc_2dsphere', keys: { loc: '2dsphere' } }] },
  { name: 'plain' },
  { name: 'orders' },
  { name: 'counters' },
];
