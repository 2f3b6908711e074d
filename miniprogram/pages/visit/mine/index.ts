/**
 * 入户走访, for the cadre: their village and "2+1" group, this month's plan (how many households
 * planned and visited, fulfilled or not), the group's households — those not yet visited this
 * month first, the planned ones marked — each opening the visit form, and the problems they raised
 * with where each stands (a tap opens it; an answered one waits for their 回访). A first secretary
 * also reaches the households and groups of the village.
 */
import { call } from '../../../api/index';
import type { OutputOf } from '../../../api/index';
import { errorText } from '../../../utils/answer';
import { monthText, shortTime } from '../../../utils/day';
import { go, withQuery } from '../../../utils/nav';
import { problemItem, VISIT_ROUTES } from '../visit';
import type { ProblemItem } from '../visit';

type Home = OutputOf<'visit.home'>;
type Status = 'loading' | 'ok' | 'notCadre' | 'noGroup' | 'error';

interface HouseholdItem {
  id: string;
  head: string;
  where: string;
  tags: string;
  planned: boolean;
  visited: boolean;
  last: string;
}

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    villageId: '',
    villageName: '',
    monthText: '',
    firstSecretary: false,
    groupName: '',
    groupId: '',
    members: '',
    auxiliary: '',
    planMade: false,
    planText: '',
    fulfilled: false,
    households: [] as HouseholdItem[],
    problems: [] as (ProblemItem & { canRate: boolean })[],
  },

  methods: {
    onLoad(): void {
      void this.load();
    },

    onShow(): void {
      if (this.data.status === 'ok' || this.data.status === 'noGroup') void this.load();
    },

    async load(): Promise<void> {
      if (this.data.status !== 'ok') this.setData({ status: 'loading', error: '' });
      const a = await call('visit.home', {});
      if (!a.ok) {
        this.setData({ status: a.code === 'forbidden' || a.code === 'not_bound' ? 'notCadre' : 'error', error: errorText(a) });
        return;
      }
      this.show(a.data);
    },

    show(d: Home): void {
      const base = { villageId: d.village?.id ?? '', villageName: d.village?.name ?? '', monthText: monthText(d.month), firstSecretary: d.firstSecretary, problems: d.problems.map((p) => ({ ...problemItem(p), canRate: p.canRate })) };
      if (!d.group) {
        this.setData({ status: d.village ? 'noGroup' : 'notCadre', ...base });
        return;
      }
      const plan = d.plan;
      this.setData({
        status: 'ok',
        ...base,
        groupId: d.group.id,
        groupName: d.group.name,
        members: d.group.members.map((m) => m.name).join('、'),
        auxiliary: d.group.auxiliary.name,
        planMade: plan.made,
        planText: plan.made ? `计划走访 ${plan.total} 户，已走访 ${plan.visited} 户` : '本月还没有制定走访计划',
        fulfilled: plan.fulfilled,
        households: d.households.map((h) => ({ id: h.id, head: h.head, where: `${h.group} ${h.house}`, tags: h.tags.join('、'), planned: h.planned, visited: h.visitedThisMonth, last: h.lastVisitAt ? `上次走访 ${shortTime(h.lastVisitAt)}` : '还没有走访过' })),
      });
    },

    onVisit(e: WechatMiniprogram.TouchEvent): void {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (id) go(withQuery(VISIT_ROUTES.log, { householdId: id }));
    },

    onPlan(): void {
      go(withQuery(VISIT_ROUTES.plan, { villageId: this.data.villageId, groupId: this.data.groupId }));
    },

    onProblem(e: WechatMiniprogram.TouchEvent): void {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (id) go(withQuery(VISIT_ROUTES.problem, { id }));
    },

    onHouseholds(): void {
      go(withQuery(VISIT_ROUTES.households, { villageId: this.data.villageId }));
    },

    onGroups(): void {
      go(withQuery(VISIT_ROUTES.groups, { villageId: this.data.villageId }));
    },

    onRetry(): void {
      void this.load();
    },
  },
});
