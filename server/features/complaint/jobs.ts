/** Complaints' timer work (限时办结, 跟踪督办): warnings, overdue escalation, unrated answers closed. */
import type { JobDef } from '../../kernel/jobs';
import { sweep } from './service';

export const sweepJob: JobDef = { name: 'complaint.sweep', everyMinutes: 15, run: ({ now, deadline }) => sweep(now, { deadline }) };

export const complaintJobs = [sweepJob] as const;
