/** The policy library: publishing (and its refusals, and retries), search by keyword and tag within the caller's own unit path, tags, opening, withdrawing and editing. */
import { startTestCloud, type TestCloud } from '../../../test/harness';
import { seedDemo } from '../../../scripts/demo/seed';
import { db } from '../../platform/cloud';

const CADRE = 'demo-fs-shibadong'; // 十八洞村 (双龙镇, 花垣县)
const BJ_CADRE = 'demo-fs-hangsha'; // 夯沙村 (吕洞山镇, 保靖县)
const CITY = 'demo-city-staff-xiang';
const COUNTY = 'demo-hy-staff'; // 花垣县
const TOWN = 'demo-sl-staff'; // 双龙镇
const BJ = 'demo-bj-staff'; // 保靖县

let t: TestCloud;
let n = 0;
const cid = () => `policy-${++n}-abcdefgh`;

async function upload(openid: string, cloudPath: string): Promise<string> {
  const form = new FormData();
  form.append('cloudPath', cloudPath);
  form.append('file', new Blob([Buffer.from('%PDF-1.4 政策文件')]), 'x.pdf');
  const res = await fetch(`${t.cloud.url}/_local/upload`, { method: 'POST', body: form, headers: { 'x-openid': openid } });
  return ((await res.json()) as { data: { fileID: string } }).data.fileID;
}

async function doc(openid: string, unitId: string, fields: { title: string; issuer: string; docNumber?: string; issuedOn: string; tags: string[]; summary: string }) {
  const fileId = await upload(openid, `policies/${unitId}/${++n}.pdf`);
  const r = await t.call('policy.publish', { unitId, clientId: cid(), ...fields, file: { fileId, name: `${fields.title}.pdf` } }, openid);
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.data.id as string;
}

const titles = (r: { ok: boolean; data?: any }): string[] => (r.ok ? r.data.items.map((i: { title: string }) => i.title) : [`refused: ${JSON.stringify(r)}`]);

let cityDoc: string;
let countyDoc: string;
let townDoc: string;
let bjDoc: string;

beforeAll(async () => {
  t = await startTestCloud();
  t.cloud.clock.set('2026-05-12T10:00:00+08:00', { frozen: true });
  await seedDemo();
  cityDoc = await doc(CITY, 'city-xiangxi', { title: '湘西州驻村第一书记管理办法', issuer: '中共湘西州委组织部', docNumber: '州组发〔2026〕3号', issuedOn: '2026-03-01', tags: ['驻村管理', '考核'], summary: '明确第一书记的职责、考勤、请假和考核办法。' });
  countyDoc = await doc(COUNTY, 'county-huayuan', { title: '花垣县村级集体经济发展三年行动方案', issuer: '花垣县农业农村局', issuedOn: '2026-04-20', tags: ['乡村振兴', '集体经济'], summary: '支持村集体发展猕猴桃、茶叶产业，配套 Wi-Fi 电商服务站。' });
  townDoc = await doc(TOWN, 'town-shuanglong', { title: '双龙镇人居环境整治工作安排', issuer: '双龙镇人民政府', docNumber: '双政发〔2026〕8号', issuedOn: '2026-05-06', tags: ['人居环境', '乡村振兴'], summary: '每月开展一次全镇卫生评比。' });
  bjDoc = await doc(BJ, 'county-baojing', { title: '保靖县驻村工作队考勤细则', issuer: '保靖县委组织部', issuedOn: '2026-05-08', tags: ['驻村管理', '乡村振兴'], summary: '驻村工作队员每日签到，乡村振兴工作纳入考核。' });
}, 60_000);
afterAll(() => t.stop());

