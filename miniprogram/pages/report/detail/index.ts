/**
 * A semi-annual report (`?id=`), for staff in scope and its author: who, where, the dispatching
 * unit, the half-year and deadline, the whole text and its attachments (opened with
 * `wx.downloadFile` + `wx.openDocument`). County and city staff review it: 标记已阅, 审核通过
 * (with an optional comment), 退回修改 (with what to change: the first secretary edits and submits
 * again). Township staff read it only.
 */
import { call } from '../../../api/index';
import type { OutputOf } from '../../../api/index';
import { errorText } from '../../../utils/answer';
import { dayText } from '../../../utils/day';
import { queryValue } from '../../../utils/nav';
import { FIELD_LABELS, statusLine } from '../report';

type Status = 'loading' | 'ok' | 'notFound' | 'forbidden' | 'error';
type Full = OutputOf<'workReport.get'>;
type Busy = '' | 'read' | 'accept' | 'sendBack';

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    id: '',
    title: '',
    /** `蒋文博 · 十八洞村 · 派出单位：湘西州财政局`. */
    who: '',
    /** `2026年上半年 · 截止2026年7月10日`. */
    period: '',
    body: '',
    statusText: '',
    reportStatus: '',
    read: false,
    late: false,
    overdue: false,
    attachments: [] as { name: string; url: string }[],
    returns: [] as { reason: string; byName: string }[],
    canReview: false,
    canEdit: false,

    panel: '' as '' | 'accept' | 'sendBack',
    comment: '',
    reason: '',
    busy: '' as Busy,
    actionError: '',
    notice: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      this.setData({ id: queryValue(query, 'id') });
      void this.load();
    },

    async load(): Promise<void> {
      this.setData({ status: 'loading', error: '' });
      if (!this.data.id) return this.setData({ status: 'notFound' });
      const a = await call('workReport.get', { id: this.data.id });
      if (!a.ok) {
        if (a.code === 'not_found' || a.code === 'invalid_input') this.setData({ status: 'notFound' });
        else if (a.code === 'forbidden' || a.code === 'not_bound') this.setData({ status: 'forbidden' });
        else this.setData({ status: 'error', error: errorText(a) });
        return;
      }
      this.show(a.data);
    },

    show(r: Full): void {
      this.setData({
        status: 'ok',
        title: r.title,
        who: `${r.personName} · ${r.villageName}${r.dispatchingUnit ? ` · 派出单位：${r.dispatchingUnit}` : ''}`,
        period: `${r.periodLabel} · 截止${dayText(r.deadlineDay)}`,
        body: r.body,
        statusText: statusLine(r),
        reportStatus: r.status,
        read: !!r.read,
        late: r.late,
        overdue: r.overdue,
        attachments: r.attachments.map((f) => ({ name: f.name, url: f.url })),
        returns: r.returns.map((x) => ({ reason: x.reason, byName: x.byName })),
        canReview: r.canReview,
        canEdit: r.canEdit,
      });
    },

    onOpenFile(e: WechatMiniprogram.TouchEvent): void {
      const f = this.data.attachments[Number(e.currentTarget.dataset.index)];
      if (!f?.url) return;
      wx.downloadFile({
        url: f.url,
        success: (res) => wx.openDocument({ filePath: res.tempFilePath, showMenu: true, fail: () => this.setData({ actionError: '这个附件无法在手机上打开，请在电脑上查看' }) }),
        fail: () => this.setData({ actionError: '附件下载失败，请检查网络后重试' }),
      });
    },

    onPanel(e: WechatMiniprogram.TouchEvent): void {
      const panel = String(e.currentTarget.dataset.panel ?? '') as '' | 'accept' | 'sendBack';
      if (!this.data.busy) this.setData({ panel: this.data.panel === panel ? '' : panel, actionError: '', notice: '' });
    },

    onComment(e: WechatMiniprogram.Input): void {
      this.setData({ comment: e.detail.value, actionError: '' });
    },

    onReason(e: WechatMiniprogram.Input): void {
      this.setData({ reason: e.detail.value, actionError: '' });
    },

    async onMarkRead(): Promise<void> {
      await this.act('read', () => call('workReport.markRead', { id: this.data.id }), '已标记为已阅');
    },

    async onAccept(): Promise<void> {
      const comment = this.data.comment.trim();
      await this.act('accept', () => call('workReport.accept', { id: this.data.id, ...(comment ? { comment } : {}) }), '已审核通过');
    },

    async onSendBack(): Promise<void> {
      const reason = this.data.reason.trim();
      if (reason.length < 4) return this.setData({ actionError: '请写明需要修改的地方（至少 4 个字）' });
      await this.act('sendBack', () => call('workReport.sendBack', { id: this.data.id, reason }), '已退回修改，第一书记修改后会重新提交');
    },

    async act(kind: Busy, send: () => Promise<Awaited<ReturnType<typeof call<'workReport.get'>>>>, done: string): Promise<void> {
      if (this.data.busy) return;
      this.setData({ busy: kind, actionError: '', notice: '' });
      const a = await send();
      if (!a.ok) return this.setData({ busy: '', actionError: errorText(a, FIELD_LABELS) });
      this.show(a.data);
      this.setData({ busy: '', panel: '', notice: done });
    },

    onRetry(): void {
      void this.load();
    },
  },
});
