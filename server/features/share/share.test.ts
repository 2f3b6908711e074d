/** Experience sharing: posting (and the photo limit), the feed by scope, featuring by staff in scope, likes counted once, comments and their deletion, withdrawal, refusals. */
import { startTestCloud, type TestCloud } from '../../../test/harness';
import { seedDemo } from '../../../scripts/demo/seed';
import { db } from '../../platform/cloud';

const FS = 'demo-fs-shibadong'; // 蒋文博, 十八洞村 (双龙镇, 花垣县)
const TM = 'demo-tm-shibadong-1'; // 石婷, 十八洞村
const JINLONG = 'demo-fs-jinlong'; // 金龙村 (双龙镇)
const AIMEN = 'demo-fs-aimen'; // 隘门村 (边城镇, 花垣县)
const HANGSHA = 'demo-fs-hangsha'; // 夯沙村 (保靖县)
const TOWN = 'demo-sl-staff'; // 双龙镇
const BIANCHENG = 'demo-bc-staff'; // 边城镇 (花垣县, not over 十八洞村)
const COUNTY = 'demo-hy-staff'; // 花垣县
const BJ = 'demo-bj-staff'; // 保靖县

let t: TestCloud;
let n = 0;
const cid = () => `share-${++n}-abcdefgh`;
const at = (iso: string) => t.cloud.clock.set(iso, { frozen: true });

async function upload(openid: string, cloudPath: string): Promise<string> {
  const form = new FormData();
  form.append('cloudPath', cloudPath);
  form.append('file', new Blob([Buffer.from('jpeg bytes')]), 'x.jpg');
  const res = await fetch(`${t.cloud.url}/_local/upload`, { method: 'POST', body: form, headers: { 'x-openid': openid } });
  return ((await res.json()) as { data: { fileID: string } }).data.fileID;
}
const photos = (openid: string, personId: string, k: number) => Promise.all(Array.from({ length: k }, () => upload(openid, `shares/${personId}/${++n}.jpg`)));

async function share(openid: string, text: string, extra: object = {}): Promise<string> {
  const r = await t.call('share.post', { clientId: cid(), text, ...extra }, openid);
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.data.id as string;
}
const feedIds = async (openid: string, input: object = {}) => {
  const r = await t.call('share.feed', input, openid);
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.data.items.map((i: { id: string }) => i.id) as string[];
};
const shares = async () => (await db.collection('shares').count()).total;

beforeAll(async () => {
  t = await startTestCloud();
  at('2026-05-12T10:00:00+08:00');
  await seedDemo();
}, 60_000);
afterAll(() => t.stop());

