/**
 * One complaint for those who handle it (`?id=`, `complaint.get`): the villager's words and
 * photos, where it was raised, the contact (or 匿名, where the category keeps it hidden), whom a
 * report names (discipline staff only), the department and its deadline, an extension asked
 * for, the answer with its evidence, the villager's rating, and the whole record (全程监督):
 * every step with who and when.
 *
 * The actions are those the server allows the caller (`can`), each in its own panel:
 * 受理 (with the category, 分类), 不予受理 (a reason), 交办 (category and department), 转办
 * (another department and a reason), 审批延期 (同意 / 不同意 with a note), 申请延期 (the
 * department: working days and a reason), 答复办结 (the department, or discipline staff for a
 * confidential one: the answer and up to 6 evidence photos, uploaded into `answerFolder`). After
 * each the complaint is read again; when someone else moved it first, the server's message shows.
 */
import { call } from '../../../../api/index';
import type { Answer, OutputOf } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { deptText, isComplaintId, undoubled } from '../../../../utils/complaint-staff';
import { shortTime } from '../../../../utils/day';
import { queryValue } from '../../../../utils/nav';
import { choosePhotos, uploadPhotos } from '../../../../utils/photos';
import type { FormPhoto } from '../../../../utils/photos';

type Status = 'loading' | 'ok' | 'forbidden' | 'missing' | 'error';
type Got = OutputOf<'complaint.get'>;
type Complaint = Got['complaint'];
type Can = Got['can'];
type Dept = Got['departments'][number];
type Category = Got['categories'][number]['key'];
type Row = OutputOf<'complaint.accept'>;
type Panel = '' | 'accept' | 'reject' | 'dispatch' | 'transfer' | 'decide' | 'ask' | 'answer';

/** Evidence photos an answer takes at most (server/features/complaint/schema.ts, AnswerInput). */
const MAX_PHOTOS = 6;

const FIELD_LABELS = { category: '类别', reason: '理由', days: '延期天数', text: '答复内容', note: '审批意见', photoFileIds: '照片', departmentId: '承办部门' };

interface Step {
  key: string;
  title: string;
  who: string;
  note: string;
}

interface View {
  id: string;
  categoryName: string;
  status: Complaint['status'];
  statusName: string;
  confidential: boolean;
  village: string;
  raised: string;
  text: string;
  photos: string[];
  location: { latitude: number; longitude: number } | null;
  locationText: string;
  contact: string;
  phone: string;
  about: string;
  /** A problem raised in a household visit (走访): `龙德忠户（一组），走访干部 蒋文博`, else ''. */
  fromVisit: string;
  dept: string;
  deadline: string;
  overdue: boolean;
  /** `乡镇督办中` / `纪委监委督办中` for the overdue, or ''. */
  supervised: string;
  extension: string;
  answer: { text: string; who: string; onTime: boolean; photos: string[] } | null;
  rating: string;
  reopened: boolean;
  steps: Step[];
}

const NO_CAN: Can = { accept: false, reject: false, dispatch: false, transfer: false, decideExtension: false, askExtension: false, answer: false };

