/**
 * Types for the database as the backend uses it. `wx-server-sdk`'s own declarations type every
 * call as `Promise<…> | void | string` (for its callback form), which forces a cast at each
 * use; these describe the promise form the SDK really returns. They are types only: every call
 * goes to the unmodified SDK.
 */
export type AnyDoc = Record<string, any> & { _id: string };
export type Query = Record<string, unknown>;

export interface WriteStats {
  stats: { updated?: number; removed?: number; created?: number };
}

export interface Queryable<Self> {
  where(query: Query): Self;
  orderBy(field: string, direction: 'asc' | 'desc'): Self;
  skip(n: number): Self;
  limit(n: number): Self;
  field(projection: Record<string, boolean | 0 | 1>): Self;
}

export interface QueryRef extends Queryable<QueryRef> {
  get<T = AnyDoc>(): Promise<{ data: T[] }>;
  count(): Promise<{ total: number }>;
  update(options: { data: object }): Promise<WriteStats>;
  remove(): Promise<WriteStats>;
}

export interface DocRef {
  /** `data` is null when the document does not exist. */
  get<T = AnyDoc>(): Promise<{ data: T | null }>;
  set(options: { data: object }): Promise<WriteStats & { _id?: string }>;
  update(options: { data: object }): Promise<WriteStats>;
  remove(): Promise<WriteStats>;
}

export interface Aggregate {
  match(q: Query): Aggregate;
  group(g: Record<string, unknown>): Aggregate;
  project(p: Record<string, unknown>): Aggregate;
  addFields(f: Record<string, unknown>): Aggregate;
  sort(s: Record<string, 1 | -1>): Aggregate;
  skip(n: number): Aggregate;
  limit(n: number): Aggregate;
  lookup(l: Record<string, unknown>): Aggregate;
  unwind(u: string | Record<string, unknown>): Aggregate;
  count(field: string): Aggregate;
  end<T = Record<string, any>>(): Promise<{ list: T[] }>;
}

export interface CollectionRef extends QueryRef {
  doc(id: string): DocRef;
  add(options: { data: object[] }): Promise<{ _ids: string[] }>;
  add(options: { data: object }): Promise<{ _id: string }>;
  aggregate(): Aggregate;
}

export interface TransactionRef {
  collection(name: string): { doc(id: string): DocRef; add(options: { data: object }): Promise<{ _id: string }> };
  commit(): Promise<unknown>;
  rollback(reason?: unknown): Promise<unknown>;
}

export interface TypedDatabase {
  collection(name: string): CollectionRef;
  /** Query and update commands (`_.gt`, `_.in`, `_.inc`, …): see the SDK's `db.command`. */
  command: any;
  serverDate(options?: { offset?: number }): unknown;
  Geo: { Point(longitude: number, latitude: number): unknown; Polygon(lines: unknown[]): unknown; LineString(points: unknown[]): unknown };
  RegExp(options: { regexp: string; options?: string }): unknown;
  runTransaction<T>(fn: (tx: TransactionRef) => Promise<T>, times?: number): Promise<T>;
  startTransaction(): Promise<TransactionRef>;
  createCollection(name: string): Promise<unknown>;
}
