/**
 * 培训管理 (`?unitId=`), for staff: the training courses organised in a unit they pick (their own
 * and those below, not villages), newest first, each with its sessions (`training.courses`); a
 * tap opens the course (its sessions, 报名, 签到情况). 新建培训 creates a course for the unit:
 * 名称, 类别 (任前培训, 专题培训, 业务培训) and what it covers (`training.createCourse`, a clientId
 * kept across retries), then opens it.
 */
import { call } from '../../../api/index';
import type { OutputOf } from '../../../api/index';
import { errorText } from '../../../utils/answer';
import { newClientId } from '../../../utils/location';
import { go, queryValue, withQuery } from '../../../utils/nav';
import type { MyRole } from '../../../utils/org';
import { fillUnitPicker, pickUnit, staffRoles, unitPageData } from '../../../utils/staff-page';
import { countsLine, FIELD_LABELS, KINDS, sessionLine, TRAINING_ROUTES } from '../training';

type Course = OutputOf<'training.courses'>['items'][number];

interface CourseItem {
  id: string;
  name: string;
  /** `任前培训 · 花垣县`. */
  meta: string;
  /** `2 次培训，下一次：2026年5月20日 09:00—11:30 · 县委党校`, or `还没有安排培训时间`. */
  sessions: string;
  /** All sessions' counts together. */
  counts: string;
}

function courseItem(c: Course): CourseItem {
  const next = c.sessions.find((s) => !s.ended);
  const total = c.sessions.reduce((t, s) => ({ enrolled: t.enrolled + s.enrolled, present: t.present + s.present, late: t.late + s.late }), { enrolled: 0, present: 0, late: 0 });
  return {
    id: c.id,
    name: c.name,
    meta: `${c.kindName} · ${c.unitName}`,
    sessions: c.sessions.length === 0 ? '还没有安排培训时间' : `${c.sessions.length} 次培训${next ? `，下一次：${sessionLine(next)}` : '，都已结束'}`,
    counts: c.sessions.length ? countsLine(total) : '',
  };
}

interface State {
  clientId: string;
  seq: number;
}
const states = new WeakMap<object, State>();
const stateOf = (page: object): State => {
  let s = states.get(page);
  if (!s) states.set(page, (s = { clientId: newClientId(), seq: 0 }));
  return s;
};

Component({
  data: {
    ...unitPageData(),
    listStatus: 'loading' as 'loading' | 'ok' | 'forbidden' | 'error',
    listError: '',
    canCreate: false,
    items: [] as CourseItem[],
    formOpen: false,
    name: '',
    kindNames: KINDS.map((k) => k.name),
    kindIndex: 0,
    description: '',
    creating: false,
    formError: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      void this.load(queryValue(query, 'unitId'));
    },

    onShow(): void {
      if (this.data.listStatus === 'ok') void this.loadList(true);
    },

    async load(askedId: string): Promise<void> {
      const roles = await staffRoles(this);
      if (!roles) return;
      const unitId = askedId || roles[0]!.orgUnitId;
      const unitName = roles.find((r) => r.orgUnitId === unitId)?.unitName ?? '';
      this.setData({ status: 'ok', unitId, unitName, unitLabels: unitName ? [unitName] : [] });
      await Promise.all([this.loadList(), this.fillPicker(roles)]);
    },

    async fillPicker(roots: MyRole[]): Promise<void> {
      if (!(await fillUnitPicker(this, roots))) return;
      const units = this.data.units.filter((u) => u.level !== 'village' || u.id === this.data.unitId);
      this.setData({ units, unitLabels: units.map((u) => u.label), unitIndex: Math.max(0, units.findIndex((u) => u.id === this.data.unitId)) });
    },

    async loadList(quiet = false): Promise<void> {
      const s = stateOf(this);
      const seq = ++s.seq;
      if (!quiet) this.setData({ listStatus: 'loading', listError: '' });
      const a = await call('training.courses', { unitId: this.data.unitId });
      if (seq !== s.seq) return;
      if (!a.ok) return this.setData({ listStatus: a.code === 'forbidden' ? 'forbidden' : 'error', listError: errorText(a), items: [] });
      this.setData({ listStatus: 'ok', unitName: this.data.unitName || a.data.unit.name, canCreate: a.data.canCreate, items: a.data.items.map(courseItem) });
    },

    onPickUnit(e: WechatMiniprogram.PickerChange): void {
      if (this.data.creating) return;
      if (pickUnit(this, e.detail.value, { formOpen: false })) {
        stateOf(this).clientId = newClientId();
        void this.loadList();
      }
    },

    onOpen(e: WechatMiniprogram.TouchEvent): void {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (id) go(withQuery(TRAINING_ROUTES.course, { id }));
    },

    onNew(): void {
      this.setData({ formOpen: !this.data.formOpen, formError: '' });
    },

    onName(e: WechatMiniprogram.Input): void {
      this.setData({ name: e.detail.value, formError: '' });
    },

    onKind(e: WechatMiniprogram.PickerChange): void {
      const i = Number(e.detail.value);
      if (KINDS[i]) this.setData({ kindIndex: i });
    },

    onDescription(e: WechatMiniprogram.Input): void {
      this.setData({ description: e.detail.value });
    },

    async onCreate(): Promise<void> {
      if (this.data.creating) return;
      const name = this.data.name.trim();
      if (name.length < 4) return this.setData({ formError: '请填写培训名称（至少 4 个字）' });
      const s = stateOf(this);
      this.setData({ creating: true, formError: '' });
      const a = await call('training.createCourse', { unitId: this.data.unitId, clientId: s.clientId, name, kind: KINDS[this.data.kindIndex]!.key, description: this.data.description.trim() });
      if (!a.ok) {
        const again = a.code === 'network' ? '。填写的内容还在，请再点“创建”' : '';
        return this.setData({ creating: false, formError: `${errorText(a, FIELD_LABELS)}${again}` });
      }
      s.clientId = newClientId();
      this.setData({ creating: false, formOpen: false, name: '', description: '', kindIndex: 0 });
      go(withQuery(TRAINING_ROUTES.course, { id: a.data.id }));
    },

    onRetry(): void {
      if (this.data.status === 'error') void this.load(this.data.unitId);
      else void this.loadList();
    },
  },
});
