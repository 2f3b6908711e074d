/**
 * A fault for tests, off unless a test asks for it: an invocation killed after its k-th billed
 * database write, as CloudBase kills a function instance mid-run (out of memory, past its
 * timeout, the instance recycled). `FunctionHost.invoke(fn, event, caller, { crashAfterWrites: k })`.
 *
 * - The first k writes (`add`, `update`/`set`, `remove`: the operations protocol.ts bills as
 *   writes) are served and stay, as they would on CloudBase: nothing rolls a function's
 *   separate writes back.
 * - From write k + 1 on, nothing the dead invocation sends reaches the cloud: that write and
 *   every later request (reads, transaction commits, storage, messages) is answered with
 *   `LOCAL_FUNCTION_CRASHED`, and the invocation rejects with `FunctionCrashError` whatever its
 *   code answers: the caller never sees a result, as a client whose call died sees none.
 * - A transaction the dead invocation left open never commits. CloudBase aborts it when its
 *   timeout passes (30 s); the host aborts it when the invocation ends, so that a retry does not
 *   wait out the timeout on its locks.
 *
 * The local cloud cannot tell whose call an admin request is (the SDK reads the caller's
 * variables at request time, and concurrent invocations share one process): an invocation
 * armed to crash must run alone, and the host refuses to start it, or any other, otherwise.
 * Nothing on the wire changes.
 */
import type { AdminAnswer, AdminRequest } from '../service';
import { errorAnswer } from '../service';
import type { Invocation } from './host';

/** The requests protocol.ts bills as writes. */
const WRITES = new Set(['database.insertDocument', 'database.modifyDocument', 'database.removeDocument']);

export class FunctionCrashError extends Error {
  readonly code = 'FUNCTION_CRASHED';
  /** The dead invocation's record (its billed operations are complete once `invoke` has rejected). */
  invocation?: Invocation;
  constructor(
    name: string,
    readonly writes: number,
  ) {
    super(`function ${name} was killed after ${writes} billed write(s) (a fault asked by the test)`);
  }
}

export class CrashPoint {
  /** Writes served so far. */
  writes = 0;
  /** The invocation is dead: it reached write `afterWrites + 1`. */
  tripped = false;
  /** Transactions the invocation started and has not ended. */
  readonly transactions = new Set<string>();

  constructor(readonly afterWrites: number) {
    if (!Number.isInteger(afterWrites) || afterWrites < 0) throw new Error(`crashAfterWrites must be a whole number ≥ 0, got ${afterWrites}`);
  }

  /** Serve one admin request of the invocation, unless it is dead by now. */
  async serve(req: AdminRequest, next: () => Promise<AdminAnswer>): Promise<AdminAnswer> {
    if (!this.tripped && WRITES.has(req.action)) {
      if (this.writes >= this.afterWrites) this.tripped = true;
      else this.writes += 1;
    }
    if (this.tripped) return errorAnswer('LOCAL_FUNCTION_CRASHED', `[local fault] the invocation was killed after ${this.writes} write(s); ${req.action} never left it`);
    const answer = await next();
    const body = answer.body as { transactionId?: unknown; code?: unknown } | null;
    if (req.action === 'database.startTransaction' && typeof body?.transactionId === 'string') this.transactions.add(body.transactionId);
    if ((req.action === 'database.commitTransaction' || req.action === 'database.abortTransaction') && typeof req.params.transactionId === 'string') {
      this.transactions.delete(req.params.transactionId);
    }
    return answer;
  }
}
