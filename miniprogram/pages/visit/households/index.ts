/**
 * 农户管理 (`?villageId=`), for staff over the village and its first secretary (team members
 * read): the village's households by 组 (search by head, 已注销 apart), 导入花名册 from an Excel file
 * (`wx.chooseMessageFile`, uploaded into the caller's import folder, checked first — each refused
 * row named with its number — then imported on 确认导入; importing the same sheet again changes
 * nothing), 新增一户 by hand, and a tap on a household to change its phone, members and tags, or
 * to 注销 it. Without a village in the link: a cadre's own, else staff pick one of their villages.
 */
import { call, callFunction, upload } from '../../../api/index';
import type { OutputOf } from '../../../api/index';
import { errorText } from '../../../utils/answer';
import { newClientId } from '../../../utils/location';
import { queryValue } from '../../../utils/nav';
import { startVillage, VISIT_LABELS } from '../visit';

type Status = 'loading' | 'ok' | 'forbidden' | 'noVillage' | 'error';
type Household = OutputOf<'visit.households'>['items'][number];
type Imported = OutputOf<'visit.importHouseholds', 'ledger'>;

interface Row {
  id: string;
  head: string;
  where: string;
  phone: string;
  detail: string;
  groupName: string;
  visited: boolean;
}

const row = (h: Household): Row => ({
  id: h.id,
  head: h.head,
  where: `${h.group} ${h.house}`,
  phone: h.phone ?? '',
  detail: [h.members ? `${h.members}人` : '', h.tags.join('、')].filter(Boolean).join(' · '),
  groupName: h.groupName ?? '未分组',
  visited: h.visitedThisMonth,
});

