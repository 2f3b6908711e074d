/**
 * 督办任务 for staff (`?unitId=`): the escalation ladder's tasks under a unit (`spotCheck.tasks`),
 * 待处理 (open) or 已处理 (done and dismissed), of every kind or one (电话询问, 通报批评, 约谈,
 * 召回建议). Each task shows the cadre, the village, why it was raised, the misses counted in the
 * period, the evidence (how many spot checks; the dispatching unit for a talk), when it was made
 * and its trail; an open one gets the form of its kind and goes to `spotCheck.resolveTask`:
 * - inquiry: a result (免责 / 提醒 / 批评教育) and 情况说明;
 * - notice: 标题 and 正文 (a draft is filled in) → 发布通报, or 不予通报 with a reason;
 * - talk: the record of the talk (when, where, who, what was said);
 * - recall: 同意召回 or 暂不召回 with a reason.
 * Notices and recalls are the county's: the server refuses township staff, and the page shows
 * its words. When two staff act at once, the one who comes second is told 该任务已处理 and the
 * list is read again.
 */
import { call } from '../../../../api/index';
import type { InputOf } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { beijingToday, clockText, dayText, phoneNow, shortTime } from '../../../../utils/day';
import { queryValue } from '../../../../utils/nav';
import { ESCALATION_NAMES, INQUIRY_RESULT_NAMES } from '../../../../utils/spotcheck';
import type { EscalationKind, EscalationView, InquiryResult } from '../../../../utils/spotcheck';
import { openOnOwnUnits } from '../../../../utils/staff-page';

type Status = 'loading' | 'ok' | 'forbidden' | 'error';
type Tab = 'open' | 'closed';
type Resolve = InputOf<'spotCheck.resolveTask'>;
/** A resolution of each kind, without the task's id. */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
type Resolution = WithoutId<Resolve>;

const TABS: { key: Tab; label: string }[] = [
  { key: 'open', label: '待处理' },
  { key: 'closed', label: '已处理' },
];

const KINDS: { key: EscalationKind | 'all'; label: string }[] = [
  { key: 'all', label: '全部' },
  ...(Object.keys(ESCALATION_NAMES) as EscalationKind[]).map((k) => ({ key: k, label: ESCALATION_NAMES[k] })),
];

const RESULTS = (Object.keys(INQUIRY_RESULT_NAMES) as InquiryResult[]).map((k) => ({ key: k, label: INQUIRY_RESULT_NAMES[k] }));

/** What `spotCheck.tasks` gives at most per call. */
const LIMIT = 100;

const STATUS_NAMES: Record<EscalationView['status'], string> = { open: '待处理', done: '已办结', dismissed: '不予通报' };

/** A task as the list shows it. */
interface TaskRow {
  id: string;
  kind: EscalationKind;
  kindText: string;
  status: EscalationView['status'];
  statusText: string;
  personName: string;
  villageName: string;
  why: string;
  /** `90 天内未响应 2 次`, or '' for an inquiry (one miss, or a call that found the cadre away). */
  missText: string;
  /** `依据：约请记录 2 条` */
  evidenceText: string;
  /** Only for a talk: who the cadre's own unit is (they take part in the talk). */
  dispatchingUnit: string;
  createdText: string;
  /** Notices and recalls are decided by the county. */
  countyOnly: boolean;
  outcomeText: string;
  trail: string[];
}

/** The form of one open task, whatever its kind (the fields a kind does not use stay empty). */
interface TaskForm {
  result: InquiryResult | '';
  reason: string;
  title: string;
  body: string;
  talkDate: string;
  talkTime: string;
  place: string;
  who: string;
  note: string;
}

function outcomeText(e: EscalationView): string {
  const o = e.outcome;
  if (!o) return '';
  if (e.kind === 'inquiry' && o.result) return `处理结果：${INQUIRY_RESULT_NAMES[o.result]}`;
  if (e.kind === 'notice') return o.title ? `已发布通报：${o.title}` : '不予通报';
  if (e.kind === 'recall' && o.decision) return o.decision === 'accepted' ? '同意召回' : '暂不召回';
  if (e.kind === 'talk') return '已约谈';
  return '';
}

function taskRow(e: EscalationView): TaskRow {
  return {
    id: e.id,
    kind: e.kind,
    kindText: ESCALATION_NAMES[e.kind] ?? e.kind,
    status: e.status,
    statusText: STATUS_NAMES[e.status] ?? e.status,
    personName: e.personName,
    villageName: e.villageName,
    why: e.why,
    missText: e.missCount > 0 ? `${e.periodDays} 天内未响应 ${e.missCount} 次` : '',
    evidenceText: `依据：约请记录 ${e.spotCheckIds.length} 条`,
    dispatchingUnit: e.kind === 'talk' ? e.dispatchingUnit || '未登记' : '',
    createdText: `${shortTime(e.createdAt)} 生成`,
    countyOnly: e.level === 'county',
    outcomeText: outcomeText(e),
    trail: e.trail.map((t) => (t.action === 'created' ? `${shortTime(t.at)} ${t.byName}生成：${t.note}` : `${shortTime(t.at)} ${t.byName}：${t.note}`)),
  };
}

