/**
 * `sizes` (issue 12): what is uploaded. The mini program's main package and each subpackage as
 * DevTools packs them (scripts/sizes.ts: packOptions.ignore applied, so tests and test helpers
 * are out), against our 400 KB budget for the main package and WeChat's 2 MB a package and
 * 20 MB in all (30 MB for most apps since 2024; 20 MB still binds apps built by a service
 * provider). And each cloud function bundle as `npm run build` makes it (minified, into a
 * temporary folder), against 300 KB for every function but `ledger` (exceljs; reported only).
 * Each bundle's note names its largest packages, from esbuild's metafile.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Metafile } from 'esbuild';
import { buildFunctions } from '../scripts/build';
import { miniprogramPackages } from '../scripts/sizes';
import { round, type Benchmark, type Figure } from './lib';

const KB = 1024;
const MAIN_LIMIT_KB = 400;
const PACKAGE_LIMIT_KB = 2 * 1024;
const TOTAL_LIMIT_KB = 20 * 1024;
const FUNCTION_LIMIT_KB = 300;
/** Functions the 300 KB limit does not bind (reported all the same). */
const UNBOUND = new Set(['ledger']);

/** The biggest contributors to a bundle: each npm package, and our own code by top folder. */
function largest(metafile: Metafile, n = 4): string {
  const by = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const inModules = path.split('node_modules/').pop()!;
      const key = path.includes('node_modules/') ? inModules.split('/').slice(0, inModules.startsWith('@') ? 2 : 1).join('/') : path.split('/').slice(0, 2).join('/');
      by.set(key, (by.get(key) ?? 0) + bytesInOutput);
    }
  }
  return [...by.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${k} ${round(v / KB, 1)}`)
    .join(', ');
}

const sizes: Benchmark = {
  name: 'sizes',
  async run(): Promise<Figure[]> {
    const figures: Figure[] = [];
    const packages = miniprogramPackages();
    for (const p of packages) {
      const main = p.name === 'main';
      figures.push({
        metric: `miniprogram.${p.name}.kb`,
        value: round(p.bytes / KB, 1),
        limit: main ? MAIN_LIMIT_KB : PACKAGE_LIMIT_KB,
        better: 'lower',
        note: main ? `${p.files} files outside the subpackages, as written (TypeScript before DevTools compiles it, nothing minified)` : `${p.files} files under ${p.root}/`,
      });
    }
    figures.push({
      metric: 'miniprogram.total.kb',
      value: round(packages.reduce((s, p) => s + p.bytes, 0) / KB, 1),
      limit: TOTAL_LIMIT_KB,
      better: 'lower',
      note: `main package and ${packages.length - 1} subpackages`,
    });

    const dir = mkdtempSync(join(tmpdir(), 'onpost-sizes-'));
    try {
      const t0 = performance.now();
      const bundles = await buildFunctions(dir, { minify: true, metafile: true });
      const buildMs = performance.now() - t0;
      for (const b of bundles) {
        figures.push({
          metric: `function.${b.name}.kb`,
          value: round(b.bytes / KB, 1),
          ...(UNBOUND.has(b.name) ? {} : { limit: FUNCTION_LIMIT_KB }),
          better: 'lower',
          note: `minified index.js; largest (KB): ${largest(b.metafile!)}`,
        });
      }
      figures.push({ metric: 'function.build_ms', value: Math.round(buildMs), better: 'lower', note: `${bundles.length} bundles, minified, with metafiles` });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return figures;
  },
};

export default sizes;
