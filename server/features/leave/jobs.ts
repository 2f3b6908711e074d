/** Leave's timer work: approved leaves whose report back (销假) is overdue are flagged for the township. */
import type { JobDef } from '../../kernel/jobs';
import { flagOverdue } from './service';

export const overdueJob: JobDef = { name: 'leave.overdue', everyMinutes: 60, run: ({ now }) => flagOverdue(now) };

export const leaveJobs = [overdueJob] as const;
