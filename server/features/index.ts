/**
 * Every action and job of the backend, by cloud function. The api contract of the mini program
 * (`typings/api.ts`) is derived from these lists by type only.
 */
import { Registry } from '../kernel/action';
import { registerCallerResolver } from '../kernel/caller';
import { registerScopeChecker } from '../kernel/router';
import { systemActions } from './system/actions';
import { systemJobs } from './system/jobs';
import { orgActions } from './org/actions';
import { checkScope } from './org/service';
import { peopleActions } from './people/actions';
import { personByOpenid } from './people/service';
import { checkinActions } from './checkin/actions';
import { correctionActions } from './checkin/corrections';
import { checkinJobs } from './checkin/jobs';
import { peopleJobs } from './people/jobs';
import { notifyActions } from './notify/actions';
import { spotCheckActions } from './spotcheck/actions';
import { spotCheckJobs } from './spotcheck/jobs';
import { leaveActions } from './leave/actions';
import { leaveJobs } from './leave/jobs';
import { scoringActions } from './scoring/actions';
import { scoringJobs } from './scoring/jobs';
import { villageActions } from './village/actions';
import { complaintActions } from './complaint/actions';
import { complaintJobs } from './complaint/jobs';
import { publicNoticeActions } from './publicnotice/actions';
import { workUpdateActions } from './workupdate/actions';
import { workUpdateJobs } from './workupdate/jobs';
import { questionActions } from './question/actions';
import { questionJobs } from './question/jobs';
import { policyActions } from './policy/actions';
import { shareActions } from './share/actions';
import { workLogActions } from './worklog/actions';
import { workLogDays } from './worklog/service';
import { registerMetricSource } from './scoring/service';
import { inspectionActions } from './inspection/actions';
import { inspectionsAbsent } from './inspection/service';
import { resourceActions } from './resource/actions';
import { workReportActions } from './workreport/actions';
import { workReportJobs } from './workreport/jobs';
import { stationingActions } from './stationing/actions';
import { assessmentActions } from './assessment/actions';
import { assessmentJobs } from './assessment/jobs';
import { trainingActions } from './training/actions';
import { visitActions } from './visit/actions';
import { freezeFigures as freezeVisitFigures } from './visit/service';
import { registerPublicationFreezer } from './scoring/service';
// @imports-issue11 (each feature adds its imports above this line)

// Who is calling (people) and what they may reach (the org tree), for every router.
registerCallerResolver(personByOpenid);
registerScopeChecker(checkScope);
// Work logs give scoring its log days (the allowance by days with a log).
registerMetricSource(workLogDays);
// Inspections give scoring its absences found (暗访发现不在岗: 一次扣完).
registerMetricSource(inspectionsAbsent);
// The visit figures (走访率, 问题化解率, 请假人次) are frozen with each scoring publication.
registerPublicationFreezer(freezeVisitFigures);
// @registrations-issue11 (metric sources and other hooks above this line)

/** Interactive actions, served by the `api` function. */
export const apiActions = [...systemActions, ...orgActions, ...peopleActions, ...checkinActions, ...correctionActions, ...notifyActions, ...spotCheckActions, ...leaveActions, ...scoringActions, ...villageActions, ...complaintActions, ...publicNoticeActions, ...workLogActions, ...workUpdateActions, ...questionActions, ...policyActions, ...shareActions,
  ...inspectionActions,
  ...resourceActions,
  ...workReportActions,
  ...stationingActions,
  ...assessmentActions,
  ...trainingActions,
  ...visitActions,
  // @actions-issue11 (one line per feature above this line)
] as const;
// The Excel exports' actions are in ledger/registry.ts: exceljs is heavy, and only the `ledger` function bundles it.

/** Timer jobs, run by the `tick` function when due. */
export const jobs = [...systemJobs, ...peopleJobs, ...checkinJobs, ...spotCheckJobs, ...leaveJobs, ...scoringJobs, ...complaintJobs, ...workUpdateJobs, ...questionJobs,
  ...workReportJobs,
  ...assessmentJobs,
  // @jobs-issue11 (one line per feature above this line)
] as const;

export const apiRegistry = new Registry(apiActions);
