/**
 * Work updates' timer work: on the week's last working day (Chinese calendar, 调休 included),
 * from 15:00 Beijing time until the week ends, remind the staff of every district short of its
 * weekly quota, once per district and week (see `remindDue`).
 */
import type { JobDef } from '../../kernel/jobs';
import { remindDue } from './service';

export const remindJob: JobDef = { name: 'workUpdate.remind', everyMinutes: 30, run: ({ now, since, deadline }) => remindDue(now, { since, deadline }) };

export const workUpdateJobs = [remindJob] as const;
