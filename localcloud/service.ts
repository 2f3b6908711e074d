/**
 * What each service of the local cloud (database, storage, messages) offers the HTTP server.
 * The SDK posts every call to one endpoint (`POST /admin?env=…`); the server reads the body and
 * hands it to the service that owns the action.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** One request to `/admin`, as the SDK sent it. */
export interface AdminRequest {
  /** `action` of a JSON body (`database.getDocument`, `storage.getUploadMetadata`, …) or of a multipart form (`wx.openApi`). */
  action: string;
  /** The parsed JSON body (for multipart forms: the text fields). */
  params: Record<string, unknown>;
  /** The raw body, for services that parse it themselves (multipart). */
  raw: Buffer;
  headers: IncomingHttpHeaders;
}

/** What the server writes back. `body` is JSON-encoded unless it is a Buffer. */
export interface AdminAnswer {
  status?: number;
  headers?: Record<string, string>;
  body: unknown;
}

/** A CloudBase-style error answer: HTTP 200 with `{ code, message, requestId }`. */
export function errorAnswer(code: string, message: string): AdminAnswer {
  return { body: { code, message, requestId: newRequestId() } };
}

let seq = 0;
export function newRequestId(): string {
  seq += 1;
  return `local-${Date.now().toString(16)}-${seq.toString(16)}`;
}

/** The shape of the collection declarations (`server/collections.ts` follows it structurally). */
export interface IndexSpec {
  name: string;
  /** field → 1 | -1 for ordinary keys, '2dsphere' for a geo index. */
  keys: Record<string, 1 | -1 | '2dsphere'>;
  unique?: boolean;
}

export interface CollectionSpec {
  name: string;
  indexes?: IndexSpec[];
}
