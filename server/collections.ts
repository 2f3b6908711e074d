/**
 * Every collection of the backend, with its indexes and its security rule: one declaration that
 * the local cloud creates on start and that deploy creates in CloudBase.
 *
 * Security rules apply to client requests only (functions bypass them). Every collection here is
 * closed to clients: the mini program reaches data only through functions that check the caller.
 */
export interface IndexDecl {
  name: string;
  keys: Record<string, 1 | -1 | '2dsphere'>;
  unique?: boolean;
}

export interface CollectionDecl {
  name: string;
  /** Which feature owns it (a feature calls another's service, never its tables). */
  owner: string;
  indexes: IndexDecl[];
  /** CloudBase security rule for client access. */
  rule: { read: boolean; write: boolean };
}

const closed = { read: false, write: false } as const;

export const collections: CollectionDecl[] = [
  { name: 'jobRuns', owner: 'kernel', indexes: [], rule: closed },
];

export function collection(name: string): CollectionDecl {
  const c = collections.find((x) => x.name === name);
  if (!c) throw new Error(`collection ${name} is not declared in server/collections.ts`);
  return c;
}
