/**
 * 帮扶项目, for the cadre: their village's projects and funds (`resource.mine`) — how many, how
 * much, how many the township or county has confirmed (核实) — newest first, each with its kind,
 * source, amount and status; 登记帮扶项目 opens the form, a tap opens a project. Under them the
 * village's 好事实事: how many, the latest, and a short form (a day and what was done) that records
 * one with a clientId made once per form (a retried tap is one deed). Coming back reads again.
 */
import { call } from '../../../api/index';
import { errorText } from '../../../utils/answer';
import { newClientId } from '../../../utils/location';
import { go, withQuery } from '../../../utils/nav';
import { dateText, FIELD_LABELS, MAX_DEED, projectItem, RESOURCE_ROUTES } from '../resource';
import type { ProjectItem } from '../resource';

type Status = 'loading' | 'ok' | 'notCadre' | 'notStationed' | 'error';

interface Deed {
  id: string;
  dateText: string;
  text: string;
  personName: string;
}

interface State {
  shown: boolean;
  seq: number;
  /** The deed form's clientId: kept across retries, new after a deed is recorded. */
  deedClientId: string;
}
const states = new WeakMap<object, State>();
function stateOf(page: object): State {
  let s = states.get(page);
  if (!s) states.set(page, (s = { shown: false, seq: 0, deedClientId: newClientId() }));
  return s;
}

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    villageName: '',
    total: 0,
    amountText: '',
    confirmedCount: 0,
    confirmedAmountText: '',
    items: [] as ProjectItem[],
    deedTotal: 0,
    deeds: [] as Deed[],
    today: '',
    deedDate: '',
    deedDateText: '',
    deedText: '',
    maxDeed: MAX_DEED,
    deedError: '',
    deedDone: '',
    deedSubmitting: false,
  },

  methods: {
    onLoad(): void {
      void this.load();
    },

    onShow(): void {
      const s = stateOf(this);
      if (!s.shown) {
        s.shown = true;
        return;
      }
      // Back from the form or a project: it may have changed.
      if (this.data.status === 'ok') void this.load(true);
    },

    async load(quiet = false): Promise<void> {
      const s = stateOf(this);
      const seq = ++s.seq;
      if (!quiet) this.setData({ status: 'loading', error: '' });
      const a = await call('resource.mine', {});
      if (seq !== s.seq) return;
      if (!a.ok) {
        if (a.code === 'forbidden' || a.code === 'not_bound') this.setData({ status: 'notCadre' });
        else if (a.code === 'not_stationed') this.setData({ status: 'notStationed', error: a.message });
        else this.setData({ status: 'error', error: errorText(a) });
        return;
      }
      const d = a.data;
      this.setData({
        status: 'ok',
        villageName: d.village.name,
        total: d.total,
        amountText: d.amountText,
        confirmedCount: d.confirmedCount,
        confirmedAmountText: d.confirmedAmountText,
        items: d.items.map(projectItem),
        deedTotal: d.deeds.total,
        deeds: d.deeds.items.map((x) => ({ id: x.id, dateText: dateText(x.date), text: x.text, personName: x.personName })),
        today: d.today,
        ...(this.data.deedDate ? {} : { deedDate: d.today, deedDateText: dateText(d.today) }),
      });
    },

    onAdd(): void {
      go(RESOURCE_ROUTES.edit);
    },

    onOpen(e: WechatMiniprogram.TouchEvent): void {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (id) go(withQuery(RESOURCE_ROUTES.detail, { id }));
    },

    onDeedDate(e: WechatMiniprogram.PickerChange): void {
      const day = String(e.detail.value);
      if (/^\d{4}-\d{2}-\d{2}$/.test(day)) this.setData({ deedDate: day, deedDateText: dateText(day), deedError: '', deedDone: '' });
    },

    onDeedText(e: WechatMiniprogram.Input): void {
      this.setData({ deedText: e.detail.value, deedError: '', deedDone: '' });
    },

    async onAddDeed(): Promise<void> {
      if (this.data.deedSubmitting) return;
      const text = this.data.deedText.trim();
      if (text.length < 4) {
        this.setData({ deedError: '请写清楚办了什么事（至少4个字）' });
        return;
      }
      const s = stateOf(this);
      this.setData({ deedSubmitting: true, deedError: '', deedDone: '' });
      const a = await call('resource.addDeed', { clientId: s.deedClientId, date: this.data.deedDate, text });
      if (!a.ok) {
        const message = a.code === 'network' ? `${a.message}。写的内容还在，请再点“记一件”` : errorText(a, FIELD_LABELS);
        this.setData({ deedSubmitting: false, deedError: message });
        return;
      }
      s.deedClientId = newClientId();
      this.setData({ deedSubmitting: false, deedText: '', deedDone: `已记下：${dateText(a.data.date)} ${a.data.text}` });
      await this.load(true);
    },

    onRetry(): void {
      if (this.data.status !== 'loading') void this.load();
    },
  },
});
