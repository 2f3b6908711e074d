/**
 * Every action and job of the backend, by cloud function. The api contract of the mini program
 * (`typings/api.ts`) is derived from these lists by type only.
 */
import { Registry } from '../kernel/action';
import { systemActions } from './system/actions';

/** Interactive actions, served by the `api` function. */
export const apiActions = [...systemActions] as const;
/** Excel exports, served by the `ledger` function (exceljs is heavy, so it is kept apart). */
export const ledgerActions = [...systemActions] as const;

export const apiRegistry = new Registry(apiActions);
export const ledgerRegistry = new Registry(ledgerActions);

import { systemJobs } from './system/jobs';
/** Timer jobs, run by the `tick` function when due. */
export const jobs = [...systemJobs] as const;
