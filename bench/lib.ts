/**
 * Benchmark plumbing: every `bench/*.bench.ts` default-exports a Benchmark; `npm run bench`
 * runs them and writes `bench/results/<name>.json` in the shape of ARCHITECTURE.md.
 */
import { cpus } from 'node:os';
import { isoShanghai } from '../server/kernel/clock';

export interface Figure {
  metric: string;
  value: number;
  /** The target the issue names, if any. */
  limit?: number;
  better: 'lower' | 'higher';
  note?: string;
}

export interface Benchmark {
  name: string;
  run(): Promise<Figure[]>;
}

export interface BenchResult {
  name: string;
  at: string;
  machine: string;
  figures: Figure[];
}

export function machine(): string {
  return `${cpus().length} cores, Node ${process.versions.node.split('.')[0]}`;
}

export function result(name: string, figures: Figure[]): BenchResult {
  return { name, at: isoShanghai(new Date()), machine: machine(), figures };
}

/** Median of several timed runs (after a warm-up run), in milliseconds. */
export async function medianMs(runs: number, fn: () => Promise<void>, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

export const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** A small deterministic PRNG (mulberry32) in [0, 1), so every run builds the same data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Run `fn` under the V8 CPU profiler when `BENCH_PROFILE` names a file (for finding where a job's time goes). */
export async function profiled<T>(fn: () => Promise<T>): Promise<T> {
  const file = process.env.BENCH_PROFILE;
  if (!file) return fn();
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  }
}
