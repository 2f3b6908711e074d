/** The check-in work of the `tick` timer (see sweeps.ts). */
import type { JobDef } from '../../kernel/jobs';
import { closeWindows, purgeRawFixes, sendReminders } from './sweeps';

export const remindJob: JobDef = { name: 'checkin.remind', everyMinutes: 1, run: ({ since, now, checkpoint, deadline }) => sendReminders(since, now, { checkpoint, deadline }) };
export const closeJob: JobDef = { name: 'checkin.close', everyMinutes: 1, run: ({ since, now, checkpoint, deadline }) => closeWindows(since, now, { checkpoint, deadline }) };
export const purgeJob: JobDef = { name: 'checkin.purge', everyMinutes: 24 * 60, run: ({ now }) => purgeRawFixes(now) };

export const checkinJobs = [remindJob, closeJob, purgeJob] as const;
