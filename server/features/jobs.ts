/**
 * Every timer job, run by the `tick` function when due (server/kernel/tick.ts). Kept apart from
 * the actions (features/index.ts) so that the tick bundle carries only what its jobs use.
 */
import './hooks';
import { systemJobs } from './system/jobs';
import { checkinJobs } from './checkin/jobs';
import { peopleJobs } from './people/jobs';
import { spotCheckJobs } from './spotcheck/jobs';
import { leaveJobs } from './leave/jobs';
import { scoringJobs } from './scoring/jobs';
import { complaintJobs } from './complaint/jobs';
import { workUpdateJobs } from './workupdate/jobs';
import { questionJobs } from './question/jobs';
import { workReportJobs } from './workreport/jobs';
import { assessmentJobs } from './assessment/jobs';
import { privacyJobs } from './privacy/jobs';

// Pure, so that a bundle that reaches this list without using it (api, through the re-export in
// features/index.ts) drops it: esbuild keeps an array built with spreads unless told so.
export const jobs = /* @__PURE__ */ (() => [...systemJobs, ...peopleJobs, ...checkinJobs, ...spotCheckJobs, ...leaveJobs, ...scoringJobs, ...complaintJobs, ...workUpdateJobs, ...questionJobs,
  ...workReportJobs,
  ...assessmentJobs,
  ...privacyJobs,
  // @jobs-issue11 (one line per feature above this line)
] as const)();
