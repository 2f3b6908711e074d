/**
 * Where the local cloud keeps stored files: in memory (tests) or on disk.
 *
 * On disk, `dataDir/storage/objects/` holds one `<hash><.ext>` file of bytes per object and one
 * `<hash>.json` that names it (env, cloud path, size, content type, time). Object keys are hashed
 * because COS keys are not file-system paths: `a` and `a/b` can both be objects. Writes go to a
 * temporary file first and are renamed into place, so a crash never leaves a half-written object
 * visible; an object exists once its `.json` does.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface StoredMeta {
  env: string;
  path: string;
  size: number;
  contentType: string;
  /** Local-clock milliseconds. */
  uploadedAt: number;
  etag: string;
  /**
   * The openid of the mini program user who uploaded it, as CloudBase records the uploader of a
   * client upload (what storage rules such as "仅创建者可读写" compare with); absent for uploads
   * from a server SDK.
   */
  owner?: string;
}

export interface BlobStore {
  put(meta: StoredMeta, bytes: Buffer): Promise<void>;
  head(env: string, path: string): StoredMeta | undefined;
  read(env: string, path: string): Promise<{ meta: StoredMeta; bytes: Buffer } | undefined>;
  delete(env: string, path: string): Promise<boolean>;
  clear(): Promise<void>;
}

const keyOf = (env: string, path: string): string => `${env}\u0000${path}`;

export class MemoryBlobs implements BlobStore {
  private readonly objects = new Map<string, { meta: StoredMeta; bytes: Buffer }>();

  async put(meta: StoredMeta, bytes: Buffer): Promise<void> {
    this.objects.set(keyOf(meta.env, meta.path), { meta, bytes: Buffer.from(bytes) });
  }

  head(env: string, path: string): StoredMeta | undefined {
    return this.objects.get(keyOf(env, path))?.meta;
  }

  async read(env: string, path: string): Promise<{ meta: StoredMeta; bytes: Buffer } | undefined> {
    return this.objects.get(keyOf(env, path));
  }

  async delete(env: string, path: string): Promise<boolean> {
    return this.objects.delete(keyOf(env, path));
  }

  async clear(): Promise<void> {
    this.objects.clear();
  }
}

interface DiskRecord extends StoredMeta {
  /** The bytes' file name inside `objects/`. */
  blob: string;
}

export class DiskBlobs implements BlobStore {
  private readonly dir: string;
  private readonly index = new Map<string, DiskRecord>();

  constructor(storageDir: string) {
    this.dir = join(storageDir, 'objects');
    mkdirSync(this.dir, { recursive: true });
    for (const name of readdirSync(this.dir)) {
      if (!name.endsWith('.json')) continue;
      try {
        const rec = JSON.parse(readFileSync(join(this.dir, name), 'utf8')) as DiskRecord;
        if (existsSync(join(this.dir, rec.blob))) this.index.set(keyOf(rec.env, rec.path), rec);
      } catch {
        // A torn or foreign file: not an object.
      }
    }
  }

  private hash(env: string, path: string): string {
    return createHash('sha256').update(keyOf(env, path)).digest('hex').slice(0, 40);
  }

  async put(meta: StoredMeta, bytes: Buffer): Promise<void> {
    const h = this.hash(meta.env, meta.path);
    const ext = /\.[A-Za-z0-9]{1,10}$/.exec(meta.path)?.[0]?.toLowerCase() ?? '';
    const rec: DiskRecord = { ...meta, blob: `${h}${ext}` };
    const tmp = `.tmp-${randomBytes(6).toString('hex')}`;
    await writeFile(join(this.dir, tmp), bytes);
    await rename(join(this.dir, tmp), join(this.dir, rec.blob));
    await writeFile(join(this.dir, tmp), JSON.stringify(rec, null, 1));
    await rename(join(this.dir, tmp), join(this.dir, `${h}.json`));
    this.index.set(keyOf(meta.env, meta.path), rec);
  }

  head(env: string, path: string): StoredMeta | undefined {
    const rec = this.index.get(keyOf(env, path));
    if (!rec) return undefined;
    const { blob: _blob, ...meta } = rec;
    return meta;
  }

  async read(env: string, path: string): Promise<{ meta: StoredMeta; bytes: Buffer } | undefined> {
    const meta = this.head(env, path);
    const rec = this.index.get(keyOf(env, path));
    if (!meta || !rec) return undefined;
    try {
      return { meta, bytes: await readFile(join(this.dir, rec.blob)) };
    } catch {
      return undefined;
    }
  }

  async delete(env: string, path: string): Promise<boolean> {
    const rec = this.index.get(keyOf(env, path));
    if (!rec) return false;
    this.index.delete(keyOf(env, path));
    const h = this.hash(env, path);
    await unlink(join(this.dir, `${h}.json`)).catch(() => undefined);
    await unlink(join(this.dir, rec.blob)).catch(() => undefined);
    return true;
  }

  async clear(): Promise<void> {
    this.index.clear();
    await rm(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
  }
}
