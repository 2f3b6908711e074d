/**
 * Subscription-message contract: `cloud.openapi.subscribeMessage.send` through the real SDK
 * (multipart + protobuf on the wire) into the local outbox. Field limits by the key's type,
 * WeChat's errcodes, and the one-grant-per-tap rule. Grants come from taps in the mini program,
 * so nearly every case runs against the local cloud only (`local.describe`).
 */
import type { LocalCloud } from '../index';
import { local, startTarget, type ContractTarget } from './target';

let target: ContractTarget;
let cloud: any;

const USER = 'oLocalUser0000000000000000001';
const TPL = 'TPL-duty-reminder_01';

/** The local cloud (only in local cases). */
const lc = (): LocalCloud => target.cloud as LocalCloud;

beforeAll(async () => {
  target = await startTarget({ collections: [] });
  cloud = require('wx-server-sdk');
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
});

afterAll(async () => {
  await target.stop();
});

beforeEach(() => {
  if (target.cloud) {
    target.cloud.messages.reset();
    target.cloud.clock.reset();
  }
});

function send(data: Record<string, { value: unknown }>, extra: Record<string, unknown> = {}): Promise<{ errCode: number; errMsg: string }> {
  return cloud.openapi.subscribeMessage.send({ touser: USER, templateId: TPL, page: 'pages/duty/index?id=1', data, miniprogramState: 'developer', ...extra });
}

async function sendError(data: Record<string, { value: unknown }>, extra: Record<string, unknown> = {}): Promise<{ errCode: number; errMsg: string; message: string } & Error> {
  try {
    await send(data, extra);
  } catch (e) {
    return e as { errCode: number; errMsg: string; message: string } & Error;
  }
  throw new Error(`send was accepted: ${JSON.stringify(data)}`);
}

const han = (n: number): string => '岗'.repeat(n);
const digits = (n: number): string => '7'.repeat(n);

/** [key, value at the limit (accepted), value one past it (refused)] */
const LIMITS: [string, string, string][] = [
  ['thing1', 'a'.repeat(10) + han(10), 'a'.repeat(10) + han(11)],
  ['phrase2', han(5), han(6)],
  ['name3', han(10), han(11)],
  ['name4', 'Abcdefghij Klmnopqrs', 'Abcdefghij Klmnopqrst'],
  ['character_string5', 'A-1_' + 'x'.repeat(28), 'A-1_' + 'x'.repeat(29)],
  ['number6', digits(32), digits(33)],
  ['letter7', 'z'.repeat(32), 'z'.repeat(33)],
  ['symbol8', '!@#%&', '!@#%&*'],
  ['amount9', `¥${digits(8)}.50元`, `¥${digits(9)}.50元`],
  ['phone_number10', '+86-0766-66888866', '+86-0766-668888661'],
  ['car_number11', '粤A8Z888挂', '粤A8Z8888挂'],
];

