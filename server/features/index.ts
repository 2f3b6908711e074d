/**
 * Every interactive action of the backend (the `api` function). The api contract of the mini
 * program (`typings/api.ts`) is derived from this list by type only. Timer jobs are listed in
 * ./jobs.ts, the hooks every function needs in ./hooks.ts.
 */
import { Registry } from '../kernel/action';
import { systemActions } from './system/actions';
import { orgActions } from './org/actions';
import { peopleActions } from './people/actions';
import { checkinActions } from './checkin/actions';
import { correctionActions } from './checkin/corrections';
import { notifyActions } from './notify/actions';
import { spotCheckActions } from './spotcheck/actions';
import { leaveActions } from './leave/actions';
import { scoringActions } from './scoring/actions';
import { villageActions } from './village/actions';
import { complaintActions } from './complaint/actions';
import { publicNoticeActions } from './publicnotice/actions';
import { workUpdateActions } from './workupdate/actions';
import { questionActions } from './question/actions';
import { policyActions } from './policy/actions';
import { shareActions } from './share/actions';
import { workLogActions } from './worklog/actions';
import { inspectionActions } from './inspection/actions';
import { resourceActions } from './resource/actions';
import { workReportActions } from './workreport/actions';
import { stationingActions } from './stationing/actions';
import { assessmentActions } from './assessment/actions';
import { trainingActions } from './training/actions';
import { visitActions } from './visit/actions';
import { withAccessLog } from './privacy/points';
// @imports-issue11 (each feature adds its imports above this line)

// Who is calling and what they may reach, metric sources and other hooks: ./hooks.ts
// (@registrations-issue11 is there). Timer jobs: ./jobs.ts (@jobs-issue11 is there), which the
// `tick` function imports alone, so that it bundles no action; re-exported here for tests.
import './hooks';
export { jobs } from './jobs';

/**
 * Interactive actions, served by the `api` function. The reads of other people's personal data
 * among them log who read whose (privacy/points.ts).
 */
export const apiActions = withAccessLog([...systemActions, ...orgActions, ...peopleActions, ...checkinActions, ...correctionActions, ...notifyActions, ...spotCheckActions, ...leaveActions, ...scoringActions, ...villageActions, ...complaintActions, ...publicNoticeActions, ...workLogActions, ...workUpdateActions, ...questionActions, ...policyActions, ...shareActions,
  ...inspectionActions,
  ...resourceActions,
  ...workReportActions,
  ...stationingActions,
  ...assessmentActions,
  ...trainingActions,
  ...visitActions,
  // @actions-issue11 (one line per feature above this line)
] as const);
// The Excel exports' actions are in ledger/registry.ts: exceljs is heavy, and only the `ledger` function bundles it.

export const apiRegistry = new Registry(apiActions);
