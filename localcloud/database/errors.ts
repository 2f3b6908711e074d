/**
 * CloudBase's own database error codes and messages.
 *
 * The server answers an error with HTTP 200 and `{ code, message, requestId }`; the SDK maps
 * `code` through its table (`TCB_ERR_CODE` in wx-server-sdk: DATABASE_REQUEST_FAILED → -502001,
 * DATABASE_INVALID_OPERRATOR → -502002, DATABASE_COLLECTION_NOT_EXIST → -502005,
 * INVALID_PARAM → -501007, anything else → SYS_ERR -501001) and keeps `message` as `errMsg`.
 *
 * Where a code and message were observed from the real service they are copied verbatim
 * (sources named beside each). Where CloudBase is laxer than the local cloud (field names,
 * `get` above 1,000, geo without an index, `where()` in a transaction) the code is our choice,
 * picked from CloudBase's documented table (docs.cloudbase.net/error-code) by meaning.
 */

export type DbErrorCode =
  | 'DATABASE_REQUEST_FAILED'
  | 'DATABASE_INVALID_OPERRATOR'
  | 'DATABASE_COLLECTION_NOT_EXIST'
  | 'DATABASE_COLLECTION_ALREADY_EXIST'
  | 'DATABASE_TRANSACTION_CONFLICT'
  | 'DATABASE_TRANSACTION_FAIL'
  | 'INVALID_PARAM'
  | 'INVALID_ACTION';

export class DbError extends Error {
  constructor(
    readonly code: DbErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DbError';
  }
}

/** CloudBase appends this sentence to its service errors. */
const PERSISTS = 'Please check your request, but if the problem persists, contact us.';

/** Observed from CloudBase (a user report of `-502005`, 2021): the collection is not there. */
export function collectionNotExist(name: string): DbError {
  return new DbError(
    'DATABASE_COLLECTION_NOT_EXIST',
    `[ResourceNotFound] Db or Table not exist: ${name}. Please check your request, but if the problem cannot be solved, contact us.`,
  );
}

/** `db.createCollection` on a name that exists (observed as `[ResourceExist] Table exist`). */
export function collectionExists(name: string): DbError {
  return new DbError('DATABASE_COLLECTION_ALREADY_EXIST', `[ResourceUnavailable.ResourceExist] Table exist: ${name}. ${PERSISTS}`);
}

/** Copied from @cloudbase/node-sdk's own transaction tests (the service's exact message). */
export function transactionConflict(detail?: string): DbError {
  const base = '[ResourceUnavailable.TransactionConflict] Transaction is conflict, maybe resource operated by others.';
  if (detail?.startsWith(base)) return new DbError('DATABASE_TRANSACTION_CONFLICT', detail);
  return new DbError('DATABASE_TRANSACTION_CONFLICT', `${base}${detail ? ` (${detail})` : ''} ${PERSISTS}`);
}

/** Copied from @cloudbase/node-sdk's transaction tests: any call on a finished or expired transaction. */
export function transactionNotExist(): DbError {
  return new DbError(
    'DATABASE_TRANSACTION_FAIL',
    `[ResourceUnavailable.TransactionNotExist] Transaction does not exist on the server, transaction must be commit or abort in 30 seconds. ${PERSISTS}`,
  );
}

/**
 * A unique index refused a write. Through wx-server-sdk this surfaces as errCode -502001
 * (DATABASE_REQUEST_FAILED) with MongoDB's E11000 text, as reported by users of the real service.
 */
export function duplicateKey(collection: string, index: string, key: string): DbError {
  return new DbError(
    'DATABASE_REQUEST_FAILED',
    `[FailedOperation] E11000 duplicate key error collection: ${collection} index: ${index} dup key: ${key}. ${PERSISTS}`,
  );
}

/** A MongoDB-level failure (bad operand types, conflicting update paths, …). */
export function requestFailed(detail: string): DbError {
  return new DbError('DATABASE_REQUEST_FAILED', `[FailedOperation] ${detail}. ${PERSISTS}`);
}

/** An operator or operation CloudBase does not support (or the local cloud refuses). */
export function invalidOperator(detail: string): DbError {
  return new DbError('DATABASE_INVALID_OPERRATOR', `[InvalidParameter] ${detail}. ${PERSISTS}`);
}

export function invalidParam(detail: string): DbError {
  return new DbError('INVALID_PARAM', `[InvalidParameter] ${detail}`);
}
