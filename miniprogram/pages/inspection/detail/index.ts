/**
 * 暗访通报 (`?id=`): one inspection and its written report (书面通报) to the county. Staff and
 * discipline staff over the village see the record — the village, the day, the inspectors, each
 * cadre 在岗 / 不在岗 / 请假, what was found, the photos — and the report's text as the county
 * receives it, with whether the county has signed for it (签收). The county's own staff sign for
 * it here once (`inspection.acknowledge`, with an optional note); the inspector (within 24 hours)
 * or the county corrects it (更正, on the record page). A cadre of the team sees the record
 * without the report.
 */
import { call } from '../../../api/index';
import { errorText } from '../../../utils/answer';
import { beijingTime, shortTime } from '../../../utils/day';
import { go, queryValue, withQuery } from '../../../utils/nav';
import { FIELD_LABELS, INSPECTION_ROUTES, shortDay } from '../inspection';
import type { InspectionFull } from '../inspection';

type Status = 'loading' | 'ok' | 'notFound' | 'error';

interface View {
  id: string;
  title: string;
  place: string;
  when: string;
  inspectors: string;
  outcomeName: string;
  bad: boolean;
  team: { personId: string; name: string; kindName: string; statusName: string; status: string; leave: string; note: string }[];
  findings: string;
  remarks: string;
  photoUrls: string[];
  reportTo: string;
  reportLines: string[];
  ack: string;
  ackNote: string;
  amendedAfterAck: boolean;
  history: { key: string; text: string }[];
  canAmend: boolean;
  canAcknowledge: boolean;
}

function viewOf(r: InspectionFull): View {
  return {
    id: r.id,
    title: r.report?.title ?? `${r.villageName}暗访记录`,
    place: [r.countyName, r.townshipName, r.villageName].filter(Boolean).join(' · '),
    when: r.visitedAt ? beijingTime(r.visitedAt) : `${shortDay(r.date)}（事后补记）`,
    inspectors: [`${r.inspectorName}（${r.inspectorUnitName}）`, ...r.companions].join('、'),
    outcomeName: r.outcomeName,
    bad: r.absent > 0,
    team: r.team.map((m) => ({
      personId: m.personId,
      name: m.name,
      kindName: m.kindName,
      status: m.status,
      statusName: m.statusName,
      leave: m.leave ? `${m.leave.kindName} ${m.leave.startDate === m.leave.endDate ? shortDay(m.leave.startDate) : `${shortDay(m.leave.startDate)}至${shortDay(m.leave.endDate)}`}` : '',
      note: m.note,
    })),
    findings: r.findings,
    remarks: r.remarks,
    photoUrls: r.photoUrls,
    reportTo: r.report?.to ?? '',
    reportLines: r.report ? r.report.text.split('\n') : [],
    ack: r.ack ? `已签收：${r.ack.byName} ${shortTime(r.ack.at)}` : '未签收',
    ackNote: r.ack?.note ?? '',
    amendedAfterAck: r.amendedAfterAck,
    history: r.history.map((h, i) => ({ key: `${i}`, text: `${shortTime(h.at)} ${h.byName} 更正：${h.reason}` })),
    canAmend: r.canAmend,
    canAcknowledge: r.canAcknowledge,
  };
}

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    id: '',
    view: null as View | null,
    note: '',
    signing: false,
    signError: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      this.setData({ id: queryValue(query, 'id') });
      void this.load();
    },

    async load(): Promise<void> {
      this.setData({ status: 'loading', error: '' });
      const a = await call('inspection.get', { id: this.data.id });
      if (!a.ok) {
        this.setData(a.code === 'not_found' || a.code === 'forbidden' || a.code === 'invalid_input' ? { status: 'notFound' } : { status: 'error', error: errorText(a) });
        return;
      }
      this.setData({ status: 'ok', view: viewOf(a.data) });
    },

    onNote(e: WechatMiniprogram.Input): void {
      this.setData({ note: e.detail.value, signError: '' });
    },

    /** 签收: once; tapping again (a lost answer) answers the same signature. */
    async onAcknowledge(): Promise<void> {
      if (this.data.signing || !this.data.view?.canAcknowledge) return;
      this.setData({ signing: true, signError: '' });
      const a = await call('inspection.acknowledge', { id: this.data.id, note: this.data.note.trim() });
      if (!a.ok) {
        this.setData({ signing: false, signError: errorText(a, FIELD_LABELS) });
        return;
      }
      this.setData({ signing: false, view: viewOf(a.data), note: '' });
      wx.showToast({ title: '已签收', icon: 'success', duration: 1500 });
    },

    onAmend(): void {
      go(withQuery(INSPECTION_ROUTES.record, { id: this.data.id }));
    },

    onPreview(e: WechatMiniprogram.TouchEvent): void {
      const url = String(e.currentTarget.dataset.url ?? '');
      if (url && this.data.view) wx.previewImage({ urls: this.data.view.photoUrls, current: url });
    },

    onRetry(): void {
      void this.load();
    },
  },
});
