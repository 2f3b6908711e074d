/**
 * 走访小组 (`?villageId=`): a village's "2+1" groups — two cadres stationed in the village and one
 * auxiliary member — each with the households it covers (包干) and this month's plan (planned,
 * visited, fulfilled or not; a tap opens the plan). Staff over the village and its first
 * secretary set groups up (新建小组 / 修改: pick two of the village's cadres, name the auxiliary
 * member; the server refuses a cadre already in another group) and give households to a group
 * (分配农户: those no group covers yet) or take them back.
 */
import { call } from '../../../api/index';
import type { OutputOf } from '../../../api/index';
import { errorText } from '../../../utils/answer';
import { monthText } from '../../../utils/day';
import { newClientId } from '../../../utils/location';
import { go, queryValue, withQuery } from '../../../utils/nav';
import { startVillage, VISIT_LABELS, VISIT_ROUTES } from '../visit';

type Status = 'loading' | 'ok' | 'forbidden' | 'noVillage' | 'error';
type Groups = OutputOf<'visit.groups'>;

interface GroupItem {
  id: string;
  name: string;
  members: string;
  auxiliary: string;
  households: number;
  plan: string;
  fulfilled: boolean;
}

interface Candidate {
  id: string;
  label: string;
  on: boolean;
}

interface Pickable {
  id: string;
  label: string;
  on: boolean;
}

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    villages: [] as { id: string; name: string }[],
    villageNames: [] as string[],
    villageIndex: 0,
    villageId: '',
    villageName: '',
    monthText: '',
    canManage: false,
    uncovered: 0,
    groups: [] as GroupItem[],
    raw: null as Groups | null,
    // 新建 / 修改
    editing: false,
    editId: '',
    clientId: '',
    name: '',
    candidates: [] as Candidate[],
    auxName: '',
    formError: '',
    saving: false,
    // 分配农户
    assignId: '',
    assignName: '',
    pickable: [] as Pickable[],
    covered: [] as Pickable[],
    assignError: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      void this.start(queryValue(query, 'villageId'));
    },

    onShow(): void {
      if (this.data.status === 'ok') void this.loadGroups();
    },

    async start(asked: string): Promise<void> {
      this.setData({ status: 'loading', error: '' });
      const v = await startVillage(asked);
      if ('status' in v) {
        this.setData({ status: v.status, error: v.error });
        return;
      }
      this.setData({ villageId: v.villageId, villageName: v.villageName, villages: v.villages, villageNames: v.villages.map((x) => x.name), villageIndex: 0 });
      await this.loadGroups();
    },

    async loadGroups(): Promise<void> {
      const villageId = this.data.villageId;
      const a = await call('visit.groups', { villageId });
      if (villageId !== this.data.villageId) return;
      if (!a.ok) {
        this.setData({ status: a.code === 'forbidden' ? 'forbidden' : 'error', error: errorText(a) });
        return;
      }
      const d = a.data;
      this.setData({
        status: 'ok',
        raw: d,
        villageName: d.village.name,
        monthText: monthText(d.month),
        canManage: d.canManage,
        uncovered: d.uncovered,
        groups: d.groups.map((g) => ({
          id: g.id,
          name: g.name,
          members: g.members.map((m) => m.name).join('、'),
          auxiliary: g.auxiliary.name,
          households: g.households,
          plan: g.plan.made ? `计划 ${g.plan.total} 户，已走访 ${g.plan.visited} 户` : '未制定计划',
          fulfilled: g.plan.fulfilled,
        })),
      });
    },

    onPickVillage(e: WechatMiniprogram.PickerChange): void {
      const i = Number(e.detail.value);
      const v = this.data.villages[i];
      if (!v || v.id === this.data.villageId) return;
      this.setData({ villageIndex: i, villageId: v.id, editing: false, assignId: '' });
      void this.loadGroups();
    },

    // ---- 新建 / 修改 ----

    openForm(groupId: string): void {
      const d = this.data.raw;
      if (!d) return;
      const g = d.groups.find((x) => x.id === groupId);
      const chosen = new Set(g ? g.members.map((m) => m.personId) : []);
      this.setData({
        editing: true,
        editId: g?.id ?? '',
        clientId: newClientId(),
        name: g?.name ?? `第${d.groups.length + 1}组`,
        auxName: g?.auxiliary.name ?? '',
        formError: '',
        assignId: '',
        candidates: d.cadres.map((c) => ({ id: c.id, label: `${c.name}（${c.kindName}${c.groupName && c.groupName !== g?.name ? `，已在${c.groupName}` : ''}）`, on: chosen.has(c.id) })),
      });
    },

    onNew(): void {
      this.openForm('');
    },

    onEditGroup(e: WechatMiniprogram.TouchEvent): void {
      this.openForm(String(e.currentTarget.dataset.id ?? ''));
    },

    onCancel(): void {
      this.setData({ editing: false, assignId: '' });
    },

    onName(e: WechatMiniprogram.Input): void {
      this.setData({ name: e.detail.value, formError: '' });
    },

    onAux(e: WechatMiniprogram.Input): void {
      this.setData({ auxName: e.detail.value, formError: '' });
    },

    onCandidate(e: WechatMiniprogram.TouchEvent): void {
      const i = Number(e.currentTarget.dataset.index);
      const c = this.data.candidates[i];
      if (!c) return;
      this.setData({ [`candidates[${i}].on`]: !c.on, formError: '' });
    },

    async onSave(): Promise<void> {
      if (this.data.saving) return;
      const memberIds = this.data.candidates.filter((c) => c.on).map((c) => c.id);
      if (memberIds.length !== 2) {
        this.setData({ formError: `请选2名团队成员（现在选了${memberIds.length}名）` });
        return;
      }
      if (this.data.auxName.trim().length < 2) {
        this.setData({ formError: '请填写辅助团队成员的姓名' });
        return;
      }
      this.setData({ saving: true, formError: '' });
      const a = await call('visit.saveGroup', { villageId: this.data.villageId, ...(this.data.editId ? { groupId: this.data.editId } : {}), clientId: this.data.clientId, name: this.data.name.trim(), memberIds, auxiliary: { name: this.data.auxName.trim() } });
      if (!a.ok) {
        this.setData({ saving: false, formError: errorText(a, VISIT_LABELS) });
        return;
      }
      this.setData({ saving: false, editing: false });
      wx.showToast({ title: '已保存', icon: 'success', duration: 1500 });
      void this.loadGroups();
    },

    // ---- 分配农户 ----

    async onAssign(e: WechatMiniprogram.TouchEvent): Promise<void> {
      const id = String(e.currentTarget.dataset.id ?? '');
      const g = this.data.groups.find((x) => x.id === id);
      if (!g) return;
      this.setData({ assignId: id, assignName: g.name, editing: false, assignError: '', pickable: [], covered: [] });
      const [free, mine] = await Promise.all([call('visit.households', { villageId: this.data.villageId, groupId: 'none', limit: 100 }), call('visit.households', { villageId: this.data.villageId, groupId: id, limit: 100 })]);
      if (!free.ok || !mine.ok) {
        this.setData({ assignError: errorText(!free.ok ? free : (mine as typeof free & { ok: false })) });
        return;
      }
      const label = (h: (typeof free.data.items)[number]) => `${h.head}（${h.group} ${h.house}）`;
      this.setData({ pickable: free.data.items.map((h) => ({ id: h.id, label: label(h), on: false })), covered: mine.data.items.map((h) => ({ id: h.id, label: label(h), on: false })) });
    },

    onPick(e: WechatMiniprogram.TouchEvent): void {
      const list = String(e.currentTarget.dataset.list ?? 'pickable') as 'pickable' | 'covered';
      const i = Number(e.currentTarget.dataset.index);
      const item = this.data[list][i];
      if (item) this.setData({ [`${list}[${i}].on`]: !item.on });
    },

    async onSaveAssign(): Promise<void> {
      if (this.data.saving) return;
      const add = this.data.pickable.filter((p) => p.on).map((p) => p.id);
      const remove = this.data.covered.filter((p) => p.on).map((p) => p.id);
      if (!add.length && !remove.length) {
        this.setData({ assignError: '请勾选要分配或移出的农户' });
        return;
      }
      this.setData({ saving: true, assignError: '' });
      const a = await call('visit.assign', { villageId: this.data.villageId, groupId: this.data.assignId, add, remove });
      if (!a.ok) {
        this.setData({ saving: false, assignError: errorText(a) });
        return;
      }
      this.setData({ saving: false, assignId: '' });
      wx.showToast({ title: `${a.data.group.name}包干 ${a.data.households} 户`, icon: 'none', duration: 2000 });
      void this.loadGroups();
    },

    onPlan(e: WechatMiniprogram.TouchEvent): void {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (id) go(withQuery(VISIT_ROUTES.plan, { villageId: this.data.villageId, groupId: id }));
    },

    onRetry(): void {
      void this.start(this.data.villageId);
    },
  },
});
