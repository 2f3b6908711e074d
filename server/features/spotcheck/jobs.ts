/** The spot-check work of the `tick` timer: close expired requests, then climb the ladder. */
import type { JobDef } from '../../kernel/jobs';
import { climbLadder, closeExpired } from './service';

export const closeJob: JobDef = { name: 'spotCheck.close', everyMinutes: 1, run: ({ now, deadline }) => closeExpired(now, { deadline }) };
export const ladderJob: JobDef = { name: 'spotCheck.ladder', everyMinutes: 1, run: ({ since, now, deadline }) => climbLadder(since, now, { deadline }) };

export const spotCheckJobs = [closeJob, ladderJob] as const;
