/**
 * `npm run build`: bundle each cloud function with esbuild into a deployable folder
 * (`build/functions/<name>/`: index.js, config.json, package.json). `wx-server-sdk` stays
 * external: CloudBase installs it from the function's package.json.
 */
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILD_DIR, FUNCTIONS_DIR, functionNames } from './functions';

export interface BundleReport {
  name: string;
  bytes: number;
  dir: string;
}

export async function buildFunctions(outDir = BUILD_DIR, opts: { minify?: boolean } = {}): Promise<BundleReport[]> {
  const reports: BundleReport[] = [];
  for (const name of functionNames()) {
    const dir = join(outDir, name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    await build({
      entryPoints: [join(FUNCTIONS_DIR, name, 'index.ts')],
      outfile: join(dir, 'index.js'),
      bundle: true,
      platform: 'node',
      target: 'node16', // CloudBase's Node runtimes go back to 16
      format: 'cjs',
      // Prefer packages' ES module builds, which esbuild can tree-shake (zod's CommonJS build is whole).
      mainFields: ['module', 'main'],
      external: ['wx-server-sdk'],
      minify: opts.minify ?? true,
      sourcemap: false,
      legalComments: 'none',
      logLevel: 'warning',
    });
    copyFileSync(join(FUNCTIONS_DIR, name, 'config.json'), join(dir, 'config.json'));
    const pkg = JSON.parse(readFileSync(join(FUNCTIONS_DIR, name, 'package.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
    reports.push({ name, bytes: statSync(join(dir, 'index.js')).size, dir });
  }
  return reports;
}

if (require.main === module) {
  buildFunctions()
    .then((reports) => {
      for (const r of reports) console.log(`${r.name.padEnd(8)} ${(r.bytes / 1024).toFixed(1).padStart(8)} KB  ${r.dir}/index.js`);
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
