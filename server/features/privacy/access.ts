/**
 * The access log (PIPL: a person can see who read their personal data). Every read of someone
 * else's precise location, photos, phone number, contact or household data by staff writes one
 * `accessLogs` document for the call — who (and in which roles), what, when, and the list of
 * people whose data it returned — with one write and no read. The person reads it in
 * 我的个人信息 (`privacy.myData`), a cadre's locations also in 谁查看了我的位置.
 *
 * This module depends on no other feature, so that any feature may log through it.
 */
import { createHash } from 'node:crypto';
import { db, _, isDuplicateKey } from '../../platform/cloud';
import type { Caller } from '../../kernel/caller';
import type { Role } from '../../kernel/roles';
import { ACCESS_LOG_RETENTION_DAYS, type AccessLogDoc, type DataKind } from './schema';

export const ACCESS_LOGS = 'accessLogs';

/** Entries (people, villagers, households) per document: a city's day of check-ins stays far below 512 KB. */
export const SUBJECTS_PER_DOC = 2000;

export interface AccessRecord {
  action: string;
  what: string;
  detail: string;
  kinds: DataKind[];
  subjectIds?: readonly string[];
  subjectOpenids?: readonly (string | null | undefined)[];
  householdIds?: readonly string[];
  /** The roles the data was read in; default: every role the viewer holds. */
  roles?: readonly Role[];
  /**
   * The same look again (a board refreshing itself) is not logged again: the document's id is a
   * hash of the viewer, the look and its subjects, and a second insert of it is refused by the
   * primary key. Still one write, still no read.
   */
  once?: boolean;
}

type Entry = ['p' | 'o' | 'h', string];

const uniq = (xs: readonly (string | null | undefined)[] | undefined) => [...new Set((xs ?? []).filter((x): x is string => typeof x === 'string' && x.length > 0))];

/** Log one read: nothing when it returned nobody else's data. */
export async function logAccess(viewer: Caller, now: Date, r: AccessRecord): Promise<void> {
  const self = viewer.person?._id;
  const entries: Entry[] = [
    ...uniq(r.subjectIds).filter((id) => id !== self).map((id): Entry => ['p', id]),
    ...uniq(r.subjectOpenids).filter((o) => o !== viewer.openid).map((o): Entry => ['o', o]),
    ...uniq(r.householdIds).map((h): Entry => ['h', h]),
  ];
  if (!entries.length) return;
  const held = viewer.person?.grants.map((g) => g.role) ?? [];
  const viewerRoles = [...new Set(r.roles ? held.filter((x) => r.roles!.includes(x)) : held)];
  const base = { at: now, viewerId: self ?? '', viewerName: viewer.person?.name ?? '', viewerRoles, action: r.action, what: r.what, detail: r.detail, kinds: [...new Set(r.kinds)] };
  const key = r.once ? onceKey(base.viewerId, r, entries) : null;
  const docs: (Omit<AccessLogDoc, '_id'> & { _id?: string })[] = [];
  for (let i = 0; i < entries.length; i += SUBJECTS_PER_DOC) {
    const chunk = entries.slice(i, i + SUBJECTS_PER_DOC);
    const of = (k: Entry[0]) => chunk.filter((e) => e[0] === k).map((e) => e[1]);
    docs.push({ ...(key ? { _id: `${key}.${i / SUBJECTS_PER_DOC}` } : {}), ...base, subjectIds: of('p'), subjectOpenids: of('o'), householdIds: of('h') });
  }
  try {
    await db.collection(ACCESS_LOGS).add({ data: docs });
  } catch (err) {
    // The same look, logged before (`once`): the batch is all-or-nothing, and all of it is there.
    if (!(key && isDuplicateKey(err))) throw err;
  }
}

function onceKey(viewerId: string, r: AccessRecord, entries: Entry[]): string {
  const h = createHash('sha256').update([viewerId, r.action, r.what, r.detail, ...entries.map((e) => e.join(':')).sort()].join('\n')).digest('hex');
  return `al-${h.slice(0, 32)}`;
}

/** Who is asking about their own log: a person, a WeChat user, or both. */
export interface Subject {
  personId: string | null;
  openid: string | null;
}

function aboutQuery(s: Subject): Record<string, unknown> | null {
  const ors: Record<string, unknown>[] = [];
  if (s.personId) ors.push({ subjectIds: s.personId });
  if (s.openid) ors.push({ subjectOpenids: s.openid });
  if (!ors.length) return null;
  return ors.length === 1 ? ors[0]! : _.or(ors);
}

/** The log about a person (or a WeChat user), newest first: one read. */
export async function accessAbout(s: Subject, opts: { skip?: number; limit: number; kinds?: DataKind[]; what?: string[] }): Promise<AccessLogDoc[]> {
  const about = aboutQuery(s);
  if (!about) return [];
  const filters: Record<string, unknown>[] = [about];
  if (opts.kinds) filters.push({ kinds: _.in(opts.kinds) });
  if (opts.what) filters.push({ what: _.in(opts.what) });
  const where = filters.length === 1 ? filters[0]! : _.and(filters);
  const { data } = await db.collection(ACCESS_LOGS).where(where).orderBy('at', 'desc').skip(opts.skip ?? 0).limit(opts.limit).get<AccessLogDoc>();
  return data;
}

/** The log's own retention: entries older than three years go, in one write. */
export async function purgeAccessLogs(now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - ACCESS_LOG_RETENTION_DAYS * 86_400_000);
  const r = await db.collection(ACCESS_LOGS).where({ at: _.lt(cutoff) }).remove();
  return r.stats.removed ?? 0;
}
