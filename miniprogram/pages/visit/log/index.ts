/**
 * 记录走访 (`?householdId=`), for a cadre of the household's "2+1" group: who went (the group's
 * cadres, the one logging always; the auxiliary member or not), an optional fix (定位, taken now:
 * `wx.getLocation`), what was learnt, and the problems the household raised (each with a
 * suggested category; each becomes a ticket the township handles). 提交 sends `visit.log` with a
 * clientId made once per form and kept across retries (a retried submit is one visit); then back
 * to 入户走访. The server's refusals show in words.
 */
import { call } from '../../../api/index';
import { errorText } from '../../../utils/answer';
import { locate, newClientId } from '../../../utils/location';
import { queryValue, replace } from '../../../utils/nav';
import { CATEGORY_OPTIONS, MAX_NOTES, MAX_PROBLEM, MAX_PROBLEMS, MIN_NOTES, MIN_PROBLEM, VISIT_LABELS, VISIT_ROUTES } from '../visit';

type Status = 'loading' | 'ok' | 'notCadre' | 'notFound' | 'error' | 'done';

interface Member {
  id: string;
  name: string;
  on: boolean;
  me: boolean;
}

interface ProblemForm {
  text: string;
  categoryIndex: number;
  error: string;
}

type VisitFix = { lat: number; lng: number; accuracy: number; capturedAt: string };
const states = new WeakMap<object, { clientId: string; fix: VisitFix | null }>();
function stateOf(page: object) {
  let s = states.get(page);
  if (!s) states.set(page, (s = { clientId: newClientId(), fix: null }));
  return s;
}

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    householdId: '',
    head: '',
    where: '',
    groupName: '',
    members: [] as Member[],
    auxiliary: '',
    auxiliaryPresent: false,
    locating: false,
    located: '',
    locateError: '',
    notes: '',
    notesError: '',
    minNotes: MIN_NOTES,
    maxNotes: MAX_NOTES,
    maxProblem: MAX_PROBLEM,
    problems: [] as ProblemForm[],
    maxProblems: MAX_PROBLEMS,
    categoryNames: CATEGORY_OPTIONS.map((c) => c.name),
    formError: '',
    submitting: false,
    doneText: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      this.setData({ householdId: queryValue(query, 'householdId') });
      void this.load();
    },

    async load(): Promise<void> {
      this.setData({ status: 'loading', error: '' });
      const a = await call('visit.home', {});
      if (!a.ok) {
        this.setData({ status: a.code === 'forbidden' || a.code === 'not_bound' ? 'notCadre' : 'error', error: errorText(a) });
        return;
      }
      const h = a.data.households.find((x) => x.id === this.data.householdId);
      const g = a.data.group;
      if (!h || !g) {
        this.setData({ status: 'notFound' });
        return;
      }
      this.setData({
        status: 'ok',
        head: h.head,
        where: `${h.group} ${h.house}`,
        groupName: g.name,
        auxiliary: g.auxiliary.name,
        // The one logging went, always; the other member is ticked when they went too.
        members: g.members.map((m) => ({ id: m.personId, name: m.name, on: m.personId === a.data.me, me: m.personId === a.data.me })),
      });
    },

    onMember(e: WechatMiniprogram.TouchEvent): void {
      const i = Number(e.currentTarget.dataset.index);
      const m = this.data.members[i];
      if (!m || m.me) return;
      this.setData({ [`members[${i}].on`]: !m.on });
    },

    onAuxiliary(): void {
      this.setData({ auxiliaryPresent: !this.data.auxiliaryPresent });
    },

    async onLocate(): Promise<void> {
      if (this.data.locating) return;
      this.setData({ locating: true, locateError: '' });
      const r = await locate();
      if (r.ok) {
        // What the server keeps of a fix: where, how precise, and when the phone took it.
        stateOf(this).fix = { lat: r.fix.lat, lng: r.fix.lng, accuracy: r.fix.accuracy, capturedAt: r.fix.capturedAt };
        this.setData({ locating: false, located: `已定位（精度约 ${Math.round(r.fix.accuracy)} 米）` });
      } else {
        stateOf(this).fix = null;
        this.setData({ locating: false, located: '', locateError: `${r.message.replace(/签到/g, '定位')}。也可以不带定位提交` });
      }
    },

    onNotes(e: WechatMiniprogram.Input): void {
      this.setData({ notes: e.detail.value, notesError: '', formError: '' });
    },

    onAddProblem(): void {
      if (this.data.problems.length >= MAX_PROBLEMS) return;
      this.setData({ problems: [...this.data.problems, { text: '', categoryIndex: 0, error: '' }] });
    },

    onProblemText(e: WechatMiniprogram.Input): void {
      const i = Number(e.currentTarget.dataset.index);
      this.setData({ [`problems[${i}].text`]: e.detail.value, [`problems[${i}].error`]: '', formError: '' });
    },

    onProblemCategory(e: WechatMiniprogram.PickerChange): void {
      const i = Number(e.currentTarget.dataset.index);
      this.setData({ [`problems[${i}].categoryIndex`]: Number(e.detail.value) });
    },

    onRemoveProblem(e: WechatMiniprogram.TouchEvent): void {
      const i = Number(e.currentTarget.dataset.index);
      this.setData({ problems: this.data.problems.filter((_p, j) => j !== i) });
    },

    async onSubmit(): Promise<void> {
      if (this.data.submitting) return;
      const notes = this.data.notes.trim();
      let bad = false;
      if (notes.length < MIN_NOTES) {
        this.setData({ notesError: '请写一写走访了解到的情况' });
        bad = true;
      }
      this.data.problems.forEach((p, i) => {
        if (p.text.trim().length < MIN_PROBLEM) {
          this.setData({ [`problems[${i}].error`]: `问题请至少写${MIN_PROBLEM}个字，不需要的请删除` });
          bad = true;
        }
      });
      if (bad) {
        this.setData({ formError: '请按红字提示改一改，再点“提交”' });
        return;
      }
      const s = stateOf(this);
      this.setData({ submitting: true, formError: '' });
      const a = await call('visit.log', {
        clientId: s.clientId,
        householdId: this.data.householdId,
        memberIds: this.data.members.filter((m) => m.on).map((m) => m.id),
        auxiliaryPresent: this.data.auxiliaryPresent,
        location: s.fix,
        notes,
        problems: this.data.problems.map((p) => ({ text: p.text.trim(), category: (CATEGORY_OPTIONS[p.categoryIndex]?.key || null) as 'service' | null })),
      });
      if (!a.ok) {
        if (a.code === 'stale_location') {
          s.fix = null;
          this.setData({ located: '' });
        }
        const message = a.code === 'network' ? `${a.message}。写的内容还在，请再点“提交”` : errorText(a, VISIT_LABELS);
        this.setData({ submitting: false, formError: message });
        wx.showToast({ title: a.message, icon: 'none', duration: 3000 });
        return;
      }
      s.clientId = newClientId();
      const n = a.data.problems.length;
      this.setData({ submitting: false, status: 'done', doneText: n ? `已记录走访，${n} 个问题已交乡镇受理` : '已记录走访' });
      wx.showToast({ title: '已记录', icon: 'success', duration: 1500 });
    },

    onBack(): void {
      replace(VISIT_ROUTES.mine);
    },

    onRetry(): void {
      void this.load();
    },
  },
});
