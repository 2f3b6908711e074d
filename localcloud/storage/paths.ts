/**
 * Cloud paths, file IDs and buckets, in CloudBase's shapes.
 *
 * A CloudBase file ID reads `cloud://<env>.<bucket>/<cloudPath>`, where the bucket is
 * `<hex of the env's first two characters>-<env>-<appid number>` (for example
 * `cloud://prod-1a2b.7072-prod-1a2b-1250000000/a/b.png`). The local cloud issues the same shape,
 * with a fixed placeholder for the number.
 */

/** The env used when the SDK sends none (`cloud.init()` without `env`, or an empty `TCB_ENV`). */
export const DEFAULT_ENV = 'local';
/** Stands in for the Tencent Cloud APPID that ends every real bucket name. */
export const LOCAL_BUCKET_SUFFIX = '1250000000';

const ENV_RE = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

export function isValidEnv(env: string): boolean {
  return ENV_RE.test(env);
}

export function bucketFor(env: string): string {
  return `${Buffer.from(env.slice(0, 2), 'utf8').toString('hex')}-${env}-${LOCAL_BUCKET_SUFFIX}`;
}

/** The env of a bucket name this module issued, or undefined. */
export function envOfBucket(bucket: string): string | undefined {
  const m = /^[0-9a-f]{2,4}-([A-Za-z0-9-]+)-(\d+)$/.exec(bucket);
  if (!m || !isValidEnv(m[1])) return undefined;
  return bucketFor(m[1]) === bucket ? m[1] : undefined;
}

export function fileIdFor(env: string, cloudPath: string): string {
  return `cloud://${env}.${bucketFor(env)}/${cloudPath}`;
}

export interface ParsedFileId {
  env: string;
  bucket: string;
  path: string;
}

/** Parses `cloud://<env>.<bucket>/<path>`; undefined when the string has another shape. */
export function parseFileId(fileId: unknown): ParsedFileId | undefined {
  if (typeof fileId !== 'string') return undefined;
  const m = /^cloud:\/\/([A-Za-z0-9-]+)\.([A-Za-z0-9-]+)\/(.+)$/.exec(fileId);
  if (!m) return undefined;
  return { env: m[1], bucket: m[2], path: m[3] };
}

/**
 * Checks a cloud path against CloudBase's file naming rules (docs: "文件名命名限制"): not empty,
 * not starting with `/`, no `//`, at most 850 bytes, no ASCII control characters. Stricter than
 * CloudBase: the characters its docs say not to use (`` ` ^ " \ { } [ ] ~ % # > < ``) and `?` are
 * refused outright rather than "not recommended", so that a temp URL's path is never ambiguous; a
 * `.` or `..` segment and a trailing `/` (a folder, not a file) are refused too.
 * Returns an error message, or undefined when the path is fine.
 */
export function cloudPathProblem(cloudPath: unknown): string | undefined {
  if (typeof cloudPath !== 'string' || cloudPath.length === 0) return 'cloudPath must be a non-empty string';
  if (cloudPath.startsWith('/')) return 'cloudPath must not start with "/"';
  if (cloudPath.includes('//')) return 'cloudPath must not contain "//"';
  if (cloudPath.endsWith('/')) return 'cloudPath must name a file, not a folder';
  if (Buffer.byteLength(cloudPath, 'utf8') > 850) return 'cloudPath is longer than 850 bytes';
    if (/[\u0000-\u001f\u007f]/.test(cloudPath)) return 'cloudPath must not contain control characters';
  const bad = /[`^"\\{}[\]~%#<>?]/.exec(cloudPath);
  if (bad) return `cloudPath must not contain "${bad[0]}"`;
  if (cloudPath.split('/').some((s) => s === '.' || s === '..')) return 'cloudPath must not contain "." or ".." segments';
  return undefined;
}

/** Percent-encodes each segment of a cloud path for a URL. */
export function encodePath(cloudPath: string): string {
  return cloudPath.split('/').map(encodeURIComponent).join('/');
}

const MIME: Record<string, string> = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp',
  bmp: 'image/bmp', svg: 'image/svg+xml', heic: 'image/heic', mp3: 'audio/mpeg', m4a: 'audio/mp4',
  aac: 'audio/aac', wav: 'audio/wav', mp4: 'video/mp4', mov: 'video/quicktime', pdf: 'application/pdf',
  txt: 'text/plain; charset=utf-8', csv: 'text/csv; charset=utf-8', json: 'application/json',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  xls: 'application/vnd.ms-excel', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  doc: 'application/msword', zip: 'application/zip',
};

/** The content type a download is served with, from the file name (COS does the same when none was given). */
export function contentTypeFor(cloudPath: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(cloudPath)?.[1]?.toLowerCase();
  return (ext && MIME[ext]) || 'application/octet-stream';
}
