/**
 * A training course (`?id=`), for staff: what it is, its sessions (date, time, place, how many
 * enrolled and checked in), 安排培训 (a session: date, start and end, the place's name, the venue
 * where the check-in counts — 用我现在的位置 while standing there, `wx.getLocation`, or typed — its
 * radius, and whether the organiser's cadres may enrol themselves), 报名 (the organiser's
 * stationed cadres, those enrolled marked, several chosen and enrolled in one call) and 签到情况
 * (the session's attendance page).
 */
import { call } from '../../../api/index';
import type { OutputOf } from '../../../api/index';
import { errorText } from '../../../utils/answer';
import { addDays, beijingToday, phoneNow } from '../../../utils/day';
import { locate, newClientId } from '../../../utils/location';
import { go, queryValue, withQuery } from '../../../utils/nav';
import { countsLine, DEFAULT_RADIUS_M, FIELD_LABELS, MAX_RADIUS_M, MIN_RADIUS_M, sessionLine, TRAINING_ROUTES } from '../training';

type Status = 'loading' | 'ok' | 'forbidden' | 'error';
type Course = OutputOf<'training.course'>;

interface SessionItem {
  id: string;
  line: string;
  counts: string;
  /** `本单位驻村干部可自行报名 · 签到范围 300 米`. */
  rules: string;
  ended: boolean;
}

interface Candidate {
  personId: string;
  name: string;
  villageName: string;
  kindName: string;
  enrolled: boolean;
  chosen: boolean;
}

const KIND_NAMES: Record<string, string> = { firstSecretary: '第一书记', teamMember: '驻村工作队员', stationedLeader: '驻点干部' };
const LOCATE_WORDS: Record<string, string> = {
  privacy: '没有同意隐私保护指引',
  denied: '没有允许使用位置信息',
  off: '手机没有打开定位',
  timeout: '定位超时',
  failed: '暂时无法定位',
};

function sessionItem(s: Course['sessions'][number]): SessionItem {
  return { id: s.id, line: sessionLine(s), counts: countsLine(s), rules: `${s.openToUnit ? '本单位驻村干部可自行报名 · ' : ''}签到范围 ${s.radiusM} 米`, ended: s.ended };
}

