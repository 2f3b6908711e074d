/**
 * The API contract between pages and functions, derived by type only from the action registries
 * (server/features/index.ts): pages name an action and get its input and output types, and no
 * backend code enters the mini program.
 */
import type { ActionMap } from '../server/kernel/action';
import type { apiActions } from '../server/features';
import type { ledgerActions } from '../server/features/ledger/registry';
import type { Answer, ErrorAnswer, OkAnswer } from '../server/kernel/errors';

/** The cloud functions a page may call, and the actions each serves. */
export interface Functions {
  api: ActionMap<typeof apiActions>;
  ledger: ActionMap<typeof ledgerActions>;
}

export type FunctionName = keyof Functions;
export type ApiActions = Functions['api'];
export type ActionName<F extends FunctionName = 'api'> = keyof Functions[F] & string;
export type InputOf<A extends ActionName<F>, F extends FunctionName = 'api'> = Functions[F][A] extends { input: infer I } ? I : never;
export type OutputOf<A extends ActionName<F>, F extends FunctionName = 'api'> = Functions[F][A] extends { output: infer O } ? O : never;

export type { Answer, ErrorAnswer, OkAnswer };
