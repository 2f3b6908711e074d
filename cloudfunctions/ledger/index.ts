// Excel ledgers (台账): exceljs is heavy, so exports live in their own function.
import { handle } from '../../server/kernel/router';
import { ledgerRegistry } from '../../server/features/ledger/registry';
import { wxContext } from '../../server/platform/cloud';

export const main = (event: unknown) => handle(ledgerRegistry, event, wxContext());
