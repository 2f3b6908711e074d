// Scoring, the annual assessment, inspections and work reports, routed by action name.
import { handle } from '../../server/kernel/router';
import { assessRegistry } from '../../server/features/functions/assess';
import { wxContext } from '../../server/platform/cloud';

export const main = (event: unknown) => handle(assessRegistry, event, wxContext());
