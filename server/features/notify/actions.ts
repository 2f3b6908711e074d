/** Subscription grants: which templates a page may ask for, and banking the taps a person accepted. */
import * as z from 'zod';
import { action } from '../../kernel/action';
import { AppError } from '../../kernel/errors';
import { recordGrants } from './service';
import { getUnitCached } from '../org/service';
import { TEMPLATE_KEYS, templateList } from './templates';

export const templates = action({
  name: 'notify.templates',
  roles: 'bound',
  input: z.object({}).strict(),
  run: (ctx) => templateList((ctx.caller.person?.grants ?? []).map((g) => g.role)),
});

export const grants = action({
  name: 'notify.recordGrants',
  roles: 'bound',
  input: z.object({ accepted: z.array(z.enum(TEMPLATE_KEYS)).min(1).max(5) }).strict(),
  async run(ctx, input) {
    if (!ctx.caller.openid) throw new AppError('not_bound');
    const person = ctx.caller.person!;
    const villageId = person.grants.find((g) => g.role === 'cadre')?.orgUnitId;
    const village = villageId ? await getUnitCached(villageId) : null;
    return recordGrants(person._id, ctx.caller.openid, village ? { id: village._id, name: village.name, path: village.path } : null, input.accepted, ctx.now);
  },
});

export const notifyActions = [templates, grants] as const;
