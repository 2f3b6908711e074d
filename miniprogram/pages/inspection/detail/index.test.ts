/**
 * 暗访通报 against a real local cloud seeded with the demo county, on Tuesday 12 May 2026:
 * 麻建军 (花垣县纪委监委) found two of 十八洞村's three cadres absent. The record and its written
 * report show as the county receives it; 石慧敏 (花垣县委组织部) signs for it once, with a note;
 * the township's staff and the city read it without signing; a cadre of the team sees the record
 * without the report; the inspector may correct it.
 */
import { DEMO, useDemoCloud } from '../../../testing/cloud';
import { el, openPage, tap, textOf, type, waitFor } from '../../../testing/simulate';
import type { Rendered } from '../../../testing/simulate';

const PAGE = 'pages/inspection/detail/index';
const demo = useDemoCloud();
const DISCIPLINE = 'demo-hy-discipline';
const CITY = 'demo-city-staff-xiang';

let id = '';
beforeAll(async () => {
  const marks = [
    { personId: 'p-fs-shibadong', status: 'present' },
    { personId: 'p-tm-shibadong-1', status: 'absent', note: '电话联系称在县城办事' },
    { personId: 'p-tm-shibadong-2', status: 'absent' },
  ];
  const r = await demo.tc.call('inspection.record', { clientId: 'page-detail-000001', villageId: 'vil-shibadong', companions: ['向东'], marks, findings: '第一书记在村部，两名队员不在村。', remarks: '请督促队员按规定驻村。' }, DISCIPLINE);
  expect(r).toMatchObject({ ok: true });
  id = r.data.id;
});

const open = (openid: string) => {
  demo.loginAs(openid);
  return openPage(PAGE, { id });
};

it('shows the record and the written report to the county, not yet signed for', async () => {
  const page = await open(DISCIPLINE);
  expect(textOf(el(page, '#title'))).toBe('关于双龙镇十八洞村驻村工作队在岗情况的暗访通报');
  expect(textOf(el(page, '#place'))).toBe('花垣县 · 双龙镇 · 十八洞村');
  expect(textOf(el(page, '#when'))).toBe('2026年5月12日 星期二 10:00');
  expect(textOf(el(page, '#inspectors'))).toBe('麻建军（花垣县纪委监委）、向东');
  expect(textOf(el(page, '#outcome'))).toBe('部分人员不在岗');
  expect(page.querySelectorAll('.member').map(textOf)).toEqual(['蒋文博 第一书记 在岗', '龙俊杰 驻村工作队员 不在岗', '石婷 驻村工作队员 不在岗 电话联系称在县城办事']);
  expect(textOf(el(page, '#ack'))).toBe('未签收');
  expect(textOf(el(page, '#report-line-0'))).toBe('中共花垣县委组织部：');
  expect(textOf(el(page, '#report'))).toContain('在岗1人：蒋文博（第一书记）；不在岗2人：龙俊杰（驻村工作队员）、石婷（驻村工作队员，电话联系称在县城办事）');
  expect(textOf(el(page, '#remarks'))).toBe('请督促队员按规定驻村。');
  // Discipline staff do not sign for the county; the inspector may correct it.
  expect(page.querySelector('#acknowledge')).toBeUndefined();
  expect(page.querySelector('#amend')).toBeDefined();
  const navigateTo = jest.spyOn(wx, 'navigateTo');
  await tap(page, '#amend');
  expect(navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: `/pages/inspection/record/index?id=${id}` }));
});

it('the county signs for it once, with a note; the city and the township read it without signing', async () => {
  for (const who of [CITY, DEMO.townStaff]) {
    const page = await open(who);
    expect(textOf(el(page, '#ack'))).toBe('未签收');
    expect(page.querySelector('#acknowledge')).toBeUndefined();
  }
  demo.at('2026-05-12T16:30:00+08:00');
  const page = await open(DEMO.countyStaff);
  await type(page, '#note', '已约谈两名队员');
  await tap(page, '#acknowledge');
  await waitFor(() => !page.data.signing, 'the signature');
  expect(textOf(el(page, '#ack'))).toBe('已签收：石慧敏 5月12日 16:30');
  expect(textOf(el(page, '#ack-note'))).toBe('签收意见：已约谈两名队员');
  expect(page.querySelector('#acknowledge')).toBeUndefined();
  // Signed once: the city sees the same signature.
  expect(textOf(el(await open(CITY), '#ack'))).toBe('已签收：石慧敏 5月12日 16:30');
});

it('a cadre of the team sees the record without the report; someone outside the county sees nothing', async () => {
  const page = await open('demo-tm-shibadong-1');
  expect(textOf(el(page, '#title'))).toBe('十八洞村暗访记录');
  expect(page.querySelector('#report')).toBeUndefined();
  expect(page.querySelector('#remarks')).toBeUndefined();
  expect(textOf(el(page, '#team'))).toContain('石婷 驻村工作队员 不在岗');
  const outside: Rendered = await open('demo-bj-staff');
  expect(textOf(el(outside, '#not-found'))).toBe('没有找到这条暗访记录，或您不能查看');
});
