/**
 * Semi-annual reports' timer work: in the days before a county's deadline, remind each first
 * secretary who has not submitted, once per person and half-year (see `remindDue`).
 */
import type { JobDef } from '../../kernel/jobs';
import { remindDue } from './service';

export const remindJob: JobDef = { name: 'workReport.remind', everyMinutes: 60, run: ({ now, deadline }) => remindDue(now, { deadline }) };

export const workReportJobs = [remindJob] as const;
