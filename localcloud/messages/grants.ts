/**
 * The one-grant-per-tap rule of one-time subscription messages: each accepted tap on
 * `wx.requestSubscribeMessage` lets the mini program send that user one message of that template
 * later; grants add up per (openid, template); a send spends one; with none left WeChat answers
 * 43101.
 */
export class GrantBank {
  private readonly counts = new Map<string, number>();

  private static key(openid: string, templateId: string): string {
    return `${openid}\u0000${templateId}`;
  }

  grant(openid: string, templateId: string, count = 1): void {
    if (typeof openid !== 'string' || openid === '') throw new TypeError('grant: openid must be a non-empty string');
    if (typeof templateId !== 'string' || templateId === '') throw new TypeError('grant: templateId must be a non-empty string');
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`grant: count must be a positive integer, got ${count}`);
    const k = GrantBank.key(openid, templateId);
    this.counts.set(k, (this.counts.get(k) ?? 0) + count);
  }

  grants(openid: string, templateId: string): number {
    return this.counts.get(GrantBank.key(openid, templateId)) ?? 0;
  }

  /** Spends one grant; false (and nothing spent) when there is none. */
  consume(openid: string, templateId: string): boolean {
    const k = GrantBank.key(openid, templateId);
    const n = this.counts.get(k) ?? 0;
    if (n < 1) return false;
    if (n === 1) this.counts.delete(k);
    else this.counts.set(k, n - 1);
    return true;
  }

  reset(): void {
    this.counts.clear();
  }
}
