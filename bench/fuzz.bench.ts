/**
 * `fuzz` (issue 12, item 3): at least 1,000 generated malformed inputs for every action of the
 * `api` and `ledger` functions, each through the real function entry as a caller the action
 * allows (test/fuzz.ts says what is generated and what each answer must be). Every failure
 * figure has limit 0. `FUZZ_RUNS` raises the inputs per action (never below 1,000),
 * `FUZZ_SEED` changes the seed, `FUZZ_ONLY=leave.,visit.` limits the actions (then the
 * coverage figures miss their limits, as they should).
 */
import { describeViolation, fuzzAll, fuzzRoutes, startFuzzCloud, type ActionReport } from '../test/fuzz';
import { round, type Benchmark, type Figure } from './lib';

const MIN_RUNS = 1_000;
const DEFAULT_SEED = 20261202;

const fuzz: Benchmark = {
  name: 'fuzz',
  async run(): Promise<Figure[]> {
    const runs = Math.max(MIN_RUNS, Number(process.env.FUZZ_RUNS) || MIN_RUNS);
    const seed = Number(process.env.FUZZ_SEED) || DEFAULT_SEED;
    const only = process.env.FUZZ_ONLY?.split(',').filter(Boolean);
    const routes = fuzzRoutes();
    const t = await startFuzzCloud();
    try {
      let done = 0;
      const report = await fuzzAll(t, {
        seed,
        runs,
        only,
        onAction: (r) => {
          done += 1;
          if (done % 20 === 0) process.stdout.write(`   ${done} actions fuzzed (last: ${r.key}, ${r.seconds} s)\n`);
        },
      });
      for (const v of report.violations.slice(0, 50)) process.stdout.write(`!! ${describeViolation(v, seed)}\n`);
      const sum = (f: (a: ActionReport) => number) => report.actions.reduce((s, a) => s + f(a), 0);
      const total = sum((a) => a.calls);
      const ok = sum((a) => a.ok);
      const invalid = sum((a) => a.codes.invalid_input ?? 0);
      const slowest = [...report.actions].sort((a, b) => b.slowestMs - a.slowestMs)[0];
      const polluted = report.violations.filter((v) => v.kind === 'prototype_polluted').length;
      const note = `seed ${seed}, ${runs} inputs per action, through the api and ledger function entries`;
      return [
        { metric: 'fuzz.actions', value: report.actions.length, limit: routes.length, better: 'higher', note: `actions fuzzed, of the ${routes.length} of apiRegistry and ledgerRegistry (each through the function that serves it)` },
        { metric: 'fuzz.inputs_total', value: total, limit: routes.length * MIN_RUNS, better: 'higher', note },
        { metric: 'fuzz.inputs_per_action_min', value: report.actions.length ? Math.min(...report.actions.map((a) => a.calls)) : 0, limit: MIN_RUNS, better: 'higher' },
        { metric: 'fuzz.crashes', value: sum((a) => a.crashes), limit: 0, better: 'lower', note: 'invocations that threw or timed out instead of answering' },
        { metric: 'fuzz.internal_errors', value: sum((a) => a.internal), limit: 0, better: 'lower', note: "answers with code 'internal' (an unexpected error in a handler)" },
        { metric: 'fuzz.unstructured_answers', value: sum((a) => a.unstructured), limit: 0, better: 'lower', note: 'answers other than { ok: true, data } or { ok: false, code, message (Chinese)[, issues] }' },
        { metric: 'fuzz.refused_writes', value: sum((a) => a.refusedWrites), limit: 0, better: 'lower', note: 'refused calls with billed writes' },
        { metric: 'fuzz.db_changed', value: sum((a) => a.dbChanged), limit: 0, better: 'lower', note: "fingerprint mismatches: a collection's count changed while only refused calls ran, or the database billed writes no call's invocation accounts for" },
        { metric: 'fuzz.prototype_pollutions', value: polluted, limit: 0, better: 'lower', note: 'batches after which Object.prototype or Array.prototype had changed' },
        { metric: 'fuzz.accepted', value: ok, better: 'higher', note: 'inputs valid by chance, answered ok (allowed; counted)' },
        { metric: 'fuzz.past_validation', value: total - sum((a) => a.schemaRefused), better: 'higher', note: `inputs that got past the router's schema check (to the role, scope and handler checks), of ${total}; ${invalid} answered invalid_input in all (schema or handler)` },
        { metric: 'fuzz.slowest_call_ms', value: round(Math.max(0, ...report.actions.map((a) => a.slowestMs)), 1), better: 'lower', note: slowest ? `${slowest.key}: ${slowest.slowestInput}` : '' },
        { metric: 'fuzz.seconds', value: round(report.seconds, 1), better: 'lower', note: `${round((report.seconds * 1000) / Math.max(total, 1), 2)} ms per input, database fingerprints included` },
      ];
    } finally {
      await t.stop();
    }
  },
};

export default fuzz;
