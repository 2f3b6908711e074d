/** Health of the whole path: page → api client → function → router → answer. */
import { action } from '../../kernel/action';
import * as z from 'zod';
import { isoShanghai, dateKey } from '../../kernel/clock';
import { dayKind } from '../../kernel/calendar';

export const ping = action({
  name: 'system.ping',
  roles: 'public',
  input: z.object({ echo: z.string().max(100).optional() }).strict(),
  // No database operation: a ping must cost nothing.
  run(ctx, input) {
    const today = dateKey(ctx.now);
    return {
      pong: true as const,
      echo: input.echo ?? null,
      openid: ctx.caller.openid ?? null,
      source: ctx.caller.source,
      now: isoShanghai(ctx.now),
      timezone: 'Asia/Shanghai' as const,
      today: dayKind(today),
    };
  },
});

export const systemActions = [ping] as const;
