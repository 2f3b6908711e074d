/**
 * Every interactive action of the backend, in the four functions that serve them
 * (./functions/: `api`, `village`, `assess`, `field`; each bundle stays under 300 KB), and the
 * timer's jobs. The api contract of the mini program (`typings/api.ts`) is derived from these
 * lists by type only; which function serves which feature is miniprogram/api/routes.ts. Each
 * function's entry imports its own list, so that it bundles only its features; this module
 * gathers them for tests. The hooks every function needs are in ./hooks.ts.
 *
 * A new feature adds its actions to the list of one function (./functions/) and its feature
 * to the routes; its timer jobs to ./jobs.ts.
 */
import './hooks';
import { apiRegistry } from './functions/api';
import { villageRegistry } from './functions/village';
import { assessRegistry } from './functions/assess';
import { fieldRegistry } from './functions/field';

export { jobs } from './jobs';
export { apiActions, apiRegistry } from './functions/api';
export { villageActions, villageRegistry } from './functions/village';
export { assessActions, assessRegistry } from './functions/assess';
export { fieldActions, fieldRegistry } from './functions/field';
// The Excel exports' actions are in ledger/registry.ts: exceljs is heavy, and only the `ledger` function bundles it.

/** The interactive functions' registries, by function name. */
export const callRegistries = { api: apiRegistry, village: villageRegistry, assess: assessRegistry, field: fieldRegistry } as const;
