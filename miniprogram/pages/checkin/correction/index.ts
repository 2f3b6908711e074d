/**
 * Corrections (补卡) for the cadre (issue 5, item 5): a window they missed (today's missed ones
 * are offered; any other by date and 上午/下午), the reason, and at least one piece of evidence —
 * photos (`wx.chooseMedia`, uploaded through the api to the cadre's own evidence folder,
 * `evidence/<personId>/…`, which is the only place the server takes them from) or a witness —
 * go to the township's organisation staff (`checkin.requestCorrection`). The page shows how
 * many corrections are left this month and every request made, with its status and trail.
 * `?date=&windowId=` (from the check-in page) chooses the window.
 *
 * A work log (驻村记实) as evidence is not offered: there is no work-log feature yet, and the
 * server refuses a `workLogId` until that feature registers its check
 * (server/features/checkin/corrections.ts, `registerWorkLogCheck`). The work-log feature will
 * add the field back here.
 */
import { call } from '../../../api/index';
import { choosePhotos, uploadPhotos } from '../../../utils/photos';
import { errorText } from '../../../utils/answer';
import { correctionRow, DEFAULT_WINDOWS } from '../../../utils/checkin';
import type { CorrectionRow } from '../../../utils/checkin';
import { addDays, beijingToday, dayText, monthText, phoneNow } from '../../../utils/day';
import { go, queryValue, ROUTES } from '../../../utils/nav';
import { listenPrivacy, openPrivacyContract, settlePrivacy } from '../../../utils/privacy';
import type { PrivacyResolve } from '../../../utils/privacy';

type Status = 'loading' | 'ok' | 'unbound' | 'notCadre' | 'error';

const MAX_PHOTOS = 3;
/** How far back the date picker goes. */
const BACK_DAYS = 62;
const LABELS = { reason: '原因', witness: '证明人', photoFileIds: '照片', date: '日期', windowId: '时段' };

interface Photo {
  path: string;
  /** Set once uploaded (kept across a failed submission, so it is not uploaded twice). */
  fileID: string;
}

interface QuickPick {
  key: string;
  date: string;
  windowId: string;
  label: string;
}

