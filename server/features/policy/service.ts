/**
 * The policy library: staff publish a document for a unit (with its file in storage, under the
 * unit's folder); it applies to every cadre and staff member whose unit path runs through that
 * unit. A publish is one document per publisher and clientId, so a retry writes nothing new.
 */
import { createHash } from 'node:crypto';
import { db, _, $, storage, transaction } from '../../platform/cloud';
import { AppError } from '../../kernel/errors';
import type { Caller } from '../../kernel/caller';
import { dateKey } from '../../kernel/clock';
import { audit } from '../audit/service';
import { checkPhotosIn } from '../checkin/photos';
import type { OrgUnit } from '../org/schema';
import { escapeRegExp } from './rules';
import type { PolicyDoc, PublishInput, SearchInput, UpdateInput } from './schema';

export const POLICIES = 'policies';

/** Where a unit's policy files are uploaded (the page uploads there; the server checks). */
export const policyFolder = (unitId: string) => `policies/${unitId}/`;

const policyId = (personId: string, clientId: string) => `po-${createHash('sha256').update(`${personId}:${clientId}`).digest('hex').slice(0, 24)}`;

export async function getPolicy(id: string): Promise<PolicyDoc | null> {
  return (await db.collection(POLICIES).doc(id).get<PolicyDoc>()).data ?? null;
}

export async function publish(caller: Caller, now: Date, unit: OrgUnit, input: PublishInput): Promise<PolicyDoc> {
  const person = caller.person!;
  const id = policyId(person._id, input.clientId);
  const have = await getPolicy(id);
  if (have) return have; // a retry of the same publish
  if (input.issuedOn > dateKey(now)) throw new AppError('invalid_input', '印发日期不能晚于今天');
  await checkPhotosIn(policyFolder(unit._id), [input.file.fileId], '文件未上传成功，请重新上传');
  const doc: PolicyDoc = {
    _id: id,
    unitId: unit._id,
    unitName: unit.name,
    unitPath: unit.path,
    title: input.title,
    issuer: input.issuer,
    docNumber: input.docNumber ?? '',
    issuedOn: input.issuedOn,
    tags: input.tags,
    summary: input.summary,
    file: input.file,
    publishedById: person._id,
    publishedByName: person.name,
    publishedAt: now,
    updatedAt: now,
    withdrawn: null,
  };
  return transaction(async (tx) => {
    const { data: again } = await tx.collection(POLICIES).doc(id).get<PolicyDoc>();
    if (again) return again;
    const { _id, ...body } = doc;
    await tx.collection(POLICIES).doc(_id).set({ data: body });
    await audit(tx, caller, now, { action: 'policy.publish', target: { collection: POLICIES, id }, unitPath: unit.path, before: null, after: { title: doc.title, issuer: doc.issuer, docNumber: doc.docNumber, issuedOn: doc.issuedOn } });
    return doc;
  });
}

/** Take a document out of the library, with a reason (it stays on record for staff). */
export async function withdraw(caller: Caller, now: Date, id: string, reason: string): Promise<PolicyDoc> {
  return transaction(async (tx) => {
    const { data: p } = await tx.collection(POLICIES).doc(id).get<PolicyDoc>();
    if (!p) throw new AppError('not_found', '文件不存在');
    if (p.withdrawn) return p;
    const withdrawn = { at: now, byId: caller.person?._id ?? '', byName: caller.person?.name ?? '', reason };
    await tx.collection(POLICIES).doc(id).update({ data: { withdrawn, updatedAt: now } });
    await audit(tx, caller, now, { action: 'policy.withdraw', target: { collection: POLICIES, id }, unitPath: p.unitPath, before: { withdrawn: null }, after: { reason } });
    return { ...p, withdrawn, updatedAt: now };
  });
}

/** Edit a document's tags or summary. */
export async function update(caller: Caller, now: Date, input: UpdateInput): Promise<PolicyDoc> {
  return transaction(async (tx) => {
    const { data: p } = await tx.collection(POLICIES).doc(input.id).get<PolicyDoc>();
    if (!p) throw new AppError('not_found', '文件不存在');
    if (p.withdrawn) throw new AppError('conflict', '文件已撤回，不能修改');
    const tags = input.tags ?? p.tags;
    const summary = input.summary ?? p.summary;
    if (sameList(tags, p.tags) && summary === p.summary) return p;
    await tx.collection(POLICIES).doc(input.id).update({ data: { tags: _.set(tags), summary, updatedAt: now } });
    await audit(tx, caller, now, { action: 'policy.update', target: { collection: POLICIES, id: input.id }, unitPath: p.unitPath, before: { tags: p.tags, summary: p.summary }, after: { tags, summary } });
    return { ...p, tags, summary, updatedAt: now };
  });
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Documents in force published by one of `unitIds`, matching the keyword and tag; newest issue date first. */
export async function search(unitIds: string[], input: SearchInput): Promise<{ total: number; items: PolicyDoc[] }> {
  if (!unitIds.length) return { total: 0, items: [] };
  const conds: Record<string, unknown>[] = [{ unitId: _.in(unitIds), withdrawn: null }];
  if (input.tag) conds.push({ tags: input.tag });
  if (input.q) {
    const re = db.RegExp({ regexp: escapeRegExp(input.q), options: 'i' });
    conds.push(_.or([{ title: re }, { issuer: re }, { docNumber: re }, { summary: re }, { tags: re }]));
  }
  const where = conds.length === 1 ? conds[0]! : _.and(conds);
  const [{ total }, { data }] = await Promise.all([
    db.collection(POLICIES).where(where).count(),
    db.collection(POLICIES).where(where).orderBy('issuedOn', 'desc').orderBy('publishedAt', 'desc').skip(input.skip).limit(input.limit).get<PolicyDoc>(),
  ]);
  return { total, items: data };
}

/** The tags in use on documents in force published by one of `unitIds`, most used first (one aggregation). */
export async function tagsInUse(unitIds: string[]): Promise<{ tag: string; count: number }[]> {
  if (!unitIds.length) return [];
  const { list } = await db
    .collection(POLICIES)
    .aggregate()
    .match({ unitId: _.in(unitIds), withdrawn: null })
    .unwind('$tags')
    .group({ _id: '$tags', count: $.sum(1) })
    .sort({ count: -1, _id: 1 })
    .limit(200)
    .end<{ _id: string; count: number }>();
  return list.map((g) => ({ tag: g._id, count: g.count }));
}

/** Every document published for a unit or below it (withdrawn ones too), newest published first: the staff's list. */
export async function publishedUnder(unitId: string, opts: { skip: number; limit: number }): Promise<{ total: number; items: PolicyDoc[] }> {
  const where = { unitPath: unitId };
  const [{ total }, { data }] = await Promise.all([db.collection(POLICIES).where(where).count(), db.collection(POLICIES).where(where).orderBy('publishedAt', 'desc').skip(opts.skip).limit(opts.limit).get<PolicyDoc>()]);
  return { total, items: data };
}

/** A temporary link to a document's file (10 minutes). */
export async function fileUrl(p: PolicyDoc): Promise<string> {
  return (await storage.tempUrls([p.file.fileId], 600)).get(p.file.fileId) ?? '';
}
