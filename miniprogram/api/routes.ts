/**
 * Which cloud function serves an action. The interactive actions are split over four functions,
 * by feature (a function's bundle must stay under 300 KB, and the backend is larger than that):
 * an action's name is `<feature>.<verb>`, and its feature names the function. The table is
 * checked against the functions' registries (test/routes.test.ts): every action of a feature is
 * served by the function named here, and every feature is named.
 */
import type { ActionName, CallFunction } from '../../typings/api';

/** The features of the interactive actions (`checkin` of `checkin.submit`). */
export type Feature = ActionName extends infer A ? (A extends `${infer F}.${string}` ? F : never) : never;

export const ROUTES: Readonly<Record<Feature, CallFunction>> = {
  // A cadre's and staff's daily work: who is who, check-in, spot checks, leave, work logs.
  system: 'api',
  org: 'api',
  people: 'api',
  notify: 'api',
  checkin: 'api',
  spotCheck: 'api',
  leave: 'api',
  workLog: 'api',
  // The villagers' side, and what staff answer there.
  village: 'village',
  complaint: 'village',
  publicNotice: 'village',
  workUpdate: 'village',
  question: 'village',
  policy: 'village',
  share: 'village',
  // Scoring, the annual assessment, inspections and work reports.
  scoring: 'assess',
  assessment: 'assess',
  inspection: 'assess',
  workReport: 'assess',
  // Field work: resources, training, household visits, stationing.
  resource: 'field',
  training: 'field',
  visit: 'field',
  stationing: 'field',
};

/** The function that serves `action` (`api` for a name of no known feature: it answers "no such action"). */
export function functionOf(action: string): CallFunction {
  const feature = action.slice(0, action.indexOf('.')) as Feature;
  return Object.prototype.hasOwnProperty.call(ROUTES, feature) ? ROUTES[feature] : 'api';
}
