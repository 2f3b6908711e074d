/**
 * The API contract between pages and functions, derived by type only from the action registries
 * (server/features/functions/, server/features/ledger/registry.ts): pages name an action and get
 * its input and output types, and no backend code enters the mini program.
 */
import type { ActionMap } from '../server/kernel/action';
import type { apiActions } from '../server/features/functions/api';
import type { villageActions } from '../server/features/functions/village';
import type { assessActions } from '../server/features/functions/assess';
import type { fieldActions } from '../server/features/functions/field';
import type { ledgerActions } from '../server/features/ledger/registry';
import type { Answer, ErrorAnswer, OkAnswer } from '../server/kernel/errors';

/** The cloud functions a page may call, and the actions each serves. */
export interface Functions {
  api: ActionMap<typeof apiActions>;
  village: ActionMap<typeof villageActions>;
  assess: ActionMap<typeof assessActions>;
  field: ActionMap<typeof fieldActions>;
  ledger: ActionMap<typeof ledgerActions>;
}

export type FunctionName = keyof Functions;
/** The functions `call()` reaches: every interactive action is served by one of them (miniprogram/api/routes.ts). */
export type CallFunction = 'api' | 'village' | 'assess' | 'field';
/** Every interactive action, whichever function serves it (`call()`'s actions). */
export type ApiActions = Functions['api'] & Functions['village'] & Functions['assess'] & Functions['field'];

type Maps = Functions & { calls: ApiActions };
/** An action of `F`, or (by default) any interactive action. */
export type ActionName<F extends keyof Maps = 'calls'> = keyof Maps[F] & string;
export type InputOf<A extends ActionName<F>, F extends keyof Maps = 'calls'> = Maps[F][A] extends { input: infer I } ? I : never;
export type OutputOf<A extends ActionName<F>, F extends keyof Maps = 'calls'> = Maps[F][A] extends { output: infer O } ? O : never;

export type { Answer, ErrorAnswer, OkAnswer };
