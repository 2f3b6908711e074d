/**
 * The `field` function's actions: field work (resources, training, household visits, stationing).
 * (miniprogram/api/routes.ts says which function serves which feature.)
 */
import { Registry } from '../../kernel/action';
import '../hooks';
import { systemActions } from '../system/actions';
import { resourceActions } from '../resource/actions';
import { trainingActions } from '../training/actions';
import { visitActions } from '../visit/actions';
import { stationingActions } from '../stationing/actions';
import { withAccessLog } from '../privacy/points';

export const fieldActions = withAccessLog([...systemActions, ...resourceActions, ...trainingActions, ...visitActions, ...stationingActions] as const);
export const fieldRegistry = new Registry(fieldActions);
