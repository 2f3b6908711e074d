// Field work (resources, training, household visits, stationing), routed by action name.
import { handle } from '../../server/kernel/router';
import { fieldRegistry } from '../../server/features/functions/field';
import { wxContext } from '../../server/platform/cloud';

export const main = (event: unknown) => handle(fieldRegistry, event, wxContext());
