/**
 * `npm run bench [name…]`: run every `bench/*.bench.ts` (or the named ones) one after the
 * other and write `bench/results/<name>.json`. Exits non-zero when a figure misses its limit.
 */
import { readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { result, type Benchmark, type Figure } from './lib';

const meets = (f: Figure) => f.limit === undefined || (f.better === 'lower' ? f.value <= f.limit : f.value >= f.limit);

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const dir = __dirname;
  const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort();
  mkdirSync(join(dir, 'results'), { recursive: true });
  let missed = 0;
  for (const file of files) {
    const bench = (require(join(dir, file)) as { default: Benchmark }).default;
    if (only.length && !only.includes(bench.name)) continue;
    process.stdout.write(`\n== ${bench.name} (${file})\n`);
    const figures = await bench.run();
    const out = result(bench.name, figures);
    writeFileSync(join(dir, 'results', `${bench.name}.json`), `${JSON.stringify(out, null, 2)}\n`);
    for (const f of figures) {
      const ok = meets(f);
      if (!ok) missed += 1;
      process.stdout.write(`${ok ? '  ' : '!!'} ${f.metric.padEnd(48)} ${String(f.value).padStart(12)}${f.limit !== undefined ? `  (limit ${f.better === 'lower' ? '≤' : '≥'} ${f.limit})` : ''}${f.note ? `  ${f.note}` : ''}\n`);
    }
  }
  if (missed) {
    process.stdout.write(`\n${missed} figure(s) missed their limits\n`);
    process.exit(1);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
