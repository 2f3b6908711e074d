/**
 * Domain events between features: a feature announces what changed, others that keep something
 * derived from it (never its tables) bring their own documents up to date. Listeners run after
 * the change is committed, one after the other; a failing listener is logged and does not undo
 * the change (listeners must be idempotent: the next change repairs what one missed).
 */
import { log } from './log';

export interface Events {
  /** A person's cadre station changed: `station` is the village now (null when no longer stationed). */
  cadreStationChanged: { personId: string; station: { villageId: string; villageName: string; path: string[] } | null };
  /** An org unit's name, fence or settings changed (committed): copies of it must follow. */
  unitChanged: { unitId: string; level: string; path: string[] };
}

type Listener<K extends keyof Events> = (payload: Events[K]) => Promise<void>;
const listeners: { [K in keyof Events]?: Listener<K>[] } = {};

export function on<K extends keyof Events>(event: K, fn: Listener<K>): void {
  ((listeners[event] ??= []) as Listener<K>[]).push(fn);
}

export async function emit<K extends keyof Events>(event: K, payload: Events[K]): Promise<void> {
  for (const fn of (listeners[event] ?? []) as Listener<K>[]) {
    try {
      await fn(payload);
    } catch (err) {
      log.error('event listener failed', { event, error: err instanceof Error ? err.stack ?? err.message : String(err) });
    }
  }
}
