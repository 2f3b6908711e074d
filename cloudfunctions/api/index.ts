// A cadre's and staff's daily work, routed by action name (server/kernel/router.ts); the other
// interactive functions are village, assess and field (miniprogram/api/routes.ts).
import { handle } from '../../server/kernel/router';
import { apiRegistry } from '../../server/features/functions/api';
import { wxContext } from '../../server/platform/cloud';

// wxContext() is read synchronously, before the first await (see server/platform/cloud.ts).
export const main = (event: unknown) => handle(apiRegistry, event, wxContext());
