/** The privacy feature's timer work: the daily purge of personal data past retention (retention.ts). */
import type { JobDef } from '../../kernel/jobs';
import { purgePersonalData } from './retention';

export const purgeJob: JobDef = { name: 'privacy.purge', everyMinutes: 24 * 60, run: ({ now, deadline }) => purgePersonalData(now, { deadline }) };

export const privacyJobs = [purgeJob] as const;
