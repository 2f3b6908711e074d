/**
 * 工作动态 (`?unitId=`): a unit's work updates, newest first (`workUpdate.list`) — for staff, a
 * unit they pick (their own and those below, not villages), withdrawn ones marked; for a
 * stationed cadre, their county's (the county and its townships). A tap opens a post
 * (`workUpdate.get`): its whole text and photos (full screen on a tap); its poster may 撤回 it
 * with a reason. Staff have 发布工作动态; coming back reads the list again.
 */
import { call } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { go, queryValue, withQuery } from '../../../../utils/nav';
import type { MyRole } from '../../../../utils/org';
import { fillUnitPicker, pickUnit, rolesAmong, unitPageData } from '../../../../utils/staff-page';
import { FIELD_LABELS, UPDATE_ROUTES, updateRow } from '../update';
import type { UpdateRow } from '../update';

type Status = 'loading' | 'ok' | 'forbidden' | 'error';

/** Posts per read. */
const PAGE = 20;

interface Opened {
  id: string;
  body: string;
  photos: string[];
  canWithdraw: boolean;
}

interface State {
  seq: number;
  loaded: boolean;
}
const states = new WeakMap<object, State>();
function stateOf(page: object): State {
  let s = states.get(page);
  if (!s) states.set(page, (s = { seq: 0, loaded: false }));
  return s;
}

