/**
 * 发起约请 (spot checks) for organisation staff (`?unitId=`): a unit from the caller's own (and
 * the units under them); then either 指定人员 — ticking cadres stationed under the unit
 * (`people.list` role cadre, searchable, 20 at a time) — or 随机抽取 — a number or a percentage
 * of them, optionally including those already asked today; an optional 备注. 发起 sends
 * `spotCheck.issue` with a requestId made once per form: a retry of the same form (after a lost
 * answer) sends the same id, and the server makes the issue once. The answer lists who was
 * asked, with their deadlines, and who was skipped and why; a draw keeps its record, which
 * `spotCheck.verifyDraw` recomputes on the server (复核抽取) and anyone can recompute by hand.
 */
import { call } from '../../../../api/index';
import type { InputOf, OutputOf } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { clockText, shortTime } from '../../../../utils/day';
import { newClientId } from '../../../../utils/location';
import { go, queryValue, ROUTES, withQuery } from '../../../../utils/nav';
import { fillUnitPicker, openOnUnit, pickUnit, unitPageData } from '../../../../utils/staff-page';

type Mode = 'named' | 'draw';
type DrawBy = 'count' | 'percent';
type Issued = OutputOf<'spotCheck.issue'>;
type IssueInput = InputOf<'spotCheck.issue'>;
type ListedPerson = OutputOf<'people.list'>['people'][number];

const PAGE_SIZE = 20;

/** The labels of the issue's fields, for the server's field messages. */
const FIELD_LABELS = { personIds: '指定人员', draw: '随机抽取', note: '备注', unitId: '单位' };

interface CadreRow {
  id: string;
  name: string;
  title: string;
  checked: boolean;
}

interface IssuedRow {
  id: string;
  personId: string;
  name: string;
  village: string;
  deadline: string;
  deadlineFull: string;
}

interface Result {
  repeated: boolean;
  issued: IssuedRow[];
  skipped: { personId: string; name: string; reason: string }[];
  drawId: string;
}

interface VerifyView {
  method: string;
  seed: string;
  eligibleCount: number;
  size: number;
  picked: string;
  at: string;
  byName: string;
  ok: boolean;
  resultText: string;
  detail: string;
}

/** What the page keeps outside `data`, per page instance. */
interface State {
  /** The form last sent and its requestId: sending the same form again is a retry. */
  sentKey: string;
  requestId: string;
  /** The latest cadre list request: answers to older ones are dropped. */
  listSeq: number;
  /** Names of the ticked cadres (ticks survive searching and paging). */
  selected: Map<string, string>;
}

const states = new WeakMap<object, State>();
function stateOf(page: object): State {
  let s = states.get(page);
  if (!s) {
    s = { sentKey: '', requestId: '', listSeq: 0, selected: new Map() };
    states.set(page, s);
  }
  return s;
}

function issuedRow(sc: Issued['issued'][number]): IssuedRow {
  return { id: sc.id, personId: sc.personId, name: sc.personName, village: sc.villageName, deadline: clockText(sc.deadline), deadlineFull: shortTime(sc.deadline) };
}

function verifyView(v: OutputOf<'spotCheck.verifyDraw'>): VerifyView {
  const ok = v.matches && v.eligibleHashMatches;
  let detail = '按记录的种子和名单重新计算，抽中的人员与记录完全相同';
  if (!v.eligibleHashMatches) detail = '可抽取名单与记录时的校验值不符，名单可能被改动过';
  else if (!v.matches) detail = `重新计算抽中的是另外的人员（${v.recomputed.length} 人），记录可能被改动过`;
  return {
    method: v.method,
    seed: v.seed,
    eligibleCount: v.eligibleCount,
    size: v.size,
    picked: v.picked.map((p) => p.name || p.personId).join('、'),
    at: shortTime(v.at),
    byName: v.byName,
    ok,
    resultText: ok ? '一致' : '不一致',
    detail,
  };
}

