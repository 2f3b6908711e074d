/**
 * Signs the URLs the local storage hands out (temp download URLs, upload authorizations) with an
 * HMAC-SHA256 under a key drawn at random per process: a URL cannot be forged or altered, and
 * every URL dies with the process that issued it (COS signs its URLs the same way, with the
 * account's secret key).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export class UrlSigner {
  private readonly key: Buffer;

  constructor(key: Buffer = randomBytes(32)) {
    this.key = key;
  }

  sign(...parts: string[]): string {
    const h = createHmac('sha256', this.key);
    for (const p of parts) h.update(`${p.length}:${p}\n`);
    return h.digest('hex');
  }

  verify(signature: string | null | undefined, ...parts: string[]): boolean {
    if (typeof signature !== 'string' || !/^[0-9a-f]{64}$/.test(signature)) return false;
    return timingSafeEqual(Buffer.from(signature, 'hex'), Buffer.from(this.sign(...parts), 'hex'));
  }
}
