/**
 * The audit log: every administrative change — who, when, what before, what after — written in
 * the same transaction as the change itself, so that neither exists without the other.
 */
import { db, _ } from '../../platform/cloud';
import type { TransactionRef } from '../../platform/db-types';
import type { Caller } from '../../kernel/caller';

export const AUDIT = 'audit';

export interface AuditEntry {
  _id: string;
  at: Date;
  actorId: string | null;
  actorName: string | null;
  action: string;
  target: { collection: string; id: string };
  /** Path of the org unit the change belongs to: who may read the entry. */
  unitPath: string[];
  before: unknown;
  after: unknown;
  reason?: string;
}

export type AuditInput = Omit<AuditEntry, '_id' | 'at' | 'actorId' | 'actorName'>;

/**
 * Record a change inside the transaction that makes it. `id` fixes the entry's `_id`, for a
 * change made by several writes that a retry may have to finish (see `audited`).
 */
export async function audit(tx: TransactionRef, caller: Caller, at: Date, entry: AuditInput, id?: string): Promise<void> {
  const data = {
    at,
    actorId: caller.person?._id ?? null,
    actorName: caller.person?.name ?? null,
    ...entry,
    before: entry.before ?? null,
    after: entry.after ?? null,
  };
  await tx.collection(AUDIT).add({ data: stripUndefined(id ? { _id: id, ...data } : data) });
}

/** Is the entry with this fixed id recorded (one read)? */
export async function audited(id: string): Promise<boolean> {
  return !!(await db.collection(AUDIT).doc(id).get<AuditEntry>()).data;
}

/** The newest entries about units under `unitId`, optionally about one target. */
export async function listAudit(unitId: string, opts: { targetId?: string; limit: number; before?: Date }): Promise<AuditEntry[]> {
  const q: Record<string, unknown> = { unitPath: unitId };
  if (opts.targetId) q['target.id'] = opts.targetId;
  if (opts.before) q.at = _.lt(opts.before);
  const { data } = await db.collection(AUDIT).where(q).orderBy('at', 'desc').limit(opts.limit).get<AuditEntry>();
  return data;
}

/** The database refuses `undefined`; JSON drops it. */
export function stripUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(stripUndefined) as T;
  if (value && typeof value === 'object' && !(value instanceof Date) && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, stripUndefined(v)])) as T;
  }
  return value;
}