describe('posting and the feed', () => {
  it('posts with photos once however often it is sent, and shows it to the county’s cadres and the staff over it only', async () => {
    const fileIds = await photos(FS, 'p-fs-shibadong', 2);
    const input = { clientId: cid(), title: '猕猴桃丰收了', text: '今年十八洞村猕猴桃亩产提高两成，合作社分红到户。', photoFileIds: fileIds };
    const before = await shares();
    const [a, b] = await Promise.all([t.call('share.post', input, FS), t.call('share.post', input, FS)]);
    expect(a).toMatchObject({ ok: true, data: { personName: '蒋文博', villageName: '十八洞村', title: '猕猴桃丰收了', likes: 0, commentCount: 0, featured: false, mine: true } });
    expect(a.data.photos).toHaveLength(2);
    expect(a.data.photos[0].url).toMatch(/^http/);
    expect(b.data.id).toBe(a.data.id);
    expect((await t.call('share.post', input, FS)).data.id).toBe(a.data.id);
    expect(await shares()).toBe(before + 1);

    at('2026-05-12T11:00:00+08:00');
    const later = await share(AIMEN, '边城镇隘门村开了第一场院坝会。');
    at('2026-05-12T12:00:00+08:00');
    const bj = await share(HANGSHA, '夯沙村的黄金茶开采了。');

    // Cadres: their county's, newest first.
    expect(await feedIds(TM)).toEqual([later, a.data.id]);
    expect(await feedIds(AIMEN)).toEqual([later, a.data.id]);
    expect(await feedIds(HANGSHA)).toEqual([bj]);
    const fsFeed = await t.call('share.feed', {}, FS);
    expect(fsFeed.data).toMatchObject({ unitId: 'county-huayuan', total: 2, uploadFolder: 'shares/p-fs-shibadong/' });
    expect(await feedIds(FS, { unitId: 'vil-shibadong' })).toEqual([a.data.id]);
    // Staff: their scope's (by default their own unit).
    expect(await feedIds(TOWN)).toEqual([a.data.id]);
    expect(await feedIds(BIANCHENG)).toEqual([later]);
    expect(await feedIds(COUNTY)).toEqual([later, a.data.id]);
    expect(await feedIds('demo-city-staff-xiang')).toEqual([bj, later, a.data.id]);
    expect((await t.call('share.feed', {}, COUNTY)).data.uploadFolder).toBeNull();
    // Out of scope.
    expect(await t.call('share.feed', { unitId: 'town-shuanglong' }, BIANCHENG)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('share.feed', { unitId: 'county-huayuan' }, BJ)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('share.feed', { unitId: 'county-huayuan' }, FS)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('share.feed', {}, 'demo-tutor')).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('share.get', { id: a.data.id }, HANGSHA)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('share.get', { id: a.data.id }, BIANCHENG)).toMatchObject({ ok: false, code: 'forbidden' });
    expect((await t.call('share.get', { id: a.data.id }, AIMEN)).data).toMatchObject({ title: '猕猴桃丰收了', mine: false, canFeature: false });
  });

  it('refuses more than 9 photos, photos not of the author’s folder, and bad text, writing nothing', async () => {
    const before = await shares();
    const ten = await photos(FS, 'p-fs-shibadong', 10);
    const over = await t.call('share.post', { clientId: cid(), text: '驻村一年的体会', photoFileIds: ten }, FS);
    expect(over).toMatchObject({ ok: false, code: 'invalid_input', issues: [{ path: 'photoFileIds', message: '最多上传9张照片' }] });
    const others = await photos(TM, 'p-tm-shibadong-1', 1);
    const refused = async (input: object, openid = FS, code = 'invalid_input') => expect(await t.call('share.post', { clientId: cid(), text: '驻村一年的体会', ...input }, openid)).toMatchObject({ ok: false, code });
    await refused({ photoFileIds: [...ten.slice(0, 8), others[0]] }); // someone else's photo
    await refused({ photoFileIds: ['cloud://local.bucket/shares/p-fs-shibadong/never-uploaded.jpg'] });
    await refused({ photoFileIds: [ten[0], ten[0]] });
    await refused({ text: '' });
    await refused({ text: '字'.repeat(1001) });
    await refused({ title: '题'.repeat(41) });
    await refused({}, COUNTY, 'forbidden'); // staff feature posts, they do not post
    await refused({}, 'o-nobody', 'not_bound');
    expect(await shares()).toBe(before);
    // Nine photos and a thousand characters are fine.
    const ok = await t.call('share.post', { clientId: cid(), text: '字'.repeat(1000), photoFileIds: ten.slice(0, 9) }, FS);
    expect(ok).toMatchObject({ ok: true });
    expect(ok.data.photos).toHaveLength(9);
    expect(await shares()).toBe(before + 1);
    await t.call('share.withdraw', { id: ok.data.id }, FS);
  });
});

