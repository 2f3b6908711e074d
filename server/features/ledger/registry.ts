/**
 * The actions of the `ledger` function (Excel exports): kept out of features/index.ts so that
 * exceljs, which is heavy, is bundled into this function only.
 */
import { Registry } from '../../kernel/action';
import '../index'; // who is calling, and their scopes, resolved as for every router
import { systemActions } from '../system/actions';
import { ledgerExportActions } from './actions';

export const ledgerActions = [...systemActions, ...ledgerExportActions] as const;
export const ledgerRegistry = new Registry(ledgerActions);
