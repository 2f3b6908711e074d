/**
 * 帮扶项目详情 (`?id=`), for the cadres of its village and the staff over it: the project — name,
 * village, kind, amount (元 and 万元), source, status and its dates, who brought it, photos, note —
 * whether it is confirmed (核实) and by whom, and its 修改记录 (each change's fields before and
 * after, its reason, and whether it sent the project back to 待核实). 修改 opens the form; staff
 * 核实 the version shown (`resource.confirm`: a change made meanwhile is refused, and the page
 * reads it again); 撤销 takes a reason (`resource.withdraw`).
 */
import { call } from '../../../api/index';
import type { OutputOf } from '../../../api/index';
import { errorText } from '../../../utils/answer';
import { shortTime } from '../../../utils/day';
import { go, queryValue, withQuery } from '../../../utils/nav';
import { dateText, RESOURCE_ROUTES } from '../resource';

type Status = 'loading' | 'ok' | 'notFound' | 'error';
type Project = OutputOf<'resource.get'>;

interface HistoryItem {
  /** `5月12日 15:00 蒋文博（驻村干部）修改`. */
  head: string;
  changes: string[];
  reason: string;
  unconfirmed: boolean;
}

function historyItem(h: Project['history'][number]): HistoryItem {
  const who = h.unitName ? `${h.unitName}${h.byName}` : `${h.byName}（${h.asName}）`;
  return { head: `${shortTime(h.at)} ${who}${h.kindName}`, changes: h.changes.map((c) => `${c.label}：${c.before || '（空）'} → ${c.after || '（空）'}`), reason: h.reason, unconfirmed: h.unconfirmed };
}

interface State {
  shown: boolean;
}
const states = new WeakMap<object, State>();
function stateOf(page: object): State {
  let s = states.get(page);
  if (!s) states.set(page, (s = { shown: false }));
  return s;
}

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    id: '',
    p: null as Project | null,
    dates: [] as { label: string; text: string }[],
    confirmedText: '',
    photos: [] as { url: string; name: string }[],
    history: [] as HistoryItem[],
    busy: false,
    actionError: '',
    withdrawOpen: false,
    withdrawReason: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      this.setData({ id: queryValue(query, 'id') });
      void this.load();
    },

    onShow(): void {
      const s = stateOf(this);
      if (!s.shown) {
        s.shown = true;
        return;
      }
      // Back from the form: the project may have changed.
      if (this.data.status === 'ok') void this.load(true);
    },

    async load(quiet = false): Promise<void> {
      if (!quiet) this.setData({ status: 'loading', error: '' });
      const a = await call('resource.get', { id: this.data.id });
      if (!a.ok) {
        if (a.code === 'not_found' || a.code === 'forbidden' || a.code === 'invalid_input') this.setData({ status: 'notFound' });
        else this.setData({ status: 'error', error: errorText(a) });
        return;
      }
      this.show(a.data);
    },

    show(p: Project): void {
      const dates = [
        { label: '谋划日期', text: dateText(p.plannedOn) },
        { label: '开工日期', text: dateText(p.startedOn) },
        { label: '完成日期', text: dateText(p.completedOn) },
      ].filter((d) => d.text);
      const confirmedText = p.withdrawal ? `已撤销：${p.withdrawal.reason}（${p.withdrawal.byName}，${shortTime(p.withdrawal.at)}）` : p.confirmation ? `已核实：${p.confirmation.unitName}${p.confirmation.byName}，${shortTime(p.confirmation.at)}` : '待核实';
      this.setData({
        status: 'ok',
        p,
        dates,
        confirmedText,
        photos: p.files.filter((f) => f.image && f.url).map((f) => ({ url: f.url, name: f.name })),
        history: [...p.history].reverse().map(historyItem),
      });
    },

    onEdit(): void {
      go(withQuery(RESOURCE_ROUTES.edit, { id: this.data.id }));
    },

    async onConfirm(): Promise<void> {
      const p = this.data.p;
      if (!p || this.data.busy) return;
      this.setData({ busy: true, actionError: '' });
      const a = await call('resource.confirm', { id: p.id, version: p.version });
      this.setData({ busy: false });
      if (!a.ok) {
        this.setData({ actionError: errorText(a) });
        // Changed meanwhile: show what is there now, to confirm that.
        if (a.code === 'conflict') await this.load(true);
        return;
      }
      wx.showToast({ title: '已核实', icon: 'success', duration: 1500 });
      this.show(a.data);
    },

    onOpenWithdraw(): void {
      this.setData({ withdrawOpen: true, actionError: '' });
    },

    onCloseWithdraw(): void {
      this.setData({ withdrawOpen: false, withdrawReason: '' });
    },

    onWithdrawReason(e: WechatMiniprogram.Input): void {
      this.setData({ withdrawReason: e.detail.value, actionError: '' });
    },

    async onWithdraw(): Promise<void> {
      const p = this.data.p;
      if (!p || this.data.busy) return;
      const reason = this.data.withdrawReason.trim();
      if (reason.length < 2) {
        this.setData({ actionError: '请填写撤销原因' });
        return;
      }
      this.setData({ busy: true, actionError: '' });
      const a = await call('resource.withdraw', { id: p.id, reason });
      this.setData({ busy: false });
      if (!a.ok) {
        this.setData({ actionError: errorText(a) });
        return;
      }
      wx.showToast({ title: '已撤销', icon: 'success', duration: 1500 });
      this.setData({ withdrawOpen: false, withdrawReason: '' });
      this.show(a.data);
    },

    onPreview(e: WechatMiniprogram.TouchEvent): void {
      const url = String(e.currentTarget.dataset.url ?? '');
      if (url) wx.previewImage({ urls: this.data.photos.map((x) => x.url), current: url });
    },

    onRetry(): void {
      if (this.data.status !== 'loading') void this.load();
    },
  },
});
