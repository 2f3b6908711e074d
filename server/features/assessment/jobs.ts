/**
 * The assessment's timer work: surveys past their closing day are closed, and their salt goes
 * (after which nobody can tell whose response is whose). One multi-document write; running twice
 * or late closes nothing twice.
 */
import type { JobDef } from '../../kernel/jobs';
import { closeDue } from './service';

export const closeSurveysJob: JobDef = { name: 'assessment.closeSurveys', everyMinutes: 60, run: ({ now }) => closeDue(now) };

export const assessmentJobs = [closeSurveysJob] as const;