function viewOf(c: Complaint): View {
  const a = c.answer;
  return {
    id: c.id,
    categoryName: c.categoryName,
    status: c.status,
    statusName: c.statusName,
    confidential: c.confidential,
    village: c.villageName,
    raised: shortTime(c.raisedAt),
    text: c.text,
    photos: c.photos,
    location: c.location,
    locationText: c.location ? `北纬 ${c.location.latitude.toFixed(5)}，东经 ${c.location.longitude.toFixed(5)}` : '',
    contact: c.contact ? `${c.contact.name} ${c.contact.phone}` : '匿名',
    phone: c.contact?.phone ?? '',
    about: c.about?.name ?? '',
    fromVisit: c.visit ? `${c.visit.householdName}户（${c.visit.householdGroup}），走访干部 ${c.visit.raisedByName}` : '',
    dept: c.dept ? deptText(c.dept.unitName, c.dept.name) : '',
    deadline: c.deadline ? shortTime(c.deadline) : '',
    overdue: c.overdue,
    supervised: c.status === 'dispatched' ? (c.stage >= 3 ? '纪委监委督办中' : c.stage === 2 ? '乡镇督办中' : '') : '',
    extension: c.extension ? `申请延期 ${c.extension.days} 个工作日：${c.extension.reason}（${c.extension.byName} ${shortTime(c.extension.at)}）` : '',
    answer: a ? { text: a.text, who: [undoubled(a.unitName), a.byName, shortTime(a.at)].filter(Boolean).join(' '), onTime: a.onTime, photos: a.photos } : null,
    rating: c.rating ? `${c.rating.name}${c.rating.comment ? `：${c.rating.comment}` : ''}` : '',
    reopened: c.reopened,
    steps: c.steps.map((s, i) => ({ key: `${i}`, title: `${shortTime(s.at)} ${s.name}`, who: [undoubled(s.unitName), s.byName].filter(Boolean).join(' '), note: undoubled(s.note) })),
  };
}

interface State {
  departments: Dept[];
  /** The departments a transfer can go to (all but the one it is with). */
  transferTo: Dept[];
  categories: Category[];
  answerFolder: string;
  gone: boolean;
}
const states = new WeakMap<object, State>();
function stateOf(page: object): State {
  let s = states.get(page);
  if (!s) states.set(page, (s = { departments: [], transferTo: [], categories: [], answerFolder: '', gone: false }));
  return s;
}

const deptLabel = (d: Dept) => deptText(d.unitName, d.name);