/** The notice's why without the ladder's own words: `90 天内第 2 次未响应约请`. */
const plainWhy = (why: string) => why.replace(/，按规定进入.*$/, '');

/** The draft a notice starts from: the county edits it before publishing. */
function noticeDraft(e: Pick<TaskRow, 'personName' | 'villageName' | 'why'>): { title: string; body: string } {
  const title = `关于${e.personName}同志未按要求响应约请的通报批评`.slice(0, 40);
  const body = `${e.villageName}驻村干部${e.personName}同志${plainWhy(e.why)}，经核实无正当理由，违反了驻村工作“工作全脱产、吃住全在村”的要求。经研究，决定对${e.personName}同志予以通报批评。望全体驻村干部引以为戒，严守驻村纪律，按时响应约请。`;
  return { title, body };
}

function formOf(row: TaskRow): TaskForm {
  const now = new Date(phoneNow()).toISOString();
  const draft = row.kind === 'notice' ? noticeDraft(row) : { title: '', body: '' };
  return { result: '', reason: '', ...draft, talkDate: beijingToday(phoneNow()), talkTime: clockText(now), place: '', who: '', note: '' };
}

/** The talk's record as the server keeps it: one text, at most 300 characters. */
function talkNote(f: Pick<TaskForm, 'talkDate' | 'talkTime' | 'place' | 'who' | 'note'>): string {
  const parts = [`约谈时间：${dayText(f.talkDate)} ${f.talkTime}`, `地点：${f.place.trim()}`, `参加人员：${f.who.trim()}`];
  if (f.note.trim()) parts.push(`约谈情况：${f.note.trim()}`);
  return parts.join('；').slice(0, 300);
}

