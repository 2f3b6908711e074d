/**
 * zod, speaking Chinese to people: every schema error message is in simplified Chinese.
 *
 * Feature code writes `import * as z from 'zod'` (that form lets esbuild keep only what is
 * used; re-exporting the namespace from here would drag all of zod, every locale included,
 * into each bundle). The router imports this module, so the locale is set in every function.
 */
import * as z from 'zod';
// `zod/locales` resolves to zod's ES module build in a bundle, where esbuild keeps zh-CN alone;
// the `.cjs` file would bring a second copy of zod's core (about 20 KB) into every function.
import { zhCN } from 'zod/locales';

z.config(zhCN());

export function zodIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}