describe('search in the policy library', () => {
  it('shows a cadre the documents of every unit on their path, newest issue date first, and no other county’s', async () => {
    const all = await t.call('policy.search', {}, CADRE);
    expect(all).toMatchObject({ ok: true, data: { total: 3 } });
    expect(titles(all)).toEqual(['双龙镇人居环境整治工作安排', '花垣县村级集体经济发展三年行动方案', '湘西州驻村第一书记管理办法']);
    expect(all.data.items[2]).toMatchObject({ unitName: '湘西土家族苗族自治州', issuer: '中共湘西州委组织部', docNumber: '州组发〔2026〕3号', tags: ['驻村管理', '考核'], withdrawn: null });
    // The other county's cadre: the city's and their own county's, not 花垣县's.
    expect(titles(await t.call('policy.search', {}, BJ_CADRE))).toEqual(['保靖县驻村工作队考勤细则', '湘西州驻村第一书记管理办法']);
    // County staff read what applies to them (the city's and the county's), not a township's below.
    expect(titles(await t.call('policy.search', {}, COUNTY))).toEqual(['花垣县村级集体经济发展三年行动方案', '湘西州驻村第一书记管理办法']);
    // Paged.
    const page = await t.call('policy.search', { skip: 1, limit: 1 }, CADRE);
    expect(page.data).toMatchObject({ total: 3, items: [{ id: countyDoc }] });
  });

  it('matches a keyword in the title, a tag, the issuing body, the document number or the summary, case-insensitively and literally', async () => {
    const q = async (text: string, openid = CADRE) => titles(await t.call('policy.search', { q: text }, openid));
    expect(await q('管理办法')).toEqual(['湘西州驻村第一书记管理办法']); // title
    expect(await q('集体经济')).toEqual(['花垣县村级集体经济发展三年行动方案']); // title and tag
    expect(await q('人居')).toEqual(['双龙镇人居环境整治工作安排']);
    expect(await q('考核')).toEqual(['湘西州驻村第一书记管理办法']); // a tag (and the summary)
    expect(await q('乡村振兴')).toEqual(['双龙镇人居环境整治工作安排', '花垣县村级集体经济发展三年行动方案']); // tags only
    expect(await q('农业农村局')).toEqual(['花垣县村级集体经济发展三年行动方案']); // issuing body only
    expect(await q('组织部')).toEqual(['湘西州驻村第一书记管理办法']); // issuing body; 保靖县委组织部's is not on the path
    expect(await q('〔2026〕8号')).toEqual(['双龙镇人居环境整治工作安排']); // document number
    expect(await q('wi-fi')).toEqual(['花垣县村级集体经济发展三年行动方案']); // summary, any case
    // The user's text is literal, not a pattern.
    expect(await q('.*')).toEqual([]);
    expect(await q('(')).toEqual([]);
    expect(await q('乡村振兴', BJ_CADRE)).toEqual(['保靖县驻村工作队考勤细则']);
  });

  it('filters by tag, with a keyword too, and lists the tags in use with their counts', async () => {
    expect(titles(await t.call('policy.search', { tag: '乡村振兴' }, CADRE))).toEqual(['双龙镇人居环境整治工作安排', '花垣县村级集体经济发展三年行动方案']);
    expect(titles(await t.call('policy.search', { tag: '乡村振兴', q: '花垣' }, CADRE))).toEqual(['花垣县村级集体经济发展三年行动方案']);
    // A tag is matched whole: 振兴 is no tag.
    expect(titles(await t.call('policy.search', { tag: '振兴' }, CADRE))).toEqual([]);
    const tags = await t.call('policy.tags', {}, CADRE);
    expect(tags.data.tags).toEqual([
      { tag: '乡村振兴', count: 2 },
      { tag: '人居环境', count: 1 },
      { tag: '考核', count: 1 },
      { tag: '集体经济', count: 1 },
      { tag: '驻村管理', count: 1 },
    ]);
    expect((await t.call('policy.tags', {}, BJ_CADRE)).data.tags).toEqual([
      { tag: '驻村管理', count: 2 },
      { tag: '乡村振兴', count: 1 },
      { tag: '考核', count: 1 },
    ]);
  });

  it('opens a document that applies to the caller, with a link to its file; nobody else’s', async () => {
    const r = await t.call('policy.open', { id: countyDoc }, CADRE);
    expect(r).toMatchObject({ ok: true, data: { title: '花垣县村级集体经济发展三年行动方案', fileName: '花垣县村级集体经济发展三年行动方案.pdf', canManage: false } });
    expect(r.data.url).toMatch(/^http/);
    expect((await t.call('policy.open', { id: cityDoc }, BJ_CADRE)).ok).toBe(true);
    expect((await t.call('policy.open', { id: townDoc }, CITY)).data).toMatchObject({ canManage: true });
    // 花垣县's document is not 保靖县's cadre's; a made-up id answers the same.
    const foreign = await t.call('policy.open', { id: countyDoc }, BJ_CADRE);
    expect(foreign).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('policy.open', { id: 'po-000000000000000000000000' }, BJ_CADRE)).toEqual(foreign);
    expect(await t.call('policy.open', { id: bjDoc }, CADRE)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('policy.search', {}, 'demo-tutor')).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('lets staff in scope edit tags and summary, and withdraw: withdrawn documents are gone from search, tags and opening', async () => {
    expect(await t.call('policy.update', { id: countyDoc, tags: ['产业发展'] }, TOWN)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('policy.update', { id: countyDoc }, COUNTY)).toMatchObject({ ok: false, code: 'invalid_input' });
    const u = await t.call('policy.update', { id: countyDoc, tags: ['产业发展', '集体经济', '产业发展'] }, COUNTY);
    expect(u).toMatchObject({ ok: true, data: { tags: ['产业发展', '集体经济'], summary: '支持村集体发展猕猴桃、茶叶产业，配套 Wi-Fi 电商服务站。' } });
    expect(titles(await t.call('policy.search', { tag: '产业发展' }, CADRE))).toEqual(['花垣县村级集体经济发展三年行动方案']);
    expect(titles(await t.call('policy.search', { tag: '乡村振兴' }, CADRE))).toEqual(['双龙镇人居环境整治工作安排']);

    expect(await t.call('policy.withdraw', { id: townDoc, reason: '已被新文件替代' }, BJ)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('policy.withdraw', { id: townDoc, reason: '已被新文件替代' }, CADRE)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('policy.withdraw', { id: townDoc, reason: '已被新文件替代' }, COUNTY)).toMatchObject({ ok: true, data: { withdrawn: { byName: '石慧敏', reason: '已被新文件替代' } } });
    expect(titles(await t.call('policy.search', {}, CADRE))).toEqual(['花垣县村级集体经济发展三年行动方案', '湘西州驻村第一书记管理办法']);
    expect(titles(await t.call('policy.search', { q: '人居' }, CADRE))).toEqual([]);
    expect((await t.call('policy.tags', {}, CADRE)).data.tags.map((x: { tag: string }) => x.tag)).not.toContain('人居环境');
    expect(await t.call('policy.open', { id: townDoc }, CADRE)).toMatchObject({ ok: false, code: 'not_found' });
    expect(await t.call('policy.update', { id: townDoc, summary: '改一改' }, TOWN)).toMatchObject({ ok: false, code: 'conflict' });
    // On record for the staff who manage it.
    expect((await t.call('policy.open', { id: townDoc }, TOWN)).data).toMatchObject({ canManage: true, withdrawn: { reason: '已被新文件替代' } });
    const manage = await t.call('policy.manage', { unitId: 'county-huayuan' }, COUNTY);
    expect(manage).toMatchObject({ ok: true, data: { uploadFolder: 'policies/county-huayuan/', total: 2 } });
    expect(manage.data.items.find((i: { id: string }) => i.id === townDoc)).toMatchObject({ withdrawn: { reason: '已被新文件替代' } });
    const trail = await db.collection('audit').where({ 'target.id': townDoc }).get();
    expect(trail.data.map((a) => a.action).sort()).toEqual(['policy.publish', 'policy.withdraw']);
  });
});

describe('publishing', () => {
  it('is refused out of scope, without a file of the unit’s folder, or with bad fields, and writes nothing', async () => {
    const before = (await db.collection('policies').count()).total;
    const audits = (await db.collection('audit').count()).total;
    const fileId = await upload(COUNTY, 'policies/county-huayuan/draft.pdf');
    const base = { unitId: 'county-huayuan', title: '花垣县驻村干部培训计划', issuer: '花垣县委组织部', issuedOn: '2026-05-10', tags: ['培训'], summary: '全年安排四期培训。', file: { fileId, name: '培训计划.pdf' } };
    const refused = async (input: object, openid: string, code: string) => expect(await t.call('policy.publish', { clientId: cid(), ...base, ...input }, openid)).toMatchObject({ ok: false, code });
    await refused({}, TOWN, 'forbidden'); // a township's staff, for the county
    await refused({}, BJ, 'forbidden'); // another county's staff
    await refused({}, CADRE, 'forbidden'); // cadres read, they do not publish
    await refused({}, 'o-nobody', 'not_bound');
    const elsewhere = await upload(BJ, 'policies/county-baojing/x.pdf');
    await refused({ file: { fileId: elsewhere, name: 'x.pdf' } }, COUNTY, 'invalid_input'); // another unit's folder
    await refused({ file: { fileId: 'cloud://local.bucket/policies/county-huayuan/never-uploaded.pdf', name: 'x.pdf' } }, COUNTY, 'invalid_input');
    await refused({ file: { fileId: 'cloud://local.bucket/policies/county-huayuan/../county-baojing/x.pdf', name: 'x.pdf' } }, COUNTY, 'invalid_input');
    await refused({ issuedOn: '2026-05-13' }, COUNTY, 'invalid_input'); // after today
    await refused({ issuedOn: '2026-02-30' }, COUNTY, 'invalid_input');
    await refused({ tags: ['一', '二', '三', '四', '五', '六', '七', '八', '九'] }, COUNTY, 'invalid_input');
    await refused({ tags: ['乡村 振兴'] }, COUNTY, 'invalid_input');
    await refused({ title: '' }, COUNTY, 'invalid_input');
    await refused({ summary: 'x'.repeat(1001) }, COUNTY, 'invalid_input');
    await refused({ extra: 1 }, COUNTY, 'invalid_input');
    const r = await t.call('policy.publish', { clientId: cid(), ...base, issuer: '' }, COUNTY);
    expect(r).toMatchObject({ ok: false, code: 'invalid_input', issues: [{ path: 'issuer' }] });
    expect((await db.collection('policies').count()).total).toBe(before);
    expect((await db.collection('audit').count()).total).toBe(audits);
  });

  it('publishes a retried request once', async () => {
    const fileId = await upload(COUNTY, 'policies/county-huayuan/retry.pdf');
    const input = { unitId: 'county-huayuan', clientId: cid(), title: '花垣县驻村补助发放办法', issuer: '花垣县财政局', docNumber: '花财发〔2026〕12号', issuedOn: '2026-05-12', tags: ['驻村补助'], summary: '按在岗天数发放生活、交通、通讯补助。', file: { fileId, name: '发放办法.pdf' } };
    const before = (await db.collection('policies').count()).total;
    const [a, b] = await Promise.all([t.call('policy.publish', input, COUNTY), t.call('policy.publish', input, COUNTY)]);
    const c = await t.call('policy.publish', input, COUNTY);
    expect(a).toMatchObject({ ok: true, data: { unitName: '花垣县', docNumber: '花财发〔2026〕12号', publishedByName: '石慧敏' } });
    expect(b.data.id).toBe(a.data.id);
    expect(c.data.id).toBe(a.data.id);
    expect((await db.collection('policies').count()).total).toBe(before + 1);
    expect((await db.collection('audit').where({ 'target.id': a.data.id }).count()).total).toBe(1);
    expect(titles(await t.call('policy.search', { q: '补助' }, CADRE))).toEqual(['花垣县驻村补助发放办法']);
  });
});
