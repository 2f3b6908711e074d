/** Who reaches a post (pure rules). */
import type { Grant } from '../../kernel/caller';
import type { ShareDoc } from './schema';

/** The caller's cadre grant, if they hold one. */
export const cadreGrant = (grants: readonly Grant[]) => grants.find((g) => g.role === 'cadre');

/** A cadre's county: cadres read and react to the posts of their county. */
export function countyOf(grant: Grant): string | undefined {
  return grant.path[1];
}

/** The cadre grant through which a post reaches the caller (the post is of their county). */
export function cadreReaching(grants: readonly Grant[], post: Pick<ShareDoc, 'unitPath'>): Grant | undefined {
  return grants.find((g) => g.role === 'cadre' && !!countyOf(g) && post.unitPath.includes(countyOf(g)!));
}

/** Does a staff grant cover the post (its author's village is in their scope)? */
export function staffCovering(grants: readonly Grant[], post: Pick<ShareDoc, 'unitPath'>): boolean {
  return grants.some((g) => g.role === 'staff' && post.unitPath.includes(g.orgUnitId));
}