Component({
  data: {
    ...unitPageData(),
    /** Staff pick a unit; a cadre reads their county's. */
    isStaff: false,
    canPost: false,
    listStatus: 'loading' as Status,
    listError: '',
    items: [] as UpdateRow[],
    total: 0,
    hasMore: false,
    loadingMore: false,
    moreError: '',
    opened: null as Opened | null,
    openingId: '',
    openError: '',
    withdrawOpen: false,
    withdrawReason: '',
    withdrawError: '',
    withdrawing: false,
    notice: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      void this.load(queryValue(query, 'unitId'));
    },

    onShow(): void {
      if (stateOf(this).loaded && this.data.listStatus === 'ok') void this.loadList(true);
    },

    async load(askedId: string): Promise<void> {
      const roles = await rolesAmong(this, ['staff', 'cadre']);
      if (!roles) return;
      const staff = roles.filter((r) => r.role === 'staff');
      if (staff.length) return this.openAsStaff(staff, askedId);
      // A cadre: their county's (the server's default for them).
      this.setData({ status: 'ok', isStaff: false, unitId: askedId, unitName: '', units: [], unitLabels: [] });
      await this.loadList();
    },

    async openAsStaff(roles: MyRole[], askedId: string): Promise<void> {
      const unitId = askedId || roles[0]!.orgUnitId;
      const unitName = roles.find((r) => r.orgUnitId === unitId)?.unitName ?? '';
      this.setData({ status: 'ok', isStaff: true, unitId, unitName, units: [], unitLabels: unitName ? [unitName] : [], unitIndex: 0 });
      await Promise.all([this.loadList(), this.fillPicker(roles)]);
    },

    async fillPicker(roots: MyRole[]): Promise<void> {
      if (!(await fillUnitPicker(this, roots))) return;
      const units = this.data.units.filter((u) => u.level !== 'village' || u.id === this.data.unitId);
      this.setData({ units, unitLabels: units.map((u) => u.label), unitIndex: Math.max(0, units.findIndex((u) => u.id === this.data.unitId)) });
    },

    /** The first page (`quiet`: keep the list while reading). */
    async loadList(quiet = false): Promise<void> {
      const s = stateOf(this);
      const seq = ++s.seq;
      const { unitId } = this.data;
      if (!quiet) this.setData({ listStatus: 'loading', listError: '', items: [], hasMore: false, moreError: '', opened: null });
      const a = await call('workUpdate.list', { ...(unitId ? { unitId } : {}), skip: 0, limit: PAGE });
      if (seq !== s.seq) return;
      if (!a.ok) {
        this.setData({ listStatus: a.code === 'forbidden' ? 'forbidden' : 'error', listError: errorText(a), items: [], canPost: false });
        return;
      }
      s.loaded = true;
      const items = a.data.items.map(updateRow);
      this.setData({
        listStatus: 'ok',
        ...(this.data.unitName ? {} : { unitName: a.data.unit.name }),
        ...(this.data.unitId ? {} : { unitId: a.data.unit.id }),
        canPost: a.data.canPost,
        items,
        total: a.data.total,
        hasMore: items.length < a.data.total,
      });
    },

    async onMore(): Promise<void> {
      const { unitId, items, loadingMore, hasMore } = this.data;
      if (loadingMore || !hasMore) return;
      const s = stateOf(this);
      const seq = s.seq;
      this.setData({ loadingMore: true, moreError: '' });
      const a = await call('workUpdate.list', { ...(unitId ? { unitId } : {}), skip: items.length, limit: PAGE });
      if (seq !== s.seq) return;
      if (!a.ok) return this.setData({ loadingMore: false, moreError: errorText(a) });
      const have = new Set(items.map((r) => r.id));
      const all = [...items, ...a.data.items.filter((r) => !have.has(r.id)).map(updateRow)];
      this.setData({ loadingMore: false, items: all, total: a.data.total, hasMore: a.data.items.length === PAGE && all.length < a.data.total });
    },

    onReachBottom(): void {
      void this.onMore();
    },

    onPickUnit(e: WechatMiniprogram.PickerChange): void {
      if (this.data.withdrawing) return;
      if (pickUnit(this, e.detail.value, { notice: '', opened: null, withdrawOpen: false })) void this.loadList();
    },

    onPost(): void {
      go(withQuery(UPDATE_ROUTES.post, { unitId: this.data.unitId }));
    },

    // ── Reading a post ─────────────────────────────────────────────────────────────────────────
    async onOpen(e: WechatMiniprogram.TouchEvent): Promise<void> {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (!id || this.data.openingId) return;
      if (this.data.opened?.id === id) return this.setData({ opened: null, withdrawOpen: false });
      this.setData({ openingId: id, openError: '', withdrawOpen: false, notice: '' });
      const a = await call('workUpdate.get', { id });
      if (!a.ok) {
        this.setData({ openingId: '', opened: null, openError: a.code === 'not_found' ? '这条工作动态已撤回' : errorText(a) });
        return;
      }
      this.setData({ openingId: '', opened: { id, body: a.data.body, photos: a.data.photos.map((p) => p.url).filter(Boolean), canWithdraw: a.data.canWithdraw } });
    },

    onClose(): void {
      this.setData({ opened: null, withdrawOpen: false });
    },

    onPhoto(e: WechatMiniprogram.TouchEvent): void {
      const url = String(e.currentTarget.dataset.url ?? '');
      if (this.data.opened && url) wx.previewImage({ urls: this.data.opened.photos, current: url });
    },

    // ── 撤回 (the poster) ──────────────────────────────────────────────────────────────────────
    onWithdraw(): void {
      if (!this.data.withdrawing) this.setData({ withdrawOpen: true, withdrawReason: '', withdrawError: '' });
    },

    onWithdrawReason(e: WechatMiniprogram.Input): void {
      this.setData({ withdrawReason: e.detail.value, withdrawError: '' });
    },

    onCancelWithdraw(): void {
      if (!this.data.withdrawing) this.setData({ withdrawOpen: false, withdrawError: '' });
    },

    async onConfirmWithdraw(): Promise<void> {
      const id = this.data.opened?.id;
      const reason = this.data.withdrawReason.trim();
      if (!id || this.data.withdrawing) return;
      if (reason.length < 2) return this.setData({ withdrawError: '请写明撤回原因（至少 2 个字）' });
      this.setData({ withdrawing: true, withdrawError: '' });
      const a = await call('workUpdate.withdraw', { id, reason });
      if (!a.ok) return this.setData({ withdrawing: false, withdrawError: errorText(a, FIELD_LABELS) });
      this.setData({ withdrawing: false, withdrawOpen: false, opened: null, notice: `已撤回：${a.data.title}，不再计入本周条数` });
      await this.loadList(true);
    },

    onRetry(): void {
      if (this.data.status === 'error') void this.load(this.data.unitId);
      else void this.loadList();
    },
  },
});