Component({
  data: {
    ...unitPageData(),
    mode: 'named' as Mode,
    // 指定人员
    q: '',
    searched: '',
    cadres: [] as CadreRow[],
    total: 0,
    listStatus: 'idle' as 'idle' | 'loading' | 'more',
    listError: '',
    selectedCount: 0,
    selectedNames: '',
    // 随机抽取
    drawBy: 'count' as DrawBy,
    amount: '',
    includeToday: false,
    note: '',
    busy: false,
    formError: '',
    result: null as Result | null,
    verifyStatus: 'idle' as 'idle' | 'loading' | 'ok' | 'error',
    verifyError: '',
    verify: null as VerifyView | null,
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      void this.load(queryValue(query, 'unitId'));
    },

    async load(unitId: string): Promise<void> {
      const roots = await openOnUnit(this, unitId);
      // The cadres first; the picker's units (a walk down the tree) alongside.
      if (roots) await Promise.all([this.loadCadres(true), fillUnitPicker(this, roots, { keepLinked: false })]);
    },

    /** The cadres under the unit: the first page again (`reset`), or the next one. */
    async loadCadres(reset: boolean): Promise<void> {
      const s = stateOf(this);
      const seq = ++s.listSeq;
      const { unitId, searched } = this.data;
      const skip = reset ? 0 : this.data.cadres.length;
      this.setData({ listStatus: reset ? 'loading' : 'more', listError: '' });
      const a = await call('people.list', { unitId, role: 'cadre', skip, limit: PAGE_SIZE, ...(searched ? { q: searched } : {}) });
      if (s.listSeq !== seq) return;
      if (!a.ok) {
        this.setData({ listStatus: 'idle', listError: errorText(a, { q: '姓名' }) });
        return;
      }
      const rows = a.data.people.filter((p: ListedPerson) => p.active).map((p: ListedPerson) => ({ id: p.id, name: p.name, title: p.title, checked: s.selected.has(p.id) }));
      this.setData({ listStatus: 'idle', total: a.data.total, cadres: reset ? rows : [...this.data.cadres, ...rows] });
    },

    /** Show the ticks and their count after a change. */
    showSelection(): void {
      const { selected } = stateOf(this);
      this.setData({
        cadres: this.data.cadres.map((c) => ({ ...c, checked: selected.has(c.id) })),
        selectedCount: selected.size,
        selectedNames: [...selected.values()].join('、'),
      });
    },

    onPickUnit(e: WechatMiniprogram.PickerChange): void {
      if (!pickUnit(this, e.detail.value, { formError: '' })) return;
      // Ticks belong to a unit: cadres of another unit would be skipped.
      stateOf(this).selected.clear();
      this.showSelection();
      void this.loadCadres(true);
    },

    onMode(e: WechatMiniprogram.TouchEvent): void {
      const mode = String(e.currentTarget.dataset.mode ?? '') as Mode;
      if (mode !== 'named' && mode !== 'draw') return;
      this.setData({ mode, formError: '' });
    },

    onInput(e: WechatMiniprogram.Input): void {
      this.setData({ q: e.detail.value });
    },

    onSearch(): void {
      this.setData({ searched: this.data.q.trim().slice(0, 20) });
      void this.loadCadres(true);
    },

    onClearSearch(): void {
      this.setData({ q: '', searched: '' });
      void this.loadCadres(true);
    },

    onMore(): void {
      if (this.data.listStatus !== 'idle' || this.data.cadres.length >= this.data.total) return;
      void this.loadCadres(false);
    },

    onToggle(e: WechatMiniprogram.TouchEvent): void {
      const id = String(e.currentTarget.dataset.id ?? '');
      const row = this.data.cadres.find((c) => c.id === id);
      if (!row) return;
      const { selected } = stateOf(this);
      if (selected.has(id)) selected.delete(id);
      else selected.set(id, row.name);
      this.setData({ formError: '' });
      this.showSelection();
    },

    onDrawBy(e: WechatMiniprogram.TouchEvent): void {
      const by = String(e.currentTarget.dataset.by ?? '') as DrawBy;
      if (by !== 'count' && by !== 'percent') return;
      this.setData({ drawBy: by, formError: '' });
    },

    onAmount(e: WechatMiniprogram.Input): void {
      this.setData({ amount: e.detail.value, formError: '' });
    },

    onIncludeToday(e: WechatMiniprogram.SwitchChange): void {
      this.setData({ includeToday: !!e.detail.value });
    },

    onNote(e: WechatMiniprogram.Input): void {
      this.setData({ note: e.detail.value });
    },

    /** The issue as the form says it, without its requestId; or why it cannot be sent. */
    formInput(): { input: Omit<IssueInput, 'requestId'> } | { error: string } {
      const { unitId, mode, drawBy, includeToday } = this.data;
      const note = this.data.note.trim();
      const base = { unitId, ...(note ? { note } : {}) };
      if (mode === 'named') {
        const ids = [...stateOf(this).selected.keys()];
        if (ids.length === 0) return { error: '请至少选择一名驻村干部' };
        if (ids.length > 200) return { error: '一次最多约请 200 人' };
        return { input: { ...base, personIds: ids } };
      }
      const text = this.data.amount.trim();
      const n = Number(text);
      if (drawBy === 'count') {
        if (!/^\d+$/.test(text) || n < 1 || n > 5000) return { error: '请填写抽取人数（1–5000 的整数）' };
        return { input: { ...base, draw: { count: n, includeCheckedToday: includeToday } } };
      }
      if (!/^\d+(\.\d+)?$/.test(text) || n < 0.1 || n > 100) return { error: '请填写抽取比例（0.1–100）' };
      return { input: { ...base, draw: { percent: n, includeCheckedToday: includeToday } } };
    },

    async onIssue(): Promise<void> {
      if (this.data.busy) return;
      const form = this.formInput();
      if ('error' in form) {
        this.setData({ formError: form.error });
        return;
      }
      const s = stateOf(this);
      const key = JSON.stringify(form.input);
      // The same form again is a retry of the same issue: the same requestId.
      if (key !== s.sentKey || !s.requestId) {
        s.sentKey = key;
        s.requestId = newClientId();
      }
      this.setData({ busy: true, formError: '' });
      const a = await call('spotCheck.issue', { ...form.input, requestId: s.requestId });
      if (!a.ok) {
        this.setData({ busy: false, formError: errorText(a, FIELD_LABELS) });
        return;
      }
      // Done: the next form is a new issue.
      s.sentKey = '';
      s.requestId = '';
      this.setData({
        busy: false,
        result: { repeated: a.data.repeated, issued: a.data.issued.map(issuedRow), skipped: a.data.skipped, drawId: a.data.drawId ?? '' },
        verifyStatus: 'idle',
        verifyError: '',
        verify: null,
      });
    },

    async onVerify(): Promise<void> {
      const drawId = this.data.result?.drawId;
      if (!drawId || this.data.verifyStatus === 'loading') return;
      this.setData({ verifyStatus: 'loading', verifyError: '' });
      const v = await call('spotCheck.verifyDraw', { drawId });
      if (!v.ok) {
        this.setData({ verifyStatus: 'error', verifyError: errorText(v) });
        return;
      }
      this.setData({ verifyStatus: 'ok', verify: verifyView(v.data) });
    },

    /** Another issue: the form again, emptied. */
    onAgain(): void {
      stateOf(this).selected.clear();
      this.setData({ result: null, verify: null, verifyStatus: 'idle', verifyError: '', note: '', amount: '', formError: '' });
      this.showSelection();
    },

    onBoard(): void {
      go(withQuery(ROUTES.spotCheckBoard, { unitId: this.data.unitId }));
    },

    onRetry(): void {
      void this.load(this.data.unitId);
    },
  },
});
