/**
 * Corrections (补卡) for staff (`?unitId=`): the cadres' requests under a unit — 待审批 first —
 * with the reason and the evidence (photos, witness, work log). Photos show as thumbnails from
 * the temporary URLs `checkin.corrections` gives (they live 10 minutes: reopening the list gets
 * fresh ones); a tap opens them full size (`wx.previewImage`). Each pending one gets 同意 or
 * 不同意 with a comment (`checkin.decideCorrection`); an approved one makes the missed window
 * count, and the whole trail is kept.
 */
import { call } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { correctionRow } from '../../../../utils/checkin';
import type { CorrectionRow, CorrectionStatus } from '../../../../utils/checkin';
import { queryValue } from '../../../../utils/nav';
import { openOnOwnUnits } from '../../../../utils/staff-page';

type Status = 'loading' | 'ok' | 'forbidden' | 'error';

const TABS: { key: CorrectionStatus; label: string }[] = [
  { key: 'pending', label: '待审批' },
  { key: 'approved', label: '已同意' },
  { key: 'refused', label: '未同意' },
];

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    units: [] as { id: string; name: string }[],
    unitNames: [] as string[],
    unitIndex: 0,
    unitId: '',
    tabs: TABS,
    tab: 'pending' as CorrectionStatus,
    listStatus: 'loading' as Status,
    listError: '',
    items: [] as CorrectionRow[],
    /** The comment typed for each request, by its place in `items` (ids have dots, which setData paths split on). */
    comments: [] as string[],
    busyId: '',
    errors: [] as string[],
    notice: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      void this.load(queryValue(query, 'unitId'));
    },

    async load(unitId: string): Promise<void> {
      // The caller's own units (a request lists under every unit above its village), and the one asked for.
      if (await openOnOwnUnits(this, unitId)) await this.loadList();
    },

    async loadList(): Promise<void> {
      const { unitId, tab } = this.data;
      this.setData({ listStatus: 'loading', listError: '' });
      const a = await call('checkin.corrections', { unitId, status: tab, limit: 100 });
      if (unitId !== this.data.unitId || tab !== this.data.tab) return;
      if (!a.ok) {
        this.setData({ listStatus: a.code === 'forbidden' ? 'forbidden' : 'error', listError: a.message, items: [] });
        return;
      }
      // `photos`: the temporary URLs the list gives, not the cloud:// ids (an <image> cannot show those).
      const items = a.data.map((c) => ({ ...correctionRow(c), photos: c.photoUrls }));
      this.setData({ listStatus: 'ok', items, comments: a.data.map(() => ''), errors: a.data.map(() => '') });
    },

    onTab(e: WechatMiniprogram.TouchEvent): void {
      const key = String(e.currentTarget.dataset.key ?? '') as CorrectionStatus;
      if (!TABS.some((t) => t.key === key) || key === this.data.tab) return;
      this.setData({ tab: key, notice: '' });
      void this.loadList();
    },

    onPickUnit(e: WechatMiniprogram.PickerChange): void {
      const unit = this.data.units[Number(e.detail.value)];
      if (!unit || unit.id === this.data.unitId) return;
      this.setData({ unitIndex: Number(e.detail.value), unitId: unit.id, notice: '' });
      void this.loadList();
    },

    /** A thumbnail tapped: the request's photos full size, from the one tapped. Viewing only. */
    onPreview(e: WechatMiniprogram.TouchEvent): void {
      const item = this.data.items[Number(e.currentTarget.dataset.index)];
      const current = String(e.currentTarget.dataset.src ?? '');
      if (!item || !item.photos.includes(current)) return;
      wx.previewImage({ current, urls: item.photos });
    },

    onComment(e: WechatMiniprogram.Input): void {
      const i = Number(e.currentTarget.dataset.index);
      if (this.data.items[i]) this.setData({ [`comments[${i}]`]: e.detail.value, [`errors[${i}]`]: '' });
    },

    onApprove(e: WechatMiniprogram.TouchEvent): void {
      void this.decide(Number(e.currentTarget.dataset.index), true);
    },

    onRefuse(e: WechatMiniprogram.TouchEvent): void {
      void this.decide(Number(e.currentTarget.dataset.index), false);
    },

    async decide(i: number, approve: boolean): Promise<void> {
      const item = this.data.items[i];
      if (!item || this.data.busyId) return;
      const typed = (this.data.comments[i] ?? '').trim();
      if (!approve && !typed) {
        this.setData({ [`errors[${i}]`]: '不同意时请写明理由，驻村干部会看到' });
        return;
      }
      const comment = typed || '同意';
      this.setData({ busyId: item.id, [`errors[${i}]`]: '', notice: '' });
      const a = await call('checkin.decideCorrection', { id: item.id, approve, comment });
      if (!a.ok) {
        this.setData({ busyId: '', [`errors[${i}]`]: errorText(a, { comment: '意见' }) });
        return;
      }
      // The decision's answer carries no photo URLs: keep the ones shown.
      const row = { ...correctionRow(a.data), photos: item.photos };
      this.setData({
        busyId: '',
        [`items[${i}]`]: row,
        notice: `已${approve ? '同意' : '不同意'}${row.personName} ${row.what}的补卡申请`,
      });
    },

    onRetry(): void {
      if (this.data.status === 'error') void this.load(this.data.unitId);
      else void this.loadList();
    },
  },
});
