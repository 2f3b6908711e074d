/** The `tick` function's body: only the platform's timer may run it; it runs the due jobs. */
import type { WxContext } from './caller';
import { AppError, type Answer } from './errors';
import { runDueJobs, type JobDef, type JobOutcome } from './jobs';
import { now } from './clock';
import { log } from './log';

export async function handleTick(jobs: readonly JobDef[], wx: WxContext): Promise<Answer<JobOutcome[]>> {
  if (wx.SOURCE !== 'wx_trigger') return new AppError('forbidden').toAnswer();
  try {
    return { ok: true, data: await runDueJobs(jobs, now()) };
  } catch (err) {
    log.error('tick failed', { error: err instanceof Error ? err.stack ?? err.message : String(err) });
    return { ok: false, code: 'internal', message: '系统繁忙，请稍后再试' };
  }
}
