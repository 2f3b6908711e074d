/**
 * The actions of the `ledger` function (Excel exports): kept out of features/index.ts so that
 * exceljs, which is heavy, is bundled into this function only.
 */
import { Registry } from '../../kernel/action';
import '../hooks'; // who is calling, and their scopes, resolved as for every router
import { systemActions } from '../system/actions';
import { ledgerExportActions } from './actions';
// 我的个人信息 reads every feature's records about the caller: served here, where size is no concern (the api bundle is at its ceiling).
import { privacyActions } from '../privacy/actions';

export const ledgerActions = [...systemActions, ...ledgerExportActions, ...privacyActions] as const;
export const ledgerRegistry = new Registry(ledgerActions);
