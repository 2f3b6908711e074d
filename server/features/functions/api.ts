/**
 * The `api` function's actions: a cadre's and staff's daily work (who is who, check-in, spot
 * checks, leave, work logs). The interactive actions are split over four functions by feature
 * (each bundle under 300 KB); miniprogram/api/routes.ts says which serves which.
 */
import { Registry } from '../../kernel/action';
import '../hooks';
import { systemActions } from '../system/actions';
import { orgActions } from '../org/actions';
import { peopleActions } from '../people/actions';
import { notifyActions } from '../notify/actions';
import { checkinActions } from '../checkin/actions';
import { correctionActions } from '../checkin/corrections';
import { spotCheckActions } from '../spotcheck/actions';
import { leaveActions } from '../leave/actions';
import { workLogActions } from '../worklog/actions';
import { withAccessLog } from '../privacy/points';

export const apiActions = withAccessLog([...systemActions, ...orgActions, ...peopleActions, ...notifyActions, ...checkinActions, ...correctionActions, ...spotCheckActions, ...leaveActions, ...workLogActions] as const);
export const apiRegistry = new Registry(apiActions);
