/** Scoring's timer work: after each month ends, score it (and the quarter it closes), grade, count allowances. */
import type { JobDef } from '../../kernel/jobs';
import { scoreMonthJob } from './service';

export const scoreMonth: JobDef = { name: 'scoring.month', everyMinutes: 60, run: ({ now, since, checkpoint, deadline }) => scoreMonthJob(now, { since, checkpoint, deadline }) };

export const scoringJobs = [scoreMonth] as const;
