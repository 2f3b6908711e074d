/** Tutoring's timer work: remind the topic's tutors of questions unanswered past their deadline. */
import type { JobDef } from '../../kernel/jobs';
import { remind } from './service';

export const remindJob: JobDef = { name: 'question.remind', everyMinutes: 30, run: ({ now, deadline }) => remind(now, { deadline }) };

export const questionJobs = [remindJob] as const;
