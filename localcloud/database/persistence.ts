/**
 * Durability for a `dataDir`: an append-only log of committed change sets plus a snapshot.
 *
 * CloudBase's copy here is its promise: an acknowledged write is not lost. Each committed change
 * set (one request, or one committed transaction) is one log record, written with a synchronous
 * `write` before the answer is sent, so killing the process (`kill -9`) loses nothing
 * acknowledged (the bytes are in the OS; `fsync: true` also survives power loss, at a cost).
 *
 * Record: `[u32 LE payload length][u32 LE crc32(payload)][payload]`, payload = UTF-8 JSON array of
 * operations `["p", collection, <document as canonical EJSON>]`, `["d", collection, _id]`,
 * `["c", collection]`. Replaying puts and deletes is idempotent, so replaying a log on top of a
 * snapshot that already holds part of it gives the same state.
 *
 * On open, the first record that is short, fails its CRC or does not parse ends the log: the
 * file is truncated there (a torn tail from a crash), so a corrupt tail is dropped and never
 * yields a corrupt database. When the log outgrows the snapshot it is compacted: the whole state
 * is written to `snapshot.tmp`, flushed, renamed over `snapshot.ejsonl` (atomic), and the log
 * truncated.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export type LogOp = ['p', string, unknown] | ['d', string, string | number] | ['c', string];

const LOG = 'log.bin';
const SNAPSHOT = 'snapshot.ejsonl';
const SNAPSHOT_TMP = 'snapshot.tmp';
const HEADER = { format: 'localcloud-database', version: 1 };

export interface PersistenceOptions {
  fsync?: boolean;
  /** Compact when the log exceeds this many bytes and the snapshot's size (default 64 MB). */
  compactBytes?: number;
}

export interface LoadResult {
  records: number;
  droppedBytes: number;
}

export class Persistence {
  private fd: number | null = null;
  private logBytes = 0;
  private snapshotBytes = 0;

  constructor(
    readonly dir: string,
    private readonly opts: PersistenceOptions = {},
  ) {}

  get logPath(): string {
    return path.join(this.dir, LOG);
  }

  get snapshotPath(): string {
    return path.join(this.dir, SNAPSHOT);
  }

  /** Read the snapshot and the log, calling `apply` for every operation in order. */
  load(apply: (op: LogOp) => void): LoadResult {
    fs.mkdirSync(this.dir, { recursive: true });
    fs.rmSync(path.join(this.dir, SNAPSHOT_TMP), { force: true });
    if (fs.existsSync(this.snapshotPath)) {
      const text = fs.readFileSync(this.snapshotPath, 'utf8');
      this.snapshotBytes = Buffer.byteLength(text);
      const lines = text.split('\n').filter((l) => l.length > 0);
      const head = JSON.parse(lines[0] ?? 'null');
      if (!head || head.format !== HEADER.format) throw new Error(`${this.snapshotPath} is not a local cloud database snapshot`);
      const end = JSON.parse(lines[lines.length - 1]);
      if (!Array.isArray(end) || end[0] !== 'end' || end[1] !== lines.length - 2) {
        throw new Error(`${this.snapshotPath} is incomplete (it is written atomically, so this should not happen)`);
      }
      for (let i = 1; i < lines.length - 1; i++) apply(JSON.parse(lines[i]) as LogOp);
    }
    let records = 0;
    let droppedBytes = 0;
    if (fs.existsSync(this.logPath)) {
      const buf = fs.readFileSync(this.logPath);
      let off = 0;
      while (off < buf.length) {
        const ops = readRecord(buf, off);
        if (!ops) break;
        for (const op of ops.ops) apply(op);
        off = ops.next;
        records++;
      }
      if (off < buf.length) {
        droppedBytes = buf.length - off;
        fs.truncateSync(this.logPath, off);
      }
      this.logBytes = off;
    }
    this.fd = fs.openSync(this.logPath, 'a');
    return { records, droppedBytes };
  }

  /** Append one change set as one record; returns once it is written. */
  append(payload: string): void {
    if (this.fd === null) throw new Error('database persistence is not open');
    const body = Buffer.from(payload, 'utf8');
    const rec = Buffer.allocUnsafe(8 + body.length);
    rec.writeUInt32LE(body.length, 0);
    rec.writeUInt32LE(zlib.crc32(body) >>> 0, 4);
    body.copy(rec, 8);
    let written = 0;
    while (written < rec.length) written += fs.writeSync(this.fd, rec, written, rec.length - written);
    if (this.opts.fsync) fs.fsyncSync(this.fd);
    this.logBytes += rec.length;
  }

  shouldCompact(): boolean {
    const limit = this.opts.compactBytes ?? 64 * 1024 * 1024;
    return this.logBytes > limit && this.logBytes > this.snapshotBytes;
  }

  /** Write the whole state (lines of JSON operations) as the new snapshot, then empty the log. */
  compact(lines: Iterable<string>): void {
    const tmp = path.join(this.dir, SNAPSHOT_TMP);
    const fd = fs.openSync(tmp, 'w');
    let bytes = 0;
    let count = 0;
    let chunk: string[] = [JSON.stringify(HEADER)];
    let chunkLen = 0;
    const flush = (): void => {
      if (chunk.length === 0) return;
      const b = Buffer.from(chunk.join('\n') + '\n', 'utf8');
      let w = 0;
      while (w < b.length) w += fs.writeSync(fd, b, w, b.length - w);
      bytes += b.length;
      chunk = [];
      chunkLen = 0;
    };
    try {
      for (const line of lines) {
        chunk.push(line);
        chunkLen += line.length;
        count++;
        if (chunkLen > 1 << 20) flush();
      }
      chunk.push(JSON.stringify(['end', count]));
      flush();
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, this.snapshotPath);
    syncDir(this.dir);
    this.snapshotBytes = bytes;
    if (this.fd !== null) {
      fs.ftruncateSync(this.fd, 0);
      if (this.opts.fsync) fs.fsyncSync(this.fd);
    }
    this.logBytes = 0;
  }

  close(): void {
    if (this.fd !== null) {
      fs.closeSync(this.fd);
      this.fd = null;
    }
  }
}

function readRecord(buf: Buffer, off: number): { ops: LogOp[]; next: number } | null {
  if (buf.length - off < 8) return null;
  const len = buf.readUInt32LE(off);
  const crc = buf.readUInt32LE(off + 4);
  if (buf.length - off - 8 < len) return null;
  const body = buf.subarray(off + 8, off + 8 + len);
  if ((zlib.crc32(body) >>> 0) !== crc) return null;
  try {
    const ops = JSON.parse(body.toString('utf8'));
    if (!Array.isArray(ops)) return null;
    return { ops: ops as LogOp[], next: off + 8 + len };
  } catch {
    return null;
  }
}

function syncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // some filesystems do not allow fsync on a directory; the rename is still atomic
  }
}
