// The villagers' side (complaints, notices, work updates, questions, policies, shares), routed by action name.
import { handle } from '../../server/kernel/router';
import { villageRegistry } from '../../server/features/functions/village';
import { wxContext } from '../../server/platform/cloud';

export const main = (event: unknown) => handle(villageRegistry, event, wxContext());