describe('featuring', () => {
  it('is for staff over the post only, with who and when, and puts featured posts first on request', async () => {
    at('2026-05-13T09:00:00+08:00');
    const older = await share(JINLONG, '金龙村把闲置民房改成了民宿。');
    at('2026-05-13T10:00:00+08:00');
    const newer = await share(JINLONG, '金龙村的第二场技能培训。');
    const writes = (await db.collection('audit').count()).total;
    for (const who of [BIANCHENG, BJ, FS, JINLONG]) expect(await t.call('share.feature', { id: older, featured: true }, who)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('share.feature', { id: 'sh-000000000000000000000000', featured: true }, TOWN)).toMatchObject({ ok: false, code: 'forbidden' });
    expect((await db.collection('audit').count()).total).toBe(writes);
    expect((await getDoc(older)).featured).toBe(false);

    at('2026-05-13T11:00:00+08:00');
    expect(await t.call('share.feature', { id: older, featured: true }, TOWN)).toMatchObject({ ok: true, data: { featured: true, featuredByName: '龙小燕', featuredAt: '2026-05-13T03:00:00.000Z' } });
    expect(await t.call('share.feature', { id: older, featured: true }, TOWN)).toMatchObject({ ok: true, data: { featured: true } });
    const village = { unitId: 'vil-jinlong' };
    expect(await feedIds(TOWN, village)).toEqual([newer, older]);
    expect(await feedIds(TOWN, { ...village, featuredFirst: true })).toEqual([older, newer]);
    const item = (await t.call('share.feed', { ...village, featuredFirst: true }, JINLONG)).data.items[0];
    expect(item).toMatchObject({ id: older, featured: true, featuredByName: '龙小燕' });

    expect(await t.call('share.feature', { id: older, featured: false }, COUNTY)).toMatchObject({ ok: true, data: { featured: false, featuredByName: null, featuredAt: null } });
    expect(await feedIds(TOWN, { ...village, featuredFirst: true })).toEqual([newer, older]);
    const trail = await db.collection('audit').where({ 'target.id': older }).get();
    expect(trail.data.map((a) => [a.action, a.actorName])).toEqual([['share.feature', '龙小燕'], ['share.unfeature', '石慧敏']]);
  });
});

async function getDoc(id: string) {
  return (await db.collection('shares').doc(id).get()).data!;
}
const likeDocs = async (id: string) => (await db.collection('shareLikes').where({ shareId: id }).count()).total;

describe('likes', () => {
  it('counts one like per person, exactly, through retries and races', async () => {
    const id = await share(FS, '入户走访的第一百户。');
    expect(await t.call('share.like', { id, like: true }, TM)).toMatchObject({ ok: true, data: { likes: 1, liked: true } });
    expect(await t.call('share.like', { id, like: true }, TM)).toMatchObject({ ok: true, data: { likes: 1, liked: true } });
    // The same person twice at once, and two others at the same time.
    await Promise.all([t.call('share.like', { id, like: true }, JINLONG), t.call('share.like', { id, like: true }, JINLONG), t.call('share.like', { id, like: true }, AIMEN), t.call('share.like', { id, like: true }, FS)]);
    expect((await getDoc(id)).likes).toBe(4);
    expect(await likeDocs(id)).toBe(4);
    expect((await t.call('share.get', { id }, JINLONG)).data).toMatchObject({ likes: 4, liked: true });
    expect((await t.call('share.get', { id }, COUNTY)).data).toMatchObject({ likes: 4, liked: false, canFeature: true });
    // Unliking twice takes one away.
    await Promise.all([t.call('share.like', { id, like: false }, AIMEN), t.call('share.like', { id, like: false }, AIMEN)]);
    expect(await t.call('share.like', { id, like: false }, AIMEN)).toMatchObject({ ok: true, data: { likes: 3, liked: false } });
    expect(await t.call('share.like', { id, like: false }, 'demo-tm-shibadong-2')).toMatchObject({ ok: true, data: { likes: 3, liked: false } });
    expect((await getDoc(id)).likes).toBe(3);
    expect(await likeDocs(id)).toBe(3);
    const feed = (await t.call('share.feed', { unitId: 'vil-shibadong' }, TM)).data.items.find((i: { id: string }) => i.id === id);
    expect(feed).toMatchObject({ likes: 3, liked: true });

    // Another county's cadre, staff, and strangers: refused, nothing written.
    expect(await t.call('share.like', { id, like: true }, HANGSHA)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('share.like', { id, like: true }, COUNTY)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('share.like', { id, like: true }, 'o-nobody')).toMatchObject({ ok: false, code: 'not_bound' });
    expect(await t.call('share.like', { id: 'sh-000000000000000000000000', like: true }, TM)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await likeDocs(id)).toBe(3);
  });
});

