/**
 * The `assess` function's actions: scoring, the annual assessment, inspections and work reports.
 * (miniprogram/api/routes.ts says which function serves which feature.)
 */
import { Registry } from '../../kernel/action';
import '../hooks';
import { systemActions } from '../system/actions';
import { scoringActions } from '../scoring/actions';
import { assessmentActions } from '../assessment/actions';
import { inspectionActions } from '../inspection/actions';
import { workReportActions } from '../workreport/actions';
import { withAccessLog } from '../privacy/points';

export const assessActions = withAccessLog([...systemActions, ...scoringActions, ...assessmentActions, ...inspectionActions, ...workReportActions] as const);
export const assessRegistry = new Registry(assessActions);
