/**
 * One cadre's check-ins for a month (`?personId=&month=&name=`): a list by day and a map. Staff
 * read each risk flag — evidence with a confidence, never a penalty — and mark a flagged
 * check-in reviewed with a comment (`checkin.review`). Opening this is recorded: the cadre sees
 * that the caller looked at their 月度签到记录.
 */
import { call } from '../../../../api/index';
import type { OutputOf } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { confidenceText, FLAG_NAMES, placeText, windowNameOf, DEFAULT_WINDOWS } from '../../../../utils/checkin';
import { beijingToday, clockText, dayText, monthText, pickedMonth, phoneNow, shortTime } from '../../../../utils/day';
import { queryValue } from '../../../../utils/nav';
import { emptyMap, mapOf } from '../map';
import type { MapView } from '../map';

type Status = 'loading' | 'ok' | 'error';
type Checkin = OutputOf<'checkin.history'>['checkins'][number];

interface Item {
  id: string;
  time: string;
  windowName: string;
  place: string;
  inside: boolean;
  accuracy: string;
  late: boolean;
  flags: { text: string; confidence: string }[];
  /** 龙小燕 5月12日 10:00 核实：… ('' while not reviewed) */
  review: string;
}

interface Day {
  date: string;
  title: string;
  items: Item[];
}

function itemOf(c: Checkin): Item {
  return {
    id: c.id,
    time: clockText(c.capturedAt),
    windowName: windowNameOf(c.windowKey, DEFAULT_WINDOWS),
    place: placeText(c),
    inside: c.inside !== false,
    accuracy: `定位精度约 ${Math.round(c.accuracy)} 米`,
    late: c.late,
    flags: c.flags.map((f) => ({ text: `${FLAG_NAMES[f.kind] ?? f.kind}：${f.detail}`, confidence: confidenceText(f.confidence) })),
    review: c.review ? `${c.review.byName} ${shortTime(c.review.at)} 核实：${c.review.comment}` : '',
  };
}

function daysOf(list: readonly Checkin[]): Day[] {
  const days: Day[] = [];
  for (const c of [...list].sort((a, b) => b.capturedAt.localeCompare(a.capturedAt))) {
    let day = days.find((d) => d.date === c.date);
    if (!day) days.push((day = { date: c.date, title: dayText(c.date), items: [] }));
    day.items.push(itemOf(c));
  }
  return days;
}

/** The month's check-ins as loaded, per page (a review updates one of them). */
const histories = new WeakMap<object, Checkin[]>();

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    personId: '',
    name: '',
    month: '',
    monthText: '',
    monthEnd: '',
    days: [] as Day[],
    total: 0,
    outsideCount: 0,
    flaggedCount: 0,
    map: emptyMap() as MapView,
    /** The check-in whose review form is open. */
    reviewingId: '',
    comment: '',
    saving: false,
    actionError: '',
    notice: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const personId = queryValue(query, 'personId');
      const thisMonth = beijingToday(phoneNow()).slice(0, 7);
      const m = queryValue(query, 'month');
      const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(m) ? m : thisMonth;
      this.setData({ personId, name: queryValue(query, 'name'), month, monthText: monthText(month), monthEnd: thisMonth });
      if (!personId) {
        this.setData({ status: 'error', error: '没有指定驻村干部，请从位置共享台账进入' });
        return;
      }
      void this.load();
    },

    async load(): Promise<void> {
      this.setData({ status: 'loading', error: '' });
      const { personId, month } = this.data;
      const [history, person] = await Promise.all([call('checkin.history', { personId, month }), this.data.name ? Promise.resolve(null) : call('people.get', { id: personId })]);
      if (personId !== this.data.personId || month !== this.data.month) return;
      if (!history.ok) {
        this.setData({ status: 'error', error: history.message });
        return;
      }
      const list = history.data.checkins;
      this.setData({
        status: 'ok',
        ...(person?.ok ? { name: person.data.name } : {}),
        days: daysOf(list),
        total: list.length,
        outsideCount: list.filter((c) => c.inside === false).length,
        flaggedCount: list.filter((c) => c.flags.length && !c.review).length,
        map: mapOf(list.map((c) => ({ lat: c.lat, lng: c.lng, inside: c.inside, distanceM: c.distanceM, capturedAt: c.capturedAt, name: '' })), []),
      });
      // Keep the review form open across a reload only for a check-in still there.
      if (!list.some((c) => c.id === this.data.reviewingId)) this.setData({ reviewingId: '' });
      histories.set(this, list);
    },

    onPickMonth(e: WechatMiniprogram.PickerChange): void {
      const month = pickedMonth(e.detail.value);
      if (!month || month === this.data.month) return;
      this.setData({ month, monthText: monthText(month), notice: '', actionError: '' });
      void this.load();
    },

    onStartReview(e: WechatMiniprogram.TouchEvent): void {
      const id = String(e.currentTarget.dataset.id ?? '');
      this.setData({ reviewingId: id, comment: '', actionError: '', notice: '' });
    },

    onComment(e: WechatMiniprogram.Input): void {
      this.setData({ comment: e.detail.value, actionError: '' });
    },

    onCancelReview(): void {
      this.setData({ reviewingId: '', actionError: '' });
    },

    async onSaveReview(): Promise<void> {
      const checkinId = this.data.reviewingId;
      const comment = this.data.comment.trim();
      if (!checkinId || this.data.saving) return;
      if (!comment) {
        this.setData({ actionError: '请写下核实的情况，例如“电话核实：在村里开会”' });
        return;
      }
      this.setData({ saving: true, actionError: '' });
      const a = await call('checkin.review', { checkinId, comment });
      if (!a.ok) {
        this.setData({ saving: false, actionError: errorText(a, { comment: '核实情况' }) });
        return;
      }
      const list = (histories.get(this) ?? []).map((c) => (c.id === a.data.id ? { ...c, review: a.data.review } : c));
      histories.set(this, list);
      this.setData({
        saving: false,
        reviewingId: '',
        notice: '已标记为已核实',
        days: daysOf(list),
        flaggedCount: list.filter((c) => c.flags.length && !c.review).length,
      });
    },

    onRetry(): void {
      if (this.data.personId) void this.load();
    },
  },
});
