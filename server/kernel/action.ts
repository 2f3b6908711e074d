/**
 * An action is declared once, with everything the router needs (ARCHITECTURE.md, "One action"):
 * its name, who may call it, the zod schema of its input, and its handler.
 */
import type { z } from 'zod';
import type { Access } from './roles';
import type { Caller } from './caller';

export interface ActionContext {
  caller: Caller;
  /** The server's time at the start of the call (see kernel/clock). */
  now: Date;
  requestId: string;
  /** Documents the scope check already read, for the handler to reuse (every read is billed). */
  memo: Map<string, unknown>;
}

/** What an action acts on, for the scope check: an org unit's id, or a path already known. */
export type ScopeTarget = string | { path: readonly string[] };

export interface ActionDef<N extends string = string, S extends z.ZodType = z.ZodType, O = unknown> {
  name: N;
  roles: Access;
  input: S;
  /**
   * For actions on something inside the organisation tree: the org unit the target belongs to.
   * The router refuses the call unless one of the caller's grants (of an allowed role) covers it.
   */
  scope?: (ctx: ActionContext, input: z.output<S>) => Promise<ScopeTarget | ScopeTarget[] | null> | ScopeTarget | ScopeTarget[] | null;
  run(ctx: ActionContext, input: z.output<S>): Promise<O> | O;
}

export function action<N extends string, S extends z.ZodType, O>(def: ActionDef<N, S, O>): ActionDef<N, S, O> {
  if (!/^[a-z][A-Za-z]*\.[a-z][A-Za-z]*$/.test(def.name)) throw new Error(`action name "${def.name}" must be feature.verb`);
  return def;
}

/** Any action, whatever its types (for registries). */
export type AnyAction = ActionDef<string, z.ZodType, any>;

export type ActionInput<A> = A extends ActionDef<string, infer S, unknown> ? z.input<S> : never;
export type ActionOutput<A> = A extends ActionDef<string, z.ZodType, infer O> ? Awaited<O> : never;

/** Map a tuple of actions to `{ [name]: { input, output } }`: the API contract pages are typed from. */
export type ActionMap<T extends readonly AnyAction[]> = {
  [A in T[number] as A['name']]: { input: ActionInput<A>; output: ActionOutput<A> };
};

export class Registry<T extends readonly AnyAction[] = readonly AnyAction[]> {
  private readonly byName = new Map<string, AnyAction>();

  constructor(readonly actions: T) {
    for (const a of actions) {
      if (this.byName.has(a.name)) throw new Error(`action ${a.name} declared twice`);
      this.byName.set(a.name, a);
    }
  }

  get(name: string): AnyAction | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }
}