/** Nothing typed or picked: a panel opens empty (the category starts at the complaint's own). */
const CLEAN = { reason: '', note: '', days: '', answerText: '', photos: [] as FormPhoto[], deptIndex: -1, transferIndex: -1, formError: '' };

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    id: '',
    c: null as View | null,
    can: NO_CAN,
    categoryNames: [] as string[],
    categoryIndex: -1,
    deptLabels: [] as string[],
    transferLabels: [] as string[],
    panel: '' as Panel,
    ...CLEAN,
    maxPhotos: MAX_PHOTOS,
    busy: false,
    /** Reading the complaint again (after an action). */
    reading: false,
    notice: '',
    noticeKind: 'ok' as 'ok' | 'warn',
  },

  lifetimes: {
    attached(): void {
      stateOf(this).gone = false;
    },
    detached(): void {
      stateOf(this).gone = true;
    },
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const id = queryValue(query, 'id');
      if (!isComplaintId(id)) {
        this.setData({ status: 'missing', error: '' });
        return;
      }
      this.setData({ id });
      void this.load();
    },

    /** Read the complaint (`quiet`: keep it on screen while reading, after an action). */
    async load(quiet = false): Promise<void> {
      this.setData(quiet ? { reading: true } : { status: 'loading', error: '', reading: true });
      const a = await call('complaint.get', { id: this.data.id });
      const s = stateOf(this);
      if (s.gone) return;
      if (!a.ok) {
        const status: Status = a.code === 'not_found' ? 'missing' : a.code === 'forbidden' || a.code === 'not_bound' ? 'forbidden' : 'error';
        this.setData({ status, error: errorText(a), c: null, can: NO_CAN, panel: '', reading: false });
        return;
      }
      const { complaint: c, can, departments, categories, answerFolder } = a.data;
      s.departments = departments;
      s.transferTo = departments.filter((d) => !c.dept || d.unitId !== c.dept.unitId || d.id !== c.dept.id);
      s.categories = categories.map((k) => k.key);
      s.answerFolder = answerFolder;
      const own = c.category ?? c.suggested;
      this.setData({
        status: 'ok',
        reading: false,
        c: viewOf(c),
        can,
        categoryNames: categories.map((k) => k.name),
        categoryIndex: own ? s.categories.indexOf(own) : -1,
        deptLabels: departments.map(deptLabel),
        transferLabels: s.transferTo.map(deptLabel),
      });
    },

    // ── panels ────────────────────────────────────────────────────────────────────────────────
    onPanel(e: WechatMiniprogram.TouchEvent): void {
      const panel = String(e.currentTarget.dataset.panel ?? '') as Panel;
      if (this.data.busy) return;
      this.setData({ panel, ...CLEAN, notice: '' });
    },

    onCancel(): void {
      if (!this.data.busy) this.setData({ panel: '', formError: '' });
    },

    onPickCategory(e: WechatMiniprogram.PickerChange): void {
      this.setData({ categoryIndex: Number(e.detail.value), formError: '' });
    },

    onPickDept(e: WechatMiniprogram.PickerChange): void {
      this.setData({ deptIndex: Number(e.detail.value), formError: '' });
    },

    onPickTransfer(e: WechatMiniprogram.PickerChange): void {
      this.setData({ transferIndex: Number(e.detail.value), formError: '' });
    },

    onReason(e: WechatMiniprogram.Input): void {
      this.setData({ reason: e.detail.value, formError: '' });
    },

    onNote(e: WechatMiniprogram.Input): void {
      this.setData({ note: e.detail.value, formError: '' });
    },

    onDays(e: WechatMiniprogram.Input): void {
      this.setData({ days: e.detail.value, formError: '' });
    },

    onAnswerText(e: WechatMiniprogram.Input): void {
      this.setData({ answerText: e.detail.value, formError: '' });
    },

    async onAddPhoto(): Promise<void> {
      const r = await choosePhotos(MAX_PHOTOS - this.data.photos.length);
      if ('added' in r) {
        if (r.added.length) this.setData({ photos: [...this.data.photos, ...r.added].slice(0, MAX_PHOTOS), formError: '' });
      } else if (r.refused === 'privacy') this.setData({ formError: '您没有同意隐私保护指引，无法选择照片' });
    },

    onRemovePhoto(e: WechatMiniprogram.TouchEvent): void {
      const i = Number(e.currentTarget.dataset.i);
      if (!this.data.busy) this.setData({ photos: this.data.photos.filter((_p, j) => j !== i) });
    },

    // ── what the page shows ───────────────────────────────────────────────────────────────────
    onPreview(e: WechatMiniprogram.TouchEvent): void {
      const url = String(e.currentTarget.dataset.url ?? '');
      const c = this.data.c;
      if (!url || !c) return;
      const urls = [...c.photos, ...(c.answer?.photos ?? [])];
      wx.previewImage({ current: url, urls });
    },

    onLocation(): void {
      const c = this.data.c;
      if (c?.location) wx.openLocation({ latitude: c.location.latitude, longitude: c.location.longitude, name: `${c.village}（村民提出诉求的位置）`, scale: 16 });
    },

    onCall(): void {
      const phone = this.data.c?.phone;
      if (phone) wx.makePhoneCall({ phoneNumber: phone, fail: () => undefined });
    },

    // ── the actions ───────────────────────────────────────────────────────────────────────────
    category(): Category | null {
      return stateOf(this).categories[this.data.categoryIndex] ?? null;
    },

    /** Send one action; on success say `done(row)` and read the complaint again. */
    async act(send: () => Promise<Answer<Row>>, done: (row: Row) => string): Promise<void> {
      if (this.data.busy) return;
      this.setData({ busy: true, formError: '', notice: '' });
      const a = await send();
      if (stateOf(this).gone) return;
      if (!a.ok) {
        if (a.code === 'conflict' || a.code === 'not_found') {
          // Someone else moved it meanwhile: say so, and show it as it now is.
          this.setData({ busy: false, panel: '', notice: a.message, noticeKind: 'warn' });
          await this.load(true);
          return;
        }
        this.setData({ busy: false, formError: errorText(a, FIELD_LABELS) });
        return;
      }
      this.setData({ busy: false, panel: '', ...CLEAN, notice: done(a.data), noticeKind: 'ok' });
      await this.load(true);
    },

    onAccept(): void {
      const category = this.category();
      if (!category) return this.setData({ formError: '请选择诉求类别' });
      void this.act(
        () => call('complaint.accept', { id: this.data.id, category }),
        (r) => `已受理，分类为${r.categoryName}`,
      );
    },

    onReject(): void {
      const reason = this.data.reason.trim();
      if (!reason) return this.setData({ formError: '请写明不予受理的理由，村民会看到' });
      void this.act(
        () => call('complaint.reject', { id: this.data.id, reason }),
        () => '已不予受理，村民会看到理由',
      );
    },

    onDispatch(): void {
      const category = this.category();
      const dept = stateOf(this).departments[this.data.deptIndex];
      if (!category) return this.setData({ formError: '请选择诉求类别' });
      if (!dept) return this.setData({ formError: '请选择承办部门' });
      void this.act(
        () => call('complaint.dispatch', { id: this.data.id, category, unitId: dept.unitId, departmentId: dept.id }),
        (r) => `已交办${deptLabel(dept)}${r.deadline ? `，${shortTime(r.deadline)}前办结` : ''}`,
      );
    },

    onTransfer(): void {
      const dept = stateOf(this).transferTo[this.data.transferIndex];
      const reason = this.data.reason.trim();
      if (!dept) return this.setData({ formError: '请选择转办的部门' });
      if (!reason) return this.setData({ formError: '请写明转办理由' });
      void this.act(
        () => call('complaint.transfer', { id: this.data.id, unitId: dept.unitId, departmentId: dept.id, reason }),
        (r) => `已转办${deptLabel(dept)}${r.deadline ? `，${shortTime(r.deadline)}前办结` : ''}`,
      );
    },

    onDecide(e: WechatMiniprogram.TouchEvent): void {
      const approve = e.currentTarget.dataset.approve === 'yes';
      const note = this.data.note.trim();
      if (!approve && !note) return this.setData({ formError: '不同意延期时请写明理由，承办部门会看到' });
      void this.act(
        () => call('complaint.decideExtension', { id: this.data.id, approve, note }),
        (r) => (approve ? `已同意延期${r.deadline ? `，${shortTime(r.deadline)}前办结` : ''}` : '已不同意延期，仍按原期限办结'),
      );
    },

    onAsk(): void {
      const text = this.data.days.trim();
      const days = Number(text);
      const reason = this.data.reason.trim();
      if (!/^\d+$/.test(text) || days < 1 || days > 60) return this.setData({ formError: '请填写要延期的工作日天数（1 到 60 天）' });
      if (!reason) return this.setData({ formError: '请写明延期理由' });
      void this.act(
        () => call('complaint.askExtension', { id: this.data.id, days, reason }),
        () => `已申请延期 ${days} 个工作日，等待审批`,
      );
    },

    async onAnswer(): Promise<void> {
      const text = this.data.answerText.trim();
      if (!text) return this.setData({ formError: '请填写答复内容，村民会看到' });
      if (this.data.busy) return;
      const s = stateOf(this);
      if (this.data.photos.some((p) => !p.fileID)) {
        // Photos first, into the handler's own folder: the answer takes their cloud:// ids.
        this.setData({ busy: true, formError: '' });
        const up = await uploadPhotos(this.data.photos, s.answerFolder, this.data.id);
        if (s.gone) return;
        this.setData({ busy: false, photos: up.photos });
        if (up.error) return this.setData({ formError: up.error });
      }
      const photoFileIds = this.data.photos.map((p) => p.fileID);
      await this.act(
        () => call('complaint.answer', { id: this.data.id, text, photoFileIds }),
        (r) => (r.overdue ? '已答复办结（逾期办结），等待村民评价' : '已答复办结，等待村民评价'),
      );
    },

    onRetry(): void {
      void this.load();
    },
  },
});
