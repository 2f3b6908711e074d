/**
 * The rules of spot checks, as pure functions: the auditable draw, working hours, deadlines,
 * and the escalation ladder. Time is always passed in.
 */
import { createHash } from 'node:crypto';
import { isWorkday } from '../../kernel/calendar';
import { dateKey, shanghai } from '../../kernel/clock';
import { log } from '../../kernel/log';
import { DEFAULT_SPOTCHECK_SETTINGS, SpotCheckSettings, type EscalationKind } from './schema';

/**
 * The draw: every eligible id gets the rank SHA-256(`<seed>:<id>`) (hex, compared as text), and
 * the `size` lowest ranks are drawn, in rank order. It needs nothing but the seed, the list and a
 * SHA-256 to recompute, every eligible cadre has the same chance, and the order of the list does
 * not matter.
 */
export const DRAW_METHOD = 'sha256-rank-v1';

export function rankOf(seed: string, id: string): string {
  return createHash('sha256').update(`${seed}:${id}`).digest('hex');
}

export function draw(seed: string, eligible: readonly string[], size: number): string[] {
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`bad draw size ${size}`);
  const unique = [...new Set(eligible)];
  return unique
    .map((id) => ({ id, rank: rankOf(seed, id) }))
    .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0))
    .slice(0, size)
    .map((x) => x.id);
}

/** How many a draw takes: a count (at most everyone), or a percentage rounded, at least one of a non-empty list. */
export function drawSize(eligible: number, ask: { count?: number; percent?: number }): number {
  if (eligible <= 0) return 0;
  if (ask.count !== undefined) return Math.min(eligible, ask.count);
  return Math.min(eligible, Math.max(1, Math.round((eligible * (ask.percent ?? 0)) / 100)));
}

/** SHA-256 of the eligible ids (sorted, joined by newlines): what the draw record pins. */
export function eligibleHash(sortedIds: readonly string[]): string {
  return createHash('sha256').update(sortedIds.join('\n')).digest('hex');
}

/** A county's settings under `spotCheck`, or the defaults. */
export function settingsFrom(settings: Record<string, unknown> | null | undefined): SpotCheckSettings {
  const raw = settings?.spotCheck;
  if (raw === undefined || raw === null) return DEFAULT_SPOTCHECK_SETTINGS;
  const parsed = SpotCheckSettings.safeParse(raw);
  if (parsed.success) return parsed.data;
  log.error('a county spot-check setting does not parse; the defaults apply', { issues: parsed.error.issues.slice(0, 3) });
  return DEFAULT_SPOTCHECK_SETTINGS;
}

/** Why a spot check cannot be issued now, or null: only inside working hours of a working day. */
export function outsideWorkHours(now: Date, s: SpotCheckSettings): string | null {
  if (!isWorkday(now)) return '今天不是工作日（含法定节假日），不能发起约请';
  const hm = shanghai(now).format('HH:mm');
  if (hm < s.workHours.start || hm >= s.workHours.end) return `约请只能在工作时间（${s.workHours.start}–${s.workHours.end}）内发起`;
  return null;
}

export function deadlineOf(issuedAt: Date, s: SpotCheckSettings): Date {
  return new Date(issuedAt.getTime() + s.deadlineMin * 60_000);
}

/**
 * The timer closes a request this long after its deadline: an answer that reached the server
 * before the deadline is still being written (a function runs at most 60 s), and must win.
 */
export const CLOSE_GRACE_MS = 2 * 60_000;

/** A fix answering a spot check must be taken after it was issued (a minute's clock skew aside) and be fresh. */
export const ANSWER_FIX_MAX_AGE_MS = 5 * 60_000;

export function staleAnswerFix(capturedAt: Date, issuedAt: Date, now: Date): string | null {
  if (capturedAt.getTime() < issuedAt.getTime() - 60_000) return '这次定位早于约请发出的时间，请重新定位';
  if (now.getTime() - capturedAt.getTime() > ANSWER_FIX_MAX_AGE_MS) return '定位已超过 5 分钟，请重新定位';
  return null;
}

/** A late answer is still taken until the end of the day it was issued (Beijing). */
export function answerableUntil(issuedAt: Date): Date {
  return new Date(`${dateKey(issuedAt)}T23:59:59.999+08:00`);
}

/**
 * The ladder step a miss raises, given how many misses (this one included) the cadre has in the
 * period ending at it: a notice draft at `noticeAt`, a talk at `talkAt`, a recall suggestion at
 * `recallAt` and every miss after. Every miss also gets its inquiry (not returned here).
 */
export function ladderStep(missCount: number, s: Pick<SpotCheckSettings, 'noticeAt' | 'talkAt' | 'recallAt'>): Exclude<EscalationKind, 'inquiry'> | null {
  if (missCount >= s.recallAt) return 'recall';
  if (missCount === s.talkAt) return 'talk';
  if (missCount === s.noticeAt) return 'notice';
  return null;
}
