/**
 * Subscription messages: WeChat allows one send per accepted tap on a one-time template, so we
 * bank the taps (grants) per person and template, send only when a grant is banked, and spend it.
 * Nothing depends on a message arriving: every page shows pending work itself.
 */
import { db, _, messages, transaction } from '../../platform/cloud';
import { log } from '../../kernel/log';
import { on } from '../../kernel/events';
import { templateId, type TemplateKey } from './templates';

export const SUBSCRIPTIONS = 'subscriptions';

export interface SubscriptionDoc {
  /** `<personId>.<templateKey>` */
  _id: string;
  personId: string;
  openid: string;
  template: TemplateKey;
  count: number;
  /** The cadre's village when the grant was banked (for the message text: no read at send time). */
  villageId: string | null;
  villageName: string | null;
  /** The county of the cadre's station (null: not stationed): which schedule's reminders apply. */
  countyId: string | null;
  /** The last window instance this person was reminded of (reminders are once per window). */
  reminded: string | null;
  updatedAt: Date;
}

/** Sends in flight at once: each is a network call to WeChat's openapi. */
const SEND_CONCURRENCY = 48;

const subId = (personId: string, key: TemplateKey) => `${personId}.${key}`;

/** WeChat grants at most this many sends per template per user in practice; more taps add nothing useful. */
const MAX_BANKED = 50;

/** Bank one grant per accepted template (the page calls this after `wx.requestSubscribeMessage`). */
export async function recordGrants(personId: string, openid: string, village: { id: string; name: string; path: string[] } | null, keys: TemplateKey[], now: Date): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const key of [...new Set(keys)]) {
    out[key] = await transaction(async (tx) => {
      const { data } = await tx.collection(SUBSCRIPTIONS).doc(subId(personId, key)).get<SubscriptionDoc>();
      const count = Math.min(MAX_BANKED, (data?.count ?? 0) + 1);
      await tx.collection(SUBSCRIPTIONS).doc(subId(personId, key)).set({ data: { personId, openid, template: key, count, villageId: village?.id ?? null, villageName: village?.name ?? null, countyId: village?.path[1] ?? null, reminded: data?.reminded ?? null, updatedAt: now } });
      return count;
    });
  }
  return out;
}

/**
 * People with a banked grant for `key` not yet sent `occasion`, stationed in one of `counties`
 * (or in none of `exceptCounties`), one page (keyset paging on `_id`).
 */
export async function grantHolders(key: TemplateKey, occasion: string, counties: { in?: string[]; notIn?: string[] }, afterId: string, limit = 1000): Promise<SubscriptionDoc[]> {
  const county = counties.in ? _.in(counties.in) : _.and([_.neq(null), _.nin(counties.notIn ?? [])]);
  const { data } = await db.collection(SUBSCRIPTIONS).where({ template: key, count: _.gt(0), reminded: _.neq(occasion), countyId: county, _id: _.gt(afterId) }).orderBy('_id', 'asc').limit(limit).get<SubscriptionDoc>();
  return data;
}

/** The banked grants for `key` of some people (one read per 1,000 people). */
export async function holdersAmong(key: TemplateKey, personIds: readonly string[]): Promise<SubscriptionDoc[]> {
  const ids = [...new Set(personIds)].map((p) => subId(p, key));
  const out: SubscriptionDoc[] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    const { data } = await db.collection(SUBSCRIPTIONS).where({ _id: _.in(ids.slice(i, i + 1000)), count: _.gt(0) }).limit(1000).get<SubscriptionDoc>();
    out.push(...data);
  }
  return out;
}

/** Keep the station on a person's subscriptions current (a reminder names the village, and follows the county's schedule). */
on('cadreStationChanged', async ({ personId, station }) => {
  await db.collection(SUBSCRIPTIONS).where({ personId }).update({ data: { villageId: station?.villageId ?? null, villageName: station?.villageName ?? null, countyId: station?.path[1] ?? null } });
});

export interface Outgoing {
  sub: SubscriptionDoc;
  page: string;
  data: Record<string, { value: string }>;
}

/**
 * Send a batch, then spend the grants in one write; a grant WeChat says is gone (43101) is
 * cleared. Returns how many were sent.
 */
export async function sendBatch(key: TemplateKey, batch: Outgoing[]): Promise<{ sent: number; failed: number }> {
  const sent: string[] = [];
  const gone: string[] = [];
  let failed = 0;
  // A few sends at a time: the openapi is a network call each.
  let next = 0;
  const worker = async () => {
    while (next < batch.length) {
      const m = batch[next++]!;
      const r = await messages.send({ touser: m.sub.openid, templateId: templateId(key), page: m.page, data: m.data, miniprogramState: 'formal' });
      if (r.errCode === 0) sent.push(m.sub._id);
      else if (r.errCode === 43101) gone.push(m.sub._id);
      else {
        failed += 1;
        log.warn('subscription message refused', { template: key, errCode: r.errCode, errMsg: r.errMsg });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(SEND_CONCURRENCY, batch.length) }, worker));
  if (sent.length) await db.collection(SUBSCRIPTIONS).where({ _id: _.in(sent) }).update({ data: { count: _.inc(-1) } });
  if (gone.length) await db.collection(SUBSCRIPTIONS).where({ _id: _.in(gone) }).update({ data: { count: 0 } });
  return { sent: sent.length, failed };
}
