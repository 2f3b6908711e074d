/**
 * 走访计划 (`?villageId=&groupId=&month=`): a group's plan for a month — the households it covers,
 * ticked when planned, marked when visited — and, for the group's cadres and the first
 * secretary, this month's and next month's plan to make (勾选, 保存计划). Once this month's plan
 * is under way households may be added but not taken out: the ones already planned stay ticked.
 */
import { call } from '../../../api/index';
import type { OutputOf } from '../../../api/index';
import { errorText } from '../../../utils/answer';
import { beijingToday, monthText, phoneNow } from '../../../utils/day';
import { queryValue } from '../../../utils/nav';
import { isMonth } from '../../../utils/scoring';

type Status = 'loading' | 'ok' | 'forbidden' | 'notFound' | 'error';
type Plan = OutputOf<'visit.plan'>;

interface Item {
  id: string;
  head: string;
  where: string;
  tags: string;
  on: boolean;
  locked: boolean;
  visited: boolean;
}

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    villageId: '',
    groupId: '',
    month: '',
    monthText: '',
    months: [] as { month: string; text: string }[],
    groupName: '',
    summary: '',
    fulfilled: false,
    canEdit: false,
    addOnly: false,
    items: [] as Item[],
    chosen: 0,
    saving: false,
    saveError: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const asked = queryValue(query, 'month');
      this.setData({ villageId: queryValue(query, 'villageId'), groupId: queryValue(query, 'groupId'), month: isMonth(asked) ? asked : beijingToday(phoneNow()).slice(0, 7) });
      void this.load();
    },

    async load(quiet = false): Promise<void> {
      if (!quiet) this.setData({ status: 'loading', error: '', saveError: '' });
      const { villageId, groupId, month } = this.data;
      const a = await call('visit.plan', { villageId, groupId, month });
      if (!a.ok) {
        this.setData({ status: a.code === 'forbidden' ? 'forbidden' : a.code === 'not_found' || a.code === 'invalid_input' ? 'notFound' : 'error', error: errorText(a) });
        return;
      }
      this.show(a.data);
    },

    show(d: Plan): void {
      const items = d.households.map((h) => ({ id: h.id, head: h.head, where: `${h.group} ${h.house}`, tags: h.tags.join('、'), on: h.planned, locked: d.addOnly && h.planned, visited: h.visited }));
      this.setData({
        status: 'ok',
        monthText: d.monthText,
        months: d.months.map((m) => ({ month: m, text: monthText(m) })),
        groupName: d.group.name,
        summary: d.plan.made ? `计划走访 ${d.plan.total} 户，已走访 ${d.plan.visited} 户${d.plan.madeAt ? `（${d.plan.madeByName}制定）` : ''}` : '还没有制定计划',
        fulfilled: d.plan.fulfilled,
        canEdit: d.canEdit,
        addOnly: d.addOnly,
        items,
        chosen: items.filter((i) => i.on).length,
      });
    },

    onMonth(e: WechatMiniprogram.TouchEvent): void {
      const m = String(e.currentTarget.dataset.month ?? '');
      if (!m || m === this.data.month) return;
      this.setData({ month: m });
      void this.load();
    },

    onToggle(e: WechatMiniprogram.TouchEvent): void {
      if (!this.data.canEdit) return;
      const i = Number(e.currentTarget.dataset.index);
      const item = this.data.items[i];
      if (!item || item.locked) return;
      this.setData({ [`items[${i}].on`]: !item.on, chosen: this.data.chosen + (item.on ? -1 : 1), saveError: '' });
    },

    onAll(): void {
      if (!this.data.canEdit) return;
      this.setData({ items: this.data.items.map((i) => ({ ...i, on: true })), chosen: this.data.items.length });
    },

    async onSave(): Promise<void> {
      if (this.data.saving) return;
      const householdIds = this.data.items.filter((i) => i.on).map((i) => i.id);
      if (!householdIds.length) {
        this.setData({ saveError: '请至少勾选一户' });
        return;
      }
      this.setData({ saving: true, saveError: '' });
      const a = await call('visit.savePlan', { villageId: this.data.villageId, groupId: this.data.groupId, month: this.data.month, householdIds });
      if (!a.ok) {
        this.setData({ saving: false, saveError: errorText(a) });
        return;
      }
      this.setData({ saving: false });
      wx.showToast({ title: '计划已保存', icon: 'success', duration: 1500 });
      void this.load(true);
    },

    onRetry(): void {
      void this.load();
    },
  },
});
