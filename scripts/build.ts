/**
 * `npm run build`: bundle each cloud function with esbuild into a deployable folder
 * (`build/functions/<name>/`: index.js, config.json, package.json). `wx-server-sdk` stays
 * external: CloudBase installs it from the function's package.json.
 */
import { build, type Metafile } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILD_DIR, FUNCTIONS_DIR, ROOT, functionNames } from './functions';

export interface BundleReport {
  name: string;
  bytes: number;
  dir: string;
  /** esbuild's record of what went into the bundle, when asked for (`metafile: true`). */
  metafile?: Metafile;
}

export async function buildFunctions(outDir = BUILD_DIR, opts: { minify?: boolean; metafile?: boolean } = {}): Promise<BundleReport[]> {
  const reports: BundleReport[] = [];
  for (const name of functionNames()) {
    const dir = join(outDir, name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const result = await build({
      entryPoints: [join(FUNCTIONS_DIR, name, 'index.ts')],
      outfile: join(dir, 'index.js'),
      bundle: true,
      // Metafile paths relative to the repository, wherever the build runs from.
      absWorkingDir: ROOT,
      platform: 'node',
      // CloudBase's Node runtimes go back to 16, whose oldest there is Nodejs16.13 (deploy uses 18.15);
      // below 16.1 esbuild rewrites every `a?.b` (a V8 bug), which costs ~9 KB in `api`.
      target: 'node16.13',
      format: 'cjs',
      // Prefer packages' ES module builds, which esbuild can tree-shake (zod's CommonJS build is whole).
      mainFields: ['module', 'main'],
      external: ['wx-server-sdk'],
      minify: opts.minify ?? true,
      sourcemap: false,
      legalComments: 'none',
      // Chinese text as UTF-8 (3 bytes a character) rather than \uXXXX escapes (6): Node reads
      // sources as UTF-8, and the messages people read are a good part of every bundle.
      charset: 'utf8',
      metafile: opts.metafile ?? false,
      logLevel: 'warning',
    });
    copyFileSync(join(FUNCTIONS_DIR, name, 'config.json'), join(dir, 'config.json'));
    const pkg = JSON.parse(readFileSync(join(FUNCTIONS_DIR, name, 'package.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
    reports.push({ name, bytes: statSync(join(dir, 'index.js')).size, dir, ...(result.metafile ? { metafile: result.metafile } : {}) });
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
