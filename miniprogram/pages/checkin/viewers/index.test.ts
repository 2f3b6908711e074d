/** Who viewed my location, against a real local cloud: nobody yet, then the county's staff opens the cadre's month. */
import { DEMO, useDemoCloud } from '../../../testing/cloud';
import { el, render, textOf, waitFor } from '../../../testing/simulate';
import type { Rendered } from '../../../testing/simulate';

const PAGE = 'pages/checkin/viewers/index';
const demo = useDemoCloud();

async function open(openid: string = DEMO.cadre): Promise<Rendered> {
  demo.loginAs(openid);
  const page = render(PAGE);
  await waitFor(() => page.data.status !== 'loading', 'checkin.viewers');
  return page;
}

it('says when nobody has looked, then names who looked, when and at what', async () => {
  expect(el(await open(), '#empty').dom!.textContent).toBe('还没有人查看过您的位置');

  expect(await demo.tc.call('checkin.history', { personId: 'p-fs-shibadong', month: '2026-05' }, DEMO.countyStaff)).toMatchObject({ ok: true });
  const page = await open();
  expect(page.querySelectorAll('.viewer').map(textOf)).toEqual(['石慧敏 2026年5月12日 星期二 10:00 查看了月度签到记录 2026-05 的签到位置']);
});

it('tells someone who is not a cadre there is nothing here', async () => {
  const page = await open(DEMO.villager);
  expect(el(page, '#not-cadre').dom!.textContent).toBe('您当前没有驻村任务，没有签到位置记录');
});
