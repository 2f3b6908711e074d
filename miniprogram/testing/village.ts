/**
 * Test-only: villagers in the demo county, as issue 9 has them. A village's group is bound by its
 * 村群管理员 (`village.bindGroup`), a WeChat user opens the card from it (`village.enter`), both
 * with a cloudID the local cloud signs for them, as WeChat would; complaints are raised,
 * dispatched and answered through the real actions; files go up as `wx.uploadFile` sends them.
 * Whatever the demo seed already holds (bound groups, memberships) is taken as it is.
 */
import type { TestCloud } from '../../test/harness';
import { nodeUpload } from './wx';

export const SHIBADONG = 'vil-shibadong';
/** The demo groups are `demo-group-<villageId>`. */
export const groupOf = (villageId: string) => `demo-group-${villageId}`;
/** 龙彩霞, 村群管理员 of 十八洞村 and 金龙村. */
export const GROUP_ADMIN = 'demo-ga-shuanglong';
/** 吴春兰 of 花垣县民政局 (a department of the county 十八洞村 is in). */
export const CIVIL = 'demo-hy-dept-civil';
export const CIVIL_PERSON = 'p-hy-dept-civil';

export const cloudId = (tc: TestCloud, openid: string, opengid: string) => tc.cloud.functions.issueCloudId(openid, { opengid });

async function ok(tc: TestCloud, action: string, input: unknown, openid: string): Promise<any> {
  const a = await tc.call(action, input, openid);
  if (!a.ok) throw new Error(`${action} as ${openid}: ${a.code} ${a.message}`);
  return a.data;
}

/** The demo 村群管理员 of each village (scripts/demo/data.ts). */
const ADMINS: Record<string, string> = {
  'vil-shibadong': GROUP_ADMIN,
  'vil-jinlong': GROUP_ADMIN,
  'vil-hangsha': 'demo-ga-lvdongshan',
  'vil-lvdong': 'demo-ga-lvdongshan',
  'vil-hangji': 'demo-ga-lvdongshan',
};

/** Bind `opengid` to the village by its 村群管理员 (a retry when it is bound already). */
export async function bindGroup(tc: TestCloud, villageId = SHIBADONG, opengid = groupOf(villageId), admin = ADMINS[villageId] ?? GROUP_ADMIN): Promise<void> {
  await ok(tc, 'village.bindGroup', { villageId, groupCloudId: cloudId(tc, admin, opengid) }, admin);
}

/** `openid` opens the card from the village's group (bound first). */
export async function asVillager(tc: TestCloud, openid: string, villageId = SHIBADONG): Promise<void> {
  await bindGroup(tc, villageId);
  await ok(tc, 'village.enter', { groupCloudId: cloudId(tc, openid, groupOf(villageId)) }, openid);
}

let n = 0;
/** A complaint raised by `openid` through the real action; its id. */
export async function raised(tc: TestCloud, openid: string, extra: Record<string, unknown> = {}, villageId = SHIBADONG): Promise<string> {
  const data = await ok(tc, 'complaint.raise', { villageId, clientId: `test-raise-${++n}-${Date.now().toString(36)}`, text: '村口的路灯坏了两个月，晚上看不见路', ...extra }, openid);
  return data.id as string;
}

/** 双龙镇 dispatches it to 花垣县民政局, which answers (with the photos given). */
export async function answered(tc: TestCloud, id: string, text = '已联系电工，路灯已于5月14日修好', photoFileIds: string[] = []): Promise<void> {
  const c = await tc.call('complaint.get', { id }, 'demo-sl-staff');
  if (c.data?.complaint.status !== 'dispatched') await ok(tc, 'complaint.dispatch', { id, category: 'service', unitId: 'county-huayuan', departmentId: 'dept-huayuan-civil' }, 'demo-sl-staff');
  await ok(tc, 'complaint.answer', { id, text, photoFileIds }, CIVIL);
}

/** Upload `bytes` to `cloudPath` as `openid`, as a page's `wx.uploadFile` does; the file's cloud:// id. */
export function uploadAs(tc: TestCloud, openid: string, cloudPath: string, bytes: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    nodeUpload(
      {
        url: `${tc.cloud.url}/_local/upload`,
        filePath: `wxfile://tmp/${cloudPath.split('/').pop()}`,
        name: 'file',
        formData: { cloudPath },
        header: { 'x-openid': openid },
        success: (res) => {
          const body = JSON.parse(String(res.data)) as { ok: boolean; data?: { fileID: string } };
          if (body.ok && body.data) resolve(body.data.fileID);
          else reject(new Error(`upload ${cloudPath}: ${String(res.data)}`));
        },
        fail: (err) => reject(new Error(err.errMsg)),
      },
      bytes,
    );
  });
}

/** A notice the village's 村群管理员 publishes (attachments uploaded into the village's folder); its id. */
export async function published(tc: TestCloud, notice: { kind: 'village' | 'party' | 'finance'; title: string; body: string; files?: { name: string; bytes: Buffer }[] }, villageId = SHIBADONG, admin = GROUP_ADMIN): Promise<string> {
  const attachments: { fileId: string; name: string }[] = [];
  for (const f of notice.files ?? []) attachments.push({ fileId: await uploadAs(tc, admin, `notices/${villageId}/${++n}-${f.name.replace(/[^\w.-]/g, '_')}`, f.bytes), name: f.name });
  const data = await ok(tc, 'publicNotice.publish', { villageId, clientId: `test-notice-${++n}-${Date.now().toString(36)}`, kind: notice.kind, title: notice.title, body: notice.body, attachments }, admin);
  return data.id as string;
}
