/**
 * The `village` function's actions: the villagers' side (the village, complaints, public
 * notices, work updates, questions, policies, shares) and what staff answer there.
 * (miniprogram/api/routes.ts says which function serves which feature.)
 */
import { Registry } from '../../kernel/action';
import '../hooks';
import { systemActions } from '../system/actions';
import { villageActions as villageFeatureActions } from '../village/actions';
import { complaintActions } from '../complaint/actions';
import { publicNoticeActions } from '../publicnotice/actions';
import { workUpdateActions } from '../workupdate/actions';
import { questionActions } from '../question/actions';
import { policyActions } from '../policy/actions';
import { shareActions } from '../share/actions';
import { withAccessLog } from '../privacy/points';

export const villageActions = withAccessLog([...systemActions, ...villageFeatureActions, ...complaintActions, ...publicNoticeActions, ...workUpdateActions, ...questionActions, ...policyActions, ...shareActions] as const);
export const villageRegistry = new Registry(villageActions);