interface State {
  stopPrivacy: (() => void) | null;
  privacyResolve: PrivacyResolve | null;
  /** The caller's person id (people.me), once asked for: photos go to `evidence/<personId>/`. */
  personId: string;
}
const states = new WeakMap<object, State>();
function stateOf(page: object): State {
  let s = states.get(page);
  if (!s) states.set(page, (s = { stopPrivacy: null, privacyResolve: null, personId: '' }));
  return s;
}

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    month: '',
    monthText: '',
    left: 0,
    /** Today's missed windows, one tap each. */
    quick: [] as QuickPick[],
    today: '',
    dateStart: '',
    date: '',
    dateText: '',
    windows: DEFAULT_WINDOWS.map((w) => ({ ...w })),
    windowNames: DEFAULT_WINDOWS.map((w) => w.name),
    windowId: '',
    windowIndex: -1,
    reason: '',
    witness: '',
    photos: [] as Photo[],
    maxPhotos: MAX_PHOTOS,
    submitting: false,
    formError: '',
    notice: '',
    history: [] as CorrectionRow[],
    privacyOpen: false,
  },

  lifetimes: {
    attached(): void {
      const s = stateOf(this);
      s.stopPrivacy = listenPrivacy((resolve) => {
        s.privacyResolve = resolve;
        this.setData({ privacyOpen: true });
      });
      const today = beijingToday(phoneNow());
      this.setData({ today, dateStart: addDays(today, -BACK_DAYS) });
      void this.load();
    },

    detached(): void {
      const s = stateOf(this);
      s.stopPrivacy?.();
      settlePrivacy(s, false);
    },
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const date = queryValue(query, 'date');
      const windowId = queryValue(query, 'windowId');
      if (/^\d{4}-\d{2}-\d{2}$/.test(date)) this.setData({ date, dateText: dayText(date) });
      if (windowId) this.chooseWindow(windowId);
    },

    async load(): Promise<void> {
      this.setData({ status: 'loading', error: '' });
      const [mine, asked] = await Promise.all([call('checkin.mine'), call('checkin.myCorrections')]);
      const failed = !mine.ok ? mine : !asked.ok ? asked : null;
      if (failed) {
        if (failed.code === 'not_bound') this.setData({ status: 'unbound' });
        else if (failed.code === 'forbidden') this.setData({ status: 'notCadre' });
        else this.setData({ status: 'error', error: failed.message });
        return;
      }
      if (!mine.ok || !asked.ok) return;
      const today = mine.data.today;
      const windows = today.windows.length ? today.windows.map((w) => ({ id: w.id, name: w.name })) : DEFAULT_WINDOWS.map((w) => ({ ...w }));
      // Settled windows of this month that can still be corrected (not yet asked for), newest first.
      const askedFor = new Set(asked.data.corrections.map((c) => `${c.date}:${c.windowId}`));
      const nameOf = (id: string) => windows.find((w) => w.id === id)?.name ?? id;
      const dayName = (d: string) => (d === today.date ? '今天' : `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`);
      const quick = mine.data.attendance
        .filter((a) => (a.status === 'missed' || a.status === 'outside') && !askedFor.has(`${a.date}:${a.windowId}`))
        .sort((a, b) => (a.date === b.date ? a.windowId.localeCompare(b.windowId) : b.date.localeCompare(a.date)))
        .map((a) => ({ key: a.windowKey, date: a.date, windowId: a.windowId, label: `${dayName(a.date)}${nameOf(a.windowId)}（${a.status === 'missed' ? '未签到' : '不在村内'}）` }));
      this.setData({
        status: 'ok',
        today: today.date,
        dateStart: addDays(today.date, -BACK_DAYS),
        month: asked.data.month,
        monthText: monthText(asked.data.month),
        left: asked.data.left,
        quick,
        windows,
        windowNames: windows.map((w) => w.name),
        history: asked.data.corrections.map(correctionRow),
      });
      if (this.data.windowId) this.chooseWindow(this.data.windowId);
    },

    chooseWindow(windowId: string): void {
      const windowIndex = this.data.windows.findIndex((w) => w.id === windowId);
      this.setData({ windowId, windowIndex, formError: '' });
    },

    onQuick(e: WechatMiniprogram.TouchEvent): void {
      const pick = this.data.quick.find((q) => q.key === e.currentTarget.dataset.key);
      if (!pick) return;
      this.setData({ date: pick.date, dateText: dayText(pick.date), notice: '' });
      this.chooseWindow(pick.windowId);
    },

    onPickDate(e: WechatMiniprogram.PickerChange): void {
      const date = String(e.detail.value);
      this.setData({ date, dateText: dayText(date), formError: '', notice: '' });
    },

    onPickWindow(e: WechatMiniprogram.PickerChange): void {
      const w = this.data.windows[Number(e.detail.value)];
      if (w) this.chooseWindow(w.id);
    },

    onReason(e: WechatMiniprogram.Input): void {
      this.setData({ reason: e.detail.value, formError: '' });
    },

    onWitness(e: WechatMiniprogram.Input): void {
      this.setData({ witness: e.detail.value, formError: '' });
    },

    async onAddPhoto(): Promise<void> {
      const r = await choosePhotos(MAX_PHOTOS - this.data.photos.length);
      if ('added' in r) {
        if (r.added.length) this.setData({ photos: [...this.data.photos, ...r.added].slice(0, MAX_PHOTOS), formError: '' });
      } else if (r.refused === 'privacy') this.setData({ formError: '您没有同意隐私保护指引，无法选择照片。可以改为填写证明人' });
    },

    onRemovePhoto(e: WechatMiniprogram.TouchEvent): void {
      const i = Number(e.currentTarget.dataset.index);
      this.setData({ photos: this.data.photos.filter((_p, j) => j !== i) });
    },

    /** What is missing before the request can go, in words; '' when nothing is. */
    missing(): string {
      const { date, windowId, reason, witness, photos } = this.data;
      if (!date || !windowId) return '请先选择要补卡的日期和时段';
      if (reason.trim().length < 4) return '请说明未能签到的原因（至少 4 个字）';
      if (!photos.length && witness.trim().length < 2) return '请至少提供一项证明：照片或证明人';
      return '';
    },

    async onSubmit(): Promise<void> {
      if (this.data.submitting) return;
      const missing = this.missing();
      if (missing) {
        this.setData({ formError: missing, notice: '' });
        return;
      }
      this.setData({ submitting: true, formError: '', notice: '' });
      const { date, windowId } = this.data;
      // Photos first, into the caller's own evidence folder: the request takes their cloud:// ids.
      const folder = this.data.photos.some((p) => !p.fileID) ? await this.evidenceFolder() : '';
      if (folder === null) return;
      const { photos, error } = await uploadPhotos(this.data.photos, folder, `${date}-${windowId}`);
      if (error) {
        this.setData({ submitting: false, photos, formError: error });
        return;
      }
      this.setData({ photos });
      const witness = this.data.witness.trim();
      const a = await call('checkin.requestCorrection', {
        date,
        windowId,
        reason: this.data.reason.trim(),
        photoFileIds: photos.map((p) => p.fileID),
        ...(witness ? { witness } : {}),
      });
      if (!a.ok) {
        this.setData({ submitting: false, formError: errorText(a, LABELS) });
        return;
      }
      this.setData({
        submitting: false,
        notice: `已提交 ${dayText(a.data.date)} ${a.data.windowName} 的补卡申请，请等待乡镇组织部门审核`,
        date: '',
        dateText: '',
        windowId: '',
        windowIndex: -1,
        reason: '',
        witness: '',
        photos: [],
      });
      await this.load();
    },

    /**
     * `evidence/<personId>/`, where this cadre's photos are uploaded (the server takes photos from
     * there only). The person id comes from people.me, asked once per page; null when it could
     * not be had (the form says why).
     */
    async evidenceFolder(): Promise<string | null> {
      const s = stateOf(this);
      if (!s.personId) {
        const me = await call('people.me');
        if (!me.ok) {
          this.setData({ submitting: false, formError: me.message });
          return null;
        }
        s.personId = me.data.id;
      }
      return `evidence/${s.personId}/`;
    },

    onRetry(): void {
      if (this.data.status !== 'loading') void this.load();
    },

    onBind(): void {
      go(ROUTES.bind);
    },

    // ── Privacy (choosing photos is a privacy API) ──────────────────────────────────────────
    onAgreePrivacy(): void {
      const s = stateOf(this);
      this.setData({ privacyOpen: false });
      settlePrivacy(s, true);
    },

    onDisagreePrivacy(): void {
      const s = stateOf(this);
      this.setData({ privacyOpen: false });
      settlePrivacy(s, false);
    },

    onOpenContract(): void {
      openPrivacyContract();
    },
  },
});
