/** The system's own timer work. */
import type { JobDef } from '../../kernel/jobs';
import { isoShanghai } from '../../kernel/clock';

/** Proves the timer path end to end and shows, in `jobRuns`, when the timer last came. */
export const heartbeat: JobDef = {
  name: 'system.heartbeat',
  everyMinutes: 1,
  async run({ now, since }) {
    const missedMinutes = since ? Math.max(0, Math.round((now.getTime() - since.getTime()) / 60_000) - 1) : 0;
    return { at: isoShanghai(now), missedMinutes };
  },
};

export const systemJobs = [heartbeat] as const;
