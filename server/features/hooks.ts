/**
 * What every function needs registered before it serves a call or runs a job: who is calling
 * (people) and what they may reach (the org tree), and the hooks between features. Imported
 * for its effects by features/index.ts (api), features/jobs.ts (tick) and ledger/registry.ts.
 */
import { registerCallerResolver } from '../kernel/caller';
import { registerScopeChecker } from '../kernel/router';
import { checkScope } from './org/service';
import { personByOpenid } from './people/service';
import { workLogDays } from './worklog/service';
import { registerMetricSource, registerPublicationFreezer } from './scoring/service';
import { inspectionsAbsent } from './inspection/service';
import { freezeFigures as freezeVisitFigures } from './visit/service';

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