local.describe('field limits by the key type (errcode 47003)', () => {
  it.each(LIMITS)('%s: accepted at the limit, refused one past it', async (key, atLimit, past) => {
    lc().messages.grant(USER, TPL, 1);
    await expect(send({ [key]: { value: atLimit } })).resolves.toEqual({ errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' });
    lc().messages.grant(USER, TPL, 1);
    const e = await sendError({ [key]: { value: past } });
    expect(e.errCode).toBe(47003);
    expect(e.errMsg).toMatch(new RegExp(`^openapi\\.subscribeMessage\\.send:fail argument invalid! data\\.${key}\\.value invalid rid: [0-9a-f-]+$`));
    // A refused send spends no grant.
    expect(lc().messages.grants(USER, TPL)).toBe(1);
  });

  it.each([
    '2026年3月2日 09:30', '2026-03-02 09:30', '15:01', '2026年3月2日', '09:00:30', '2026/3/2 09:05',
    '2026年3月2日 09:00~2026年3月2日 18:00', '09:00~18:00', '3月2日 09:30', '2026.03.02',
  ])('time accepts %s', async (value) => {
    lc().messages.grant(USER, TPL, 1);
    await expect(send({ time1: { value } })).resolves.toMatchObject({ errCode: 0 });
  });

  it.each([
    '2026年13月2日', '2026-02-30 09:30', '24:00', '9点30分', 'tomorrow', '2026-03-02T09:30:00Z', '09:61', '2026年3月2日09:30', '9:30',
  ])('time refuses %s', async (value) => {
    lc().messages.grant(USER, TPL, 1);
    expect((await sendError({ time1: { value } })).errCode).toBe(47003);
  });

  it.each(['2026年3月2日', '2026-03-02', '2026/03/02', '2026.03.02', '2026-03', '03-02', '2026年3月2日 15:01'])('date accepts %s', async (value) => {
    lc().messages.grant(USER, TPL, 1);
    await expect(send({ date2: { value } })).resolves.toMatchObject({ errCode: 0 });
  });

  it('refuses an empty value with "is empty", an unknown key type and a value that is not a string', async () => {
    lc().messages.grant(USER, TPL, 1);
    expect((await sendError({ thing1: { value: '' } })).errMsg).toContain('argument invalid! data.thing1.value is empty');
    expect((await sendError({ thing1: {} as { value: unknown } })).errMsg).toContain('data.thing1.value is empty');
    expect((await sendError({ title1: { value: 'x' } })).errCode).toBe(47003);
    expect((await sendError({ number1: { value: 12 } })).errCode).toBe(47003);
    expect((await sendError({ thing1: { value: '第一行\n第二行' } })).errCode).toBe(47003);
    expect((await sendError({ phrase1: { value: '已完成!' } })).errCode).toBe(47003);
    expect(lc().messages.grants(USER, TPL)).toBe(1);
  });
});

local.describe('grants: one per accepted tap', () => {
  it('refuses a send without a grant with 43101, in the shape WeChat errors take through the SDK', async () => {
    const e = await sendError({ thing1: { value: '今日值班' } });
    expect(e).toBeInstanceOf(Error);
    expect(e.errCode).toBe(43101);
    expect(e.errMsg).toMatch(/^openapi\.subscribeMessage\.send:fail user refuse to accept the msg rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
    expect(e.message).toMatch(/^errCode: 43101 .*\| errMsg: openapi\.subscribeMessage\.send:fail user refuse to accept the msg/);
    expect(lc().messages.outbox()).toHaveLength(0);
    expect(lc().messages.rejected()).toMatchObject([{ touser: USER, templateId: TPL, errcode: 43101 }]);
  });

  it('lets two grants pay for two sends; the third is refused', async () => {
    lc().messages.grant(USER, TPL);
    lc().messages.grant(USER, TPL);
    expect(lc().messages.grants(USER, TPL)).toBe(2);
    await send({ thing1: { value: '第一条' } });
    expect(lc().messages.grants(USER, TPL)).toBe(1);
    await send({ thing1: { value: '第二条' } });
    expect(lc().messages.grants(USER, TPL)).toBe(0);
    expect((await sendError({ thing1: { value: '第三条' } })).errCode).toBe(43101);
    expect(lc().messages.outbox().map((m) => m.data.thing1.value)).toEqual(['第一条', '第二条']);
  });

  it('keeps grants apart per user and per template', async () => {
    lc().messages.grant(USER, TPL, 1);
    expect((await sendError({ thing1: { value: 'x' } }, { templateId: 'TPL-other' })).errCode).toBe(43101);
    expect((await sendError({ thing1: { value: 'x' } }, { touser: 'oSomebodyElse000000000000001' })).errCode).toBe(43101);
    await send({ thing1: { value: 'x' } });
  });
});

local.describe('recipient, template and state', () => {
  it('refuses a bad touser with 40003 and a missing templateId with 40037', async () => {
    lc().messages.grant(USER, TPL, 5);
    expect((await sendError({ thing1: { value: 'x' } }, { touser: '' })).errCode).toBe(40003);
    expect((await sendError({ thing1: { value: 'x' } }, { touser: 'not an openid!' })).errMsg).toContain(':fail invalid openid rid: ');
    expect((await sendError({ thing1: { value: 'x' } }, { templateId: undefined })).errCode).toBe(40037);
    expect((await sendError({ thing1: { value: 'x' } }, { templateId: '' })).errMsg).toContain(':fail invalid template_id rid: ');
    expect(lc().messages.grants(USER, TPL)).toBe(5);
  });

  it('takes miniprogramState developer, trial or formal (formal when omitted), nothing else', async () => {
    lc().messages.grant(USER, TPL, 5);
    for (const s of ['developer', 'trial', 'formal']) await send({ thing1: { value: s } }, { miniprogramState: s });
    await send({ thing1: { value: 'default' } }, { miniprogramState: undefined });
    expect(lc().messages.outbox().map((m) => m.miniprogramState)).toEqual(['developer', 'trial', 'formal', 'formal']);
    expect((await sendError({ thing1: { value: 'x' } }, { miniprogramState: 'release' })).errCode).toBe(47001);
  });

  it('records each accepted send in the outbox, stamped by the local clock', async () => {
    lc().clock.set('2026-03-02T09:30:00+08:00', { frozen: true });
    lc().messages.grant(USER, TPL, 1);
    await send({ thing1: { value: '村委会值班' }, time2: { value: '2026年3月2日 09:30' } });
    expect(lc().messages.outbox()).toEqual([{
      time: new Date('2026-03-02T01:30:00Z'),
      touser: USER,
      templateId: TPL,
      page: 'pages/duty/index?id=1',
      data: { thing1: { value: '村委会值班' }, time2: { value: '2026年3月2日 09:30' } },
      miniprogramState: 'developer',
      lang: 'zh_CN',
    }]);
  });
});

describe('errors, on any target', () => {
  it('refuses a touser that is no openid with 40003, thrown as WeChat errors are through the SDK', async () => {
    const e = await sendError({ thing1: { value: '值班' } }, { touser: 'not an openid!' });
    expect(e).toBeInstanceOf(Error);
    expect(e.errCode).toBe(40003);
    expect(e.errMsg).toMatch(/^openapi\.subscribeMessage\.send:fail invalid openid/);
    expect(e.message).toMatch(/^errCode: 40003 .*\| errMsg: openapi\.subscribeMessage\.send:fail invalid openid/);
  });
});
