// The one timer: every minute it decides which jobs are due and runs them (server/kernel/jobs.ts).
import { handleTick } from '../../server/kernel/tick';
import { jobs } from '../../server/features/jobs';
import { wxContext } from '../../server/platform/cloud';

export const main = () => handleTick(jobs, wxContext());
