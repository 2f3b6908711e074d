// Every interactive action, routed by name (server/kernel/router.ts).
import { handle } from '../../server/kernel/router';
import { apiRegistry } from '../../server/features';
import { wxContext } from '../../server/platform/cloud';

// wxContext() is read synchronously, before the first await (see server/platform/cloud.ts).
export const main = (event: unknown) => handle(apiRegistry, event, wxContext());
