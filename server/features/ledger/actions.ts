/**
 * Excel ledgers (台账): staff export a unit's figures, served by the `ledger` function; staff
 * and discipline staff (as for `complaint.figures`) export a unit's month of complaints.
 */
import * as z from 'zod';
import { action, type ActionContext } from '../../kernel/action';
import { AppError } from '../../kernel/errors';
import { getUnit } from '../org/service';
import { UnitId, type OrgUnit } from '../org/schema';
import { Day, Month } from '../checkin/schema';
import { Period } from '../scoring/schema';
import { figuresAction as complaintFiguresAction } from '../complaint/actions';
import { exportComplaints, exportLedger, LEDGERS } from './service';
import { resourceLedgerActions } from '../resource/ledger';
import { exportInspectionsAction } from '../inspection/ledger';
import { visitLedgerActions } from '../visit/ledger';

async function unitTarget(ctx: ActionContext, id: string) {
  const unit = await getUnit(id);
  if (!unit) return null;
  ctx.memo.set(`unit:${id}`, unit);
  return { path: unit.path };
}
function memoUnit(ctx: ActionContext, id: string): OrgUnit {
  const unit = ctx.memo.get(`unit:${id}`) as OrgUnit | undefined;
  if (!unit) throw new AppError('not_found', '单位不存在');
  return unit;
}

/** Which period each ledger is of: a month, a day (the location ledger), or a scoring period. */
const NEEDS: Record<(typeof LEDGERS)[number], 'month' | 'date' | 'period'> = {
  attendance: 'month',
  spotChecks: 'month',
  leave: 'month',
  allowance: 'month',
  location: 'date',
  ranking: 'period',
};
const NEED_MESSAGES = { month: '请选择月份', date: '请选择日期', period: '请选择考核期（月或季度）' } as const;

export const ExportInput = z
  .object({
    ledger: z.enum(LEDGERS),
    unitId: UnitId,
    month: Month.optional(),
    date: Day.optional(),
    period: Period.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    const need = NEEDS[v.ledger];
    if (v[need] === undefined) ctx.addIssue({ code: 'custom', path: [need], message: NEED_MESSAGES[need] });
  });

export const exportAction = action({
  name: 'ledger.export',
  roles: ['staff'],
  input: ExportInput,
  scope: (ctx, input) => unitTarget(ctx, input.unitId),
  run: (ctx, input) => exportLedger(ctx.caller, ctx.now, input, memoUnit(ctx, input.unitId)),
});

/**
 * The complaints of a unit's month, with their figures by category and village. Its callers are
 * `complaint.figures`'s (staff, discipline), within their scope; a confidential report is in the
 * file only for discipline staff over the unit (complaint's `monthPage` and `figures` decide).
 */
export const exportComplaintsAction = action({
  name: 'ledger.exportComplaints',
  roles: complaintFiguresAction.roles,
  input: z.object({ unitId: UnitId, month: Month }).strict(),
  scope: (ctx, input) => unitTarget(ctx, input.unitId),
  run: (ctx, input) => exportComplaints(ctx.caller, ctx.now, memoUnit(ctx, input.unitId), input.month),
});

export const ledgerExportActions = [
  exportAction,
  exportComplaintsAction,
  exportInspectionsAction,
  ...resourceLedgerActions,
  ...visitLedgerActions,
  // @ledger-actions-issue11 (each feature's ledger actions above this line)
] as const;