const splitTags = (text: string) => text.split(/[、,，\s]+/).map((t) => t.trim()).filter(Boolean);
const PAGE = 50;

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    villages: [] as { id: string; name: string }[],
    villageNames: [] as string[],
    villageIndex: 0,
    villageId: '',
    villageName: '',
    canEdit: false,
    importFolder: '',
    q: '',
    inactive: false,
    total: 0,
    all: 0,
    uncovered: 0,
    items: [] as Row[],
    raw: [] as Household[],
    listError: '',
    // 导入
    importing: false,
    checked: null as Imported | null,
    fileId: '',
    importText: '',
    importError: '',
    // 新增 and 修改
    adding: false,
    form: { head: '', group: '', house: '', phone: '', members: '', tags: '' },
    formError: '',
    saving: false,
    editId: '',
    edit: { head: '', phone: '', members: '', tags: '', active: true },
    editError: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      void this.start(queryValue(query, 'villageId'));
    },

    async start(asked: string): Promise<void> {
      this.setData({ status: 'loading', error: '' });
      const v = await startVillage(asked);
      if ('status' in v) {
        this.setData({ status: v.status, error: v.error });
        return;
      }
      this.setData({ villageId: v.villageId, villageName: v.villageName, villages: v.villages, villageNames: v.villages.map((x) => x.name), villageIndex: 0 });
      await this.loadList();
    },

    async loadList(more = false): Promise<void> {
      const { villageId, q, inactive } = this.data;
      const a = await call('visit.households', { villageId, ...(q ? { q } : {}), inactive, skip: more ? this.data.raw.length : 0, limit: PAGE });
      if (villageId !== this.data.villageId) return;
      if (!a.ok) {
        this.setData({ status: a.code === 'forbidden' ? 'forbidden' : 'error', error: errorText(a) });
        return;
      }
      const raw = more ? [...this.data.raw, ...a.data.items] : a.data.items;
      this.setData({ status: 'ok', villageName: a.data.village.name, canEdit: a.data.canEdit, importFolder: a.data.importFolder, total: a.data.total, all: a.data.all, uncovered: a.data.uncovered, raw, items: raw.map(row) });
    },

    onPickVillage(e: WechatMiniprogram.PickerChange): void {
      const i = Number(e.detail.value);
      const v = this.data.villages[i];
      if (!v || v.id === this.data.villageId) return;
      this.setData({ villageIndex: i, villageId: v.id, checked: null, editId: '', adding: false });
      void this.loadList();
    },

    onSearch(e: WechatMiniprogram.Input): void {
      this.setData({ q: e.detail.value.trim() });
      void this.loadList();
    },

    onInactive(): void {
      this.setData({ inactive: !this.data.inactive, editId: '' });
      void this.loadList();
    },

    onMore(): void {
      void this.loadList(true);
    },

    // ---- 导入花名册 ----

    async onChooseFile(): Promise<void> {
      if (this.data.importing) return;
      const file = await new Promise<{ path: string; name: string } | null>((resolve) => {
        wx.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx'], success: (r) => resolve(r.tempFiles[0] ? { path: r.tempFiles[0].path, name: r.tempFiles[0].name } : null), fail: () => resolve(null) });
      });
      if (!file) return;
      this.setData({ importing: true, importError: '', checked: null, importText: '' });
      const up = await upload(file.path, `${this.data.importFolder}${newClientId()}.xlsx`);
      if (!up.ok) {
        this.setData({ importing: false, importError: up.message });
        return;
      }
      const a = await callFunction('ledger', 'visit.importHouseholds', { villageId: this.data.villageId, fileId: up.data.fileID, dryRun: true });
      if (!a.ok) {
        this.setData({ importing: false, importError: errorText(a) });
        return;
      }
      this.setData({ importing: false, fileId: up.data.fileID, checked: a.data, importText: `共 ${a.data.rows + a.data.refused} 行：可导入 ${a.data.rows} 户（新增 ${a.data.created}，更新 ${a.data.updated}，无变化 ${a.data.unchanged}），有问题 ${a.data.refused} 行` });
    },

    async onConfirmImport(): Promise<void> {
      if (this.data.importing || !this.data.fileId) return;
      this.setData({ importing: true, importError: '' });
      const a = await callFunction('ledger', 'visit.importHouseholds', { villageId: this.data.villageId, fileId: this.data.fileId, dryRun: false });
      if (!a.ok) {
        this.setData({ importing: false, importError: errorText(a) });
        return;
      }
      this.setData({ importing: false, checked: null, fileId: '', importText: `已导入：新增 ${a.data.created} 户，更新 ${a.data.updated} 户${a.data.refused ? `，${a.data.refused} 行有问题未导入` : ''}` });
      wx.showToast({ title: '已导入', icon: 'success', duration: 1500 });
      void this.loadList();
    },

    onCancelImport(): void {
      this.setData({ checked: null, fileId: '', importText: '' });
    },

    // ---- 新增一户 ----

    onAdd(): void {
      this.setData({ adding: !this.data.adding, formError: '', editId: '' });
    },

    onForm(e: WechatMiniprogram.Input): void {
      const field = String(e.currentTarget.dataset.field ?? '');
      this.setData({ [`form.${field}`]: e.detail.value, formError: '' });
    },

    async onSaveNew(): Promise<void> {
      if (this.data.saving) return;
      const f = this.data.form;
      if (!f.head.trim() || !f.group.trim() || !f.house.trim()) {
        this.setData({ formError: '请填写户主姓名、村民小组和门牌号或地址' });
        return;
      }
      this.setData({ saving: true, formError: '' });
      const members = f.members.trim() ? Number(f.members) : null;
      const a = await call('visit.addHousehold', { villageId: this.data.villageId, head: f.head.trim(), group: f.group.trim(), house: f.house.trim(), phone: f.phone.trim() || null, members, tags: splitTags(f.tags) });
      if (!a.ok) {
        this.setData({ saving: false, formError: errorText(a, VISIT_LABELS) });
        return;
      }
      this.setData({ saving: false, adding: false, form: { head: '', group: f.group, house: '', phone: '', members: '', tags: '' } });
      wx.showToast({ title: '已添加', icon: 'success', duration: 1500 });
      void this.loadList();
    },

    // ---- 修改、注销 ----

    onOpen(e: WechatMiniprogram.TouchEvent): void {
      if (!this.data.canEdit) return;
      const id = String(e.currentTarget.dataset.id ?? '');
      const h = this.data.raw.find((x) => x.id === id);
      if (!h) return;
      this.setData({ editId: this.data.editId === id ? '' : id, adding: false, editError: '', edit: { head: h.head, phone: h.phone ?? '', members: h.members ? String(h.members) : '', tags: h.tags.join('、'), active: h.active } });
    },

    onEdit(e: WechatMiniprogram.Input): void {
      const field = String(e.currentTarget.dataset.field ?? '');
      this.setData({ [`edit.${field}`]: e.detail.value, editError: '' });
    },

    onToggleActive(): void {
      this.setData({ 'edit.active': !this.data.edit.active });
    },

    async onSaveEdit(): Promise<void> {
      if (this.data.saving || !this.data.editId) return;
      const f = this.data.edit;
      this.setData({ saving: true, editError: '' });
      const a = await call('visit.editHousehold', { id: this.data.editId, phone: f.phone.trim() || null, members: f.members.trim() ? Number(f.members) : null, tags: splitTags(f.tags), active: f.active });
      if (!a.ok) {
        this.setData({ saving: false, editError: errorText(a, VISIT_LABELS) });
        return;
      }
      this.setData({ saving: false, editId: '' });
      wx.showToast({ title: '已保存', icon: 'success', duration: 1500 });
      void this.loadList();
    },

    onRetry(): void {
      void this.start(this.data.villageId);
    },
  },
});