const FORM_FIELDS = new Set<keyof TaskForm>(['reason', 'title', 'body', 'place', 'who', 'note', 'talkDate', 'talkTime']);

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    units: [] as { id: string; name: string }[],
    unitNames: [] as string[],
    unitIndex: 0,
    unitId: '',
    tabs: TABS,
    tab: 'open' as Tab,
    kinds: KINDS,
    kind: 'all' as EscalationKind | 'all',
    results: RESULTS,
    listStatus: 'loading' as Status,
    listError: '',
    items: [] as TaskRow[],
    /** Each task's form, by its place in `items` (ids have dots, which setData paths split on). */
    forms: [] as TaskForm[],
    errors: [] as string[],
    /** More tasks than one read gives. */
    more: false,
    busyId: '',
    notice: '',
    /** What the server said when someone else was first (该任务已处理). */
    alert: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      void this.load(queryValue(query, 'unitId'));
    },

    async load(unitId: string): Promise<void> {
      // The caller's own units, and the one asked for.
      if (await openOnOwnUnits(this, unitId)) await this.loadList();
    },

    async loadList(): Promise<void> {
      const { unitId, tab, kind } = this.data;
      this.setData({ listStatus: 'loading', listError: '' });
      const base = { unitId, limit: LIMIT, ...(kind === 'all' ? {} : { kind }) };
      const answers = await Promise.all(tab === 'open' ? [call('spotCheck.tasks', { ...base, status: 'open' })] : [call('spotCheck.tasks', { ...base, status: 'done' }), call('spotCheck.tasks', { ...base, status: 'dismissed' })]);
      if (unitId !== this.data.unitId || tab !== this.data.tab || kind !== this.data.kind) return;
      const failed = answers.find((a) => !a.ok);
      if (failed && !failed.ok) {
        this.setData({ listStatus: failed.code === 'forbidden' ? 'forbidden' : 'error', listError: failed.message, items: [], forms: [], errors: [] });
        return;
      }
      const list = answers.flatMap((a) => (a.ok ? a.data : []));
      // 已处理: the latest decided first; 待处理: the newest first, as the server sorts them.
      if (tab === 'closed') list.sort((a, b) => (b.decidedAt ?? b.createdAt).localeCompare(a.decidedAt ?? a.createdAt));
      const items = list.map(taskRow);
      this.setData({ listStatus: 'ok', items, forms: items.map(formOf), errors: items.map(() => ''), more: answers.some((a) => a.ok && a.data.length >= LIMIT) });
    },

    onTab(e: WechatMiniprogram.TouchEvent): void {
      const key = String(e.currentTarget.dataset.key ?? '') as Tab;
      if (!TABS.some((t) => t.key === key) || key === this.data.tab) return;
      this.setData({ tab: key, notice: '', alert: '' });
      void this.loadList();
    },

    onKind(e: WechatMiniprogram.TouchEvent): void {
      const key = String(e.currentTarget.dataset.key ?? '') as EscalationKind | 'all';
      if (!KINDS.some((k) => k.key === key) || key === this.data.kind) return;
      this.setData({ kind: key, notice: '', alert: '' });
      void this.loadList();
    },

    onPickUnit(e: WechatMiniprogram.PickerChange): void {
      const i = Number(e.detail.value);
      const unit = this.data.units[i];
      if (!unit || unit.id === this.data.unitId) return;
      this.setData({ unitIndex: i, unitId: unit.id, notice: '', alert: '' });
      void this.loadList();
    },

    /** A typed or picked value of one task's form (`data-index`, `data-field`). */
    onField(e: WechatMiniprogram.Input | WechatMiniprogram.PickerChange): void {
      const i = Number(e.currentTarget.dataset.index);
      const field = String(e.currentTarget.dataset.field ?? '') as keyof TaskForm;
      if (!this.data.items[i] || !FORM_FIELDS.has(field)) return;
      this.setData({ [`forms[${i}].${field}`]: String(e.detail.value ?? ''), [`errors[${i}]`]: '' });
    },

    onResult(e: WechatMiniprogram.TouchEvent): void {
      const i = Number(e.currentTarget.dataset.index);
      const result = String(e.currentTarget.dataset.result ?? '') as InquiryResult;
      if (!this.data.items[i] || !RESULTS.some((r) => r.key === result)) return;
      this.setData({ [`forms[${i}].result`]: result, [`errors[${i}]`]: '' });
    },

    onInquiry(e: WechatMiniprogram.TouchEvent): void {
      const i = Number(e.currentTarget.dataset.index);
      const f = this.data.forms[i];
      if (!f) return;
      if (!f.result) return this.fail(i, '请选择处理结果');
      void this.resolve(i, { kind: 'inquiry', result: f.result, reason: f.reason.trim() }, '已记录电话询问结果');
    },

    onPublish(e: WechatMiniprogram.TouchEvent): void {
      const i = Number(e.currentTarget.dataset.index);
      const f = this.data.forms[i];
      if (!f) return;
      if (!f.title.trim() || !f.body.trim()) return this.fail(i, '发布通报需填写标题和正文');
      void this.resolve(i, { kind: 'notice', publish: true, title: f.title.trim(), body: f.body.trim() }, '已发布通报批评');
    },

    onDeclineNotice(e: WechatMiniprogram.TouchEvent): void {
      const i = Number(e.currentTarget.dataset.index);
      const f = this.data.forms[i];
      if (!f) return;
      if (!f.reason.trim()) return this.fail(i, '请说明不予通报的理由');
      void this.resolve(i, { kind: 'notice', publish: false, reason: f.reason.trim() }, '已决定不予通报');
    },

    onTalk(e: WechatMiniprogram.TouchEvent): void {
      const i = Number(e.currentTarget.dataset.index);
      const f = this.data.forms[i];
      if (!f) return;
      if (!f.place.trim()) return this.fail(i, '请填写约谈地点');
      if (!f.who.trim()) return this.fail(i, '请填写参加约谈的人员');
      void this.resolve(i, { kind: 'talk', note: talkNote(f) }, '已记录约谈');
    },

    onRecall(e: WechatMiniprogram.TouchEvent): void {
      const i = Number(e.currentTarget.dataset.index);
      const decision = e.currentTarget.dataset.decision === 'accepted' ? 'accepted' : 'declined';
      const f = this.data.forms[i];
      if (!f) return;
      if (!f.reason.trim()) return this.fail(i, decision === 'accepted' ? '请写明召回的理由' : '请写明暂不召回的理由');
      void this.resolve(i, { kind: 'recall', decision, reason: f.reason.trim() }, decision === 'accepted' ? '已同意召回' : '已决定暂不召回');
    },

    fail(i: number, message: string): void {
      this.setData({ [`errors[${i}]`]: message });
    },

    async resolve(i: number, input: Resolution, done: string): Promise<void> {
      const item = this.data.items[i];
      if (!item || this.data.busyId || item.status !== 'open') return;
      this.setData({ busyId: item.id, [`errors[${i}]`]: '', notice: '', alert: '' });
      const a = await call('spotCheck.resolveTask', { ...input, id: item.id });
      if (this.data.items[i]?.id !== item.id) {
        this.setData({ busyId: '' });
        return;
      }
      if (!a.ok) {
        if (a.code === 'conflict') {
          // Someone else was first: say so, and show the list as it is now.
          this.setData({ busyId: '', alert: `${item.personName}的${item.kindText}：${a.message}` });
          await this.loadList();
          return;
        }
        this.setData({ busyId: '', [`errors[${i}]`]: errorText(a) });
        return;
      }
      this.setData({ busyId: '', [`items[${i}]`]: taskRow(a.data), notice: `${done}：${item.personName}（${item.villageName}）` });
    },

    onRetry(): void {
      if (this.data.status === 'error') void this.load(this.data.unitId);
      else void this.loadList();
    },
  },
});
