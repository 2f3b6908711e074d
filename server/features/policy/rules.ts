/** Who a policy applies to, and how a search's keyword is matched (pure rules). */
import type { Grant } from '../../kernel/caller';

/** Roles that read the library. */
export const READER_ROLES = ['cadre', 'staff'] as const;

/**
 * The units whose documents apply to someone: every unit on the path of their cadre or staff
 * grants (a cadre of 十八洞村 reads the city's, 花垣县's, 双龙镇's and the village's own).
 */
export function unitsApplying(grants: readonly Grant[]): string[] {
  return [...new Set(grants.filter((g) => (READER_ROLES as readonly string[]).includes(g.role)).flatMap((g) => g.path))];
}

/** The reader grant through which a document of `unitId` applies to someone, if any. */
export function grantApplying(grants: readonly Grant[], unitId: string): Grant | undefined {
  return grants.find((g) => (READER_ROLES as readonly string[]).includes(g.role) && g.path.includes(unitId));
}

/** Does a staff grant cover the unit at `unitPath` (they manage its documents)? */
export function manages(grants: readonly Grant[], unitPath: readonly string[]): boolean {
  return grants.some((g) => g.role === 'staff' && unitPath.includes(g.orgUnitId));
}

/**
 * The user's text as a literal inside a regular expression. A NUL is written as the escape
 * `\x00`: a BSON regex pattern may not hold the byte itself (the database refuses the query).
 */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\u0000/g, '\\x00');
}