interface State {
  clientId: string;
}
const states = new WeakMap<object, State>();
const stateOf = (page: object): State => {
  let s = states.get(page);
  if (!s) states.set(page, (s = { clientId: newClientId() }));
  return s;
};

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    id: '',
    name: '',
    meta: '',
    description: '',
    unitId: '',
    sessions: [] as SessionItem[],
    notice: '',

    formOpen: false,
    date: '',
    start: '09:00',
    end: '11:30',
    placeName: '',
    lat: '',
    lng: '',
    radius: String(DEFAULT_RADIUS_M),
    openToUnit: false,
    locating: false,
    locateNote: '',
    adding: false,
    formError: '',

    enrolFor: '',
    enrolLine: '',
    candidates: [] as Candidate[],
    candidatesLoading: false,
    chosenCount: 0,
    enrolling: false,
    enrolError: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      this.setData({ id: queryValue(query, 'id'), date: addDays(beijingToday(phoneNow()), 1) });
      void this.load();
    },

    onShow(): void {
      if (this.data.status === 'ok') void this.load(true);
    },

    async load(quiet = false): Promise<void> {
      if (!quiet) this.setData({ status: 'loading', error: '' });
      const a = await call('training.course', { id: this.data.id });
      if (!a.ok) {
        if (a.code === 'forbidden' || a.code === 'not_bound' || a.code === 'invalid_input') this.setData({ status: 'forbidden' });
        else this.setData({ status: 'error', error: errorText(a) });
        return;
      }
      const c = a.data;
      this.setData({ status: 'ok', name: c.name, meta: `${c.kindName} · ${c.unitName}`, description: c.description, unitId: c.unitId, sessions: c.sessions.map(sessionItem) });
    },

    // ── 安排培训 ───────────────────────────────────────────────────────────────────────────────
    onNewSession(): void {
      this.setData({ formOpen: !this.data.formOpen, formError: '', notice: '' });
    },

    onField(e: WechatMiniprogram.Input): void {
      const field = String(e.currentTarget.dataset.field ?? '');
      if (['placeName', 'lat', 'lng', 'radius'].includes(field)) this.setData({ [field]: e.detail.value, formError: '' });
    },

    onPick(e: WechatMiniprogram.PickerChange): void {
      const field = String(e.currentTarget.dataset.field ?? '');
      const value = String(e.detail.value);
      if (field === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value)) this.setData({ date: value, formError: '' });
      if ((field === 'start' || field === 'end') && /^\d{2}:\d{2}$/.test(value)) this.setData({ [field]: value, formError: '' });
    },

    onOpenToUnit(e: WechatMiniprogram.SwitchChange): void {
      this.setData({ openToUnit: !!e.detail.value });
    },

    /** The venue where the staff member stands now. */
    async onHere(): Promise<void> {
      if (this.data.locating) return;
      this.setData({ locating: true, locateNote: '', formError: '' });
      const r = await locate();
      if (!r.ok) return this.setData({ locating: false, locateNote: `${LOCATE_WORDS[r.reason] ?? '暂时无法定位'}，也可以直接填写经纬度` });
      this.setData({ locating: false, lat: r.fix.lat.toFixed(6), lng: r.fix.lng.toFixed(6), locateNote: `已取当前位置（误差约 ${Math.round(r.fix.accuracy)} 米）` });
    },

    /** What the form lacks, or ''; the server checks the rest. */
    check(): string {
      const d = this.data;
      if (!d.date) return '请选择培训日期';
      if (d.end <= d.start) return '结束时间应晚于开始时间';
      if (d.placeName.trim().length < 2) return '请填写培训地点';
      const lat = Number(d.lat);
      const lng = Number(d.lng);
      if (!d.lat || !d.lng || !Number.isFinite(lat) || !Number.isFinite(lng)) return '请设置签到位置：到培训地点点“用我现在的位置”，或填写经纬度';
      const radius = Number(d.radius);
      if (!Number.isInteger(radius) || radius < MIN_RADIUS_M || radius > MAX_RADIUS_M) return `签到范围应在 ${MIN_RADIUS_M}—${MAX_RADIUS_M} 米之间`;
      return '';
    },

    async onAddSession(): Promise<void> {
      if (this.data.adding) return;
      const missing = this.check();
      if (missing) return this.setData({ formError: missing });
      const d = this.data;
      const s = stateOf(this);
      this.setData({ adding: true, formError: '' });
      const a = await call('training.addSession', { courseId: d.id, clientId: s.clientId, date: d.date, start: d.start, end: d.end, placeName: d.placeName.trim(), venue: { lat: Number(d.lat), lng: Number(d.lng) }, radiusM: Number(d.radius), openToUnit: d.openToUnit });
      if (!a.ok) {
        const again = a.code === 'network' ? '。填写的内容还在，请再点“添加”' : '';
        return this.setData({ adding: false, formError: `${errorText(a, FIELD_LABELS)}${again}` });
      }
      s.clientId = newClientId();
      this.setData({ adding: false, formOpen: false, placeName: '', notice: `已安排：${sessionLine(a.data)}` });
      await this.load(true);
    },

    // ── 报名 ───────────────────────────────────────────────────────────────────────────────────
    async onEnrolPanel(e: WechatMiniprogram.TouchEvent): Promise<void> {
      const sessionId = String(e.currentTarget.dataset.id ?? '');
      if (!sessionId || this.data.enrolling) return;
      if (this.data.enrolFor === sessionId) return this.setData({ enrolFor: '', candidates: [] });
      const session = this.data.sessions.find((x) => x.id === sessionId);
      this.setData({ enrolFor: sessionId, enrolLine: session?.line ?? '', candidates: [], candidatesLoading: true, chosenCount: 0, enrolError: '', notice: '' });
      const a = await call('training.candidates', { sessionId, unitId: this.data.unitId });
      if (this.data.enrolFor !== sessionId) return;
      if (!a.ok) return this.setData({ candidatesLoading: false, enrolError: errorText(a) });
      this.setData({
        candidatesLoading: false,
        candidates: a.data.items.map((c) => ({ personId: c.personId, name: c.name, villageName: c.villageName, kindName: KIND_NAMES[c.kind] ?? '', enrolled: c.enrolled, chosen: false })),
      });
    },

    onChoose(e: WechatMiniprogram.TouchEvent): void {
      const id = String(e.currentTarget.dataset.id ?? '');
      const candidates = this.data.candidates.map((c) => (c.personId === id && !c.enrolled ? { ...c, chosen: !c.chosen } : c));
      this.setData({ candidates, chosenCount: candidates.filter((c) => c.chosen).length, enrolError: '' });
    },

    onChooseAll(): void {
      const candidates = this.data.candidates.map((c) => ({ ...c, chosen: !c.enrolled }));
      this.setData({ candidates, chosenCount: candidates.filter((c) => c.chosen).length, enrolError: '' });
    },

    async onEnrol(): Promise<void> {
      if (this.data.enrolling) return;
      const personIds = this.data.candidates.filter((c) => c.chosen).map((c) => c.personId);
      if (!personIds.length) return this.setData({ enrolError: '请先点选要报名的驻村干部' });
      this.setData({ enrolling: true, enrolError: '' });
      const a = await call('training.enrol', { sessionId: this.data.enrolFor, personIds });
      if (!a.ok) return this.setData({ enrolling: false, enrolError: errorText(a, FIELD_LABELS) });
      this.setData({ enrolling: false, enrolFor: '', candidates: [], chosenCount: 0, notice: `已报名 ${a.data.added} 人${a.data.already ? `（${a.data.already} 人此前已报名）` : ''}` });
      await this.load(true);
    },

    onAttendance(e: WechatMiniprogram.TouchEvent): void {
      const sessionId = String(e.currentTarget.dataset.id ?? '');
      if (sessionId) go(withQuery(TRAINING_ROUTES.attendance, { sessionId }));
    },

    onRetry(): void {
      void this.load();
    },
  },
});