describe('comments and withdrawal', () => {
  it('keeps a retried comment once; its author or staff in scope delete it, nobody else', async () => {
    const id = await share(FS, '村里的夜校开课了。');
    const input = { id, clientId: cid(), text: '向你们学习！' };
    const [a, b] = await Promise.all([t.call('share.comment', input, TM), t.call('share.comment', input, TM)]);
    expect(a).toMatchObject({ ok: true, data: { comment: { personName: '石婷', text: '向你们学习！', canDelete: true } } });
    expect(b.data.comment.id).toBe(a.data.comment.id);
    const c2 = await t.call('share.comment', { id, clientId: cid(), text: '夜校教什么？' }, AIMEN);
    expect(c2).toMatchObject({ ok: true, data: { commentCount: 2 } });
    const opened = await t.call('share.get', { id }, FS);
    expect(opened.data.comments.map((c: { text: string; canDelete: boolean }) => [c.text, c.canDelete])).toEqual([['向你们学习！', false], ['夜校教什么？', false]]);
    expect((await t.call('share.get', { id }, TOWN)).data.comments.every((c: { canDelete: boolean }) => c.canDelete)).toBe(true);

    // Refused: another county's cadre comments; the post's author, another cadre and staff out of scope delete.
    expect(await t.call('share.comment', { id, clientId: cid(), text: '好' }, HANGSHA)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('share.comment', { id, clientId: cid(), text: '好' }, COUNTY)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('share.comment', { id, clientId: cid(), text: '字'.repeat(201) }, TM)).toMatchObject({ ok: false, code: 'invalid_input' });
    const c1 = a.data.comment.id;
    for (const who of [FS, AIMEN, BIANCHENG, BJ]) expect(await t.call('share.deleteComment', { id, commentId: c1 }, who)).toMatchObject({ ok: false, code: 'forbidden' });
    expect((await getDoc(id)).commentCount).toBe(2);

    expect(await t.call('share.deleteComment', { id, commentId: c1 }, TM)).toMatchObject({ ok: true, data: { commentCount: 1 } });
    expect(await t.call('share.deleteComment', { id, commentId: c1 }, TM)).toMatchObject({ ok: true, data: { commentCount: 1 } });
    // The retry of a deleted comment does not bring it back.
    expect((await t.call('share.comment', input, TM)).data.commentCount).toBe(1);
    expect(await t.call('share.deleteComment', { id, commentId: c2.data.comment.id }, TOWN)).toMatchObject({ ok: true, data: { commentCount: 0 } });
    expect((await t.call('share.get', { id }, TM)).data).toMatchObject({ commentCount: 0, comments: [] });
    const trail = await db.collection('audit').where({ 'target.id': id }).get();
    expect(trail.data).toMatchObject([{ action: 'share.deleteComment', actorName: '龙小燕', before: { text: '夜校教什么？' } }]);
  });

  it('lets the author alone withdraw a post: gone from the feed, no more likes or comments', async () => {
    const id = await share(FS, '写错了，撤回。');
    expect(await t.call('share.withdraw', { id }, TM)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('share.withdraw', { id }, COUNTY)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('share.withdraw', { id, reason: '内容有误' }, FS)).toMatchObject({ ok: true, data: { withdrawn: { reason: '内容有误' } } });
    expect(await t.call('share.withdraw', { id }, FS)).toMatchObject({ ok: true, data: { withdrawn: { reason: '内容有误' } } });
    expect(await feedIds(TM)).not.toContain(id);
    expect(await t.call('share.get', { id }, TM)).toMatchObject({ ok: false, code: 'not_found' });
    expect((await t.call('share.get', { id }, FS)).data).toMatchObject({ withdrawn: { reason: '内容有误' } });
    expect(await t.call('share.like', { id, like: true }, TM)).toMatchObject({ ok: false, code: 'not_found' });
    expect(await t.call('share.comment', { id, clientId: cid(), text: '好' }, TM)).toMatchObject({ ok: false, code: 'not_found' });
    expect(await t.call('share.feature', { id, featured: true }, TOWN)).toMatchObject({ ok: false, code: 'not_found' });
  });
});
