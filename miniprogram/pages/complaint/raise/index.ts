/**
 * 我要反映 (`?villageId=`), for a villager who came from their village's WeChat group (often
 * elderly: big type, one thing per block, plain words). `complaint.form` gives the village, the
 * folder photos go into, the five categories and the cadres stationed in the village. The form:
 * what happened (required, at least 5 characters), up to 6 photos (`wx.chooseMedia`, uploaded
 * into `uploadFolder`), the category as five big optional choices, for 信访举报 an optional
 * 反映对象 (one of the cadres, or a name typed in), an optional contact (name and phone: shown
 * to handlers only where the category needs it), an optional location (one `wx.getLocation` fix
 * on a tap, after privacy consent). 提交 sends `complaint.raise` with a clientId made once per
 * form and kept across retries, so a retried submit is the same complaint, and goes on to the
 * complaint's page. The server's refusals show next to their fields, and as a toast.
 */
import { call } from '../../../api/index';
import type { OutputOf } from '../../../api/index';
import { errorText } from '../../../utils/answer';
import { CATEGORY_NOTES, charCount, fieldErrors, PHONE, RAISE_LABELS } from '../villager';
import type { Category, RaiseField, RaiseInput } from '../villager';
import { locate, newClientId } from '../../../utils/location';
import type { LocateFailure } from '../../../utils/location';
import { choosePhotos, uploadPhotos } from '../../../utils/photos';
import type { FormPhoto } from '../../../utils/photos';
import { queryValue, replace, ROUTES, withQuery } from '../../../utils/nav';
import { listenPrivacy, openPrivacyContract, settlePrivacy } from '../../../utils/privacy';
import type { PrivacyResolve } from '../../../utils/privacy';

type Status = 'loading' | 'ok' | 'notVillager' | 'noVillage' | 'error';
type Form = OutputOf<'complaint.form'>;

const MAX_PHOTOS = 6;
const MIN_TEXT = 5;

/** Why a location fix failed, in words for this page: the location is never required. */
const LOCATE_WORDS: Record<LocateFailure, string> = {
  privacy: '您没有同意隐私保护指引，没有加上位置。位置可以不加，直接提交也行',
  denied: '您没有允许使用位置信息，没有加上位置。位置可以不加；要加的话，请点“去设置”打开“位置信息”',
  off: '手机没有打开定位，没有加上位置。位置可以不加；要加的话，请在手机设置里打开定位',
  timeout: '定位超时，没有加上位置。可以到屋外再点一次，或者不加位置直接提交',
  failed: '暂时无法获取位置。位置可以不加，直接提交也行',
};

const NO_ERRORS: Record<RaiseField, string> = { text: '', photos: '', category: '', about: '', contactName: '', contactPhone: '', location: '' };

interface CategoryButton {
  key: Category;
  name: string;
  note: string;
}

interface CadreButton {
  id: string;
  /** `蒋文博（第一书记）` */
  label: string;
  name: string;
}

interface State {
  /** Made once per form, kept across retries: the server records a retried submit once. */
  clientId: string;
  stopPrivacy: (() => void) | null;
  privacyResolve: PrivacyResolve | null;
  gone: boolean;
}
const states = new WeakMap<object, State>();
function stateOf(page: object): State {
  let s = states.get(page);
  if (!s) states.set(page, (s = { clientId: newClientId(), stopPrivacy: null, privacyResolve: null, gone: false }));
  return s;
}

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    villageId: '',
    villageName: '',
    uploadFolder: '',
    categories: [] as CategoryButton[],
    cadres: [] as CadreButton[],

    text: '',
    textCount: 0,
    minText: MIN_TEXT,
    photos: [] as FormPhoto[],
    maxPhotos: MAX_PHOTOS,
    category: '' as Category | '',
    /** 反映对象: a cadre picked (their id) or a name typed in. */
    aboutId: '',
    aboutName: '',
    contactName: '',
    contactPhone: '',
    location: null as { latitude: number; longitude: number } | null,
    locating: false,
    locationDenied: false,

    errors: { ...NO_ERRORS },
    formError: '',
    submitting: false,
    privacyOpen: false,
  },

  lifetimes: {
    attached(): void {
      const s = stateOf(this);
      s.gone = false;
      s.stopPrivacy = listenPrivacy((resolve) => {
        if (s.gone) return resolve({ event: 'disagree' });
        s.privacyResolve = resolve;
        this.setData({ privacyOpen: true });
      });
    },

    detached(): void {
      const s = stateOf(this);
      s.gone = true;
      s.stopPrivacy?.();
      settlePrivacy(s, false);
    },
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      void this.load(queryValue(query, 'villageId'));
    },

    /** The form's start: the village asked for, or the one the villager came from last. */
    async load(villageId: string): Promise<void> {
      this.setData({ status: 'loading', error: '' });
      let id = villageId;
      if (!id) {
        const mine = await call('village.mine');
        if (!mine.ok) return this.setData({ status: 'error', error: mine.message });
        const first = mine.data.villages[0];
        if (!first) return this.setData({ status: 'noVillage' });
        id = first.id;
      }
      const a = await call('complaint.form', { villageId: id });
      if (stateOf(this).gone) return;
      if (!a.ok) {
        if (a.code === 'not_villager' || a.code === 'not_bound') this.setData({ status: 'notVillager', villageId: id, error: a.message });
        else this.setData({ status: 'error', villageId: id, error: a.message });
        return;
      }
      this.show(a.data);
    },

    show(f: Form): void {
      this.setData({
        status: 'ok',
        villageId: f.village.id,
        villageName: f.village.name,
        uploadFolder: f.uploadFolder,
        categories: f.categories.map((c) => ({ key: c.key, name: c.name, note: CATEGORY_NOTES[c.key] ?? '' })),
        cadres: f.cadres.map((c) => ({ id: c.id, name: c.name, label: c.kindName ? `${c.name}（${c.kindName}）` : c.name })),
      });
    },

    clearError(field: RaiseField): void {
      if (this.data.errors[field] || this.data.formError) this.setData({ [`errors.${field}`]: '', formError: '' });
    },

    // ── What happened ──────────────────────────────────────────────────────────────────────────
    onText(e: WechatMiniprogram.Input): void {
      this.setData({ text: e.detail.value, textCount: charCount(e.detail.value) });
      this.clearError('text');
    },

    // ── Photos ─────────────────────────────────────────────────────────────────────────────────
    async onAddPhoto(): Promise<void> {
      const r = await choosePhotos(MAX_PHOTOS - this.data.photos.length);
      if (stateOf(this).gone) return;
      if ('added' in r) {
        if (r.added.length) this.setData({ photos: [...this.data.photos, ...r.added].slice(0, MAX_PHOTOS), 'errors.photos': '' });
      } else if (r.refused === 'privacy') {
        this.setData({ 'errors.photos': '您没有同意隐私保护指引，无法选择照片。照片可以不传' });
      }
    },

    onRemovePhoto(e: WechatMiniprogram.TouchEvent): void {
      const i = Number(e.currentTarget.dataset.index);
      this.setData({ photos: this.data.photos.filter((_p, j) => j !== i), 'errors.photos': '' });
    },

    // ── Category (optional; a second tap takes it back) ────────────────────────────────────────
    onCategory(e: WechatMiniprogram.TouchEvent): void {
      const key = String(e.currentTarget.dataset.key ?? '') as Category;
      if (!this.data.categories.some((c) => c.key === key)) return;
      const category = this.data.category === key ? '' : key;
      this.setData({ category, 'errors.category': '' });
      if (category !== 'report') this.setData({ aboutId: '', aboutName: '', 'errors.about': '' });
    },

    // ── 反映对象 (信访举报 only) ──────────────────────────────────────────────────────────────────
    onAboutCadre(e: WechatMiniprogram.TouchEvent): void {
      const id = String(e.currentTarget.dataset.id ?? '');
      const cadre = this.data.cadres.find((c) => c.id === id);
      if (!cadre) return;
      if (this.data.aboutId === id) this.setData({ aboutId: '', aboutName: '' });
      else this.setData({ aboutId: id, aboutName: cadre.name });
      this.clearError('about');
    },

    onAboutName(e: WechatMiniprogram.Input): void {
      // A typed name is someone else than the cadre picked.
      this.setData({ aboutId: '', aboutName: e.detail.value });
      this.clearError('about');
    },

    // ── Contact ────────────────────────────────────────────────────────────────────────────────
    onContactName(e: WechatMiniprogram.Input): void {
      this.setData({ contactName: e.detail.value });
      this.clearError('contactName');
    },

    onContactPhone(e: WechatMiniprogram.Input): void {
      this.setData({ contactPhone: e.detail.value });
      this.clearError('contactPhone');
    },

    // ── Location ───────────────────────────────────────────────────────────────────────────────
    async onLocate(): Promise<void> {
      if (this.data.locating) return;
      this.setData({ locating: true, 'errors.location': '', locationDenied: false });
      const r = await locate();
      if (stateOf(this).gone) return;
      if (!r.ok) {
        this.setData({ locating: false, 'errors.location': LOCATE_WORDS[r.reason], locationDenied: r.reason === 'denied' });
        return;
      }
      this.setData({ locating: false, location: { latitude: r.fix.lat, longitude: r.fix.lng } });
    },

    onRemoveLocation(): void {
      this.setData({ location: null, 'errors.location': '' });
    },

    onOpenSetting(): void {
      wx.openSetting({});
    },

    // ── Submitting ─────────────────────────────────────────────────────────────────────────────
    /** What the form lacks, field by field; the server checks the rest. */
    check(): Partial<Record<RaiseField, string>> {
      const d = this.data;
      const out: Partial<Record<RaiseField, string>> = {};
      const n = charCount(d.text);
      if (n === 0) out.text = '请写一写是什么事';
      else if (n < MIN_TEXT) out.text = `请至少写${MIN_TEXT}个字，说清楚是什么事`;
      const name = d.contactName.trim();
      const phone = d.contactPhone.trim();
      if (phone && !PHONE.test(phone)) out.contactPhone = '请输入11位手机号码';
      else if (name && !phone) out.contactPhone = '留了称呼，请再填手机号码；不想留可以把称呼删掉';
      if (phone && !name) out.contactName = '请填一个称呼，例如“龙大姐”';
      const about = d.aboutName.trim();
      if (d.category === 'report' && about && !d.aboutId && charCount(about) < 2) out.about = '名字请至少写2个字';
      return out;
    },

    input(photoFileIds: string[]): RaiseInput {
      const d = this.data;
      const name = d.contactName.trim();
      const phone = d.contactPhone.trim();
      const about = d.category === 'report' && d.aboutName.trim() ? { ...(d.aboutId ? { personId: d.aboutId } : {}), name: d.aboutName.trim() } : null;
      return {
        villageId: d.villageId,
        clientId: stateOf(this).clientId,
        text: d.text.trim(),
        photoFileIds,
        location: d.location,
        category: d.category || null,
        about,
        contact: name && phone ? { name, phone } : null,
      };
    },

    async onSubmit(): Promise<void> {
      if (this.data.submitting) return;
      const missing = this.check();
      if (Object.keys(missing).length) {
        this.setData({ errors: { ...NO_ERRORS, ...missing }, formError: '请按红字提示改一改，再点“提交”' });
        return;
      }
      const s = stateOf(this);
      this.setData({ submitting: true, errors: { ...NO_ERRORS }, formError: '' });
      // Photos first, into the villager's own folder: a photo already uploaded is not sent again.
      const up = await uploadPhotos(this.data.photos, this.data.uploadFolder, s.clientId);
      if (s.gone) return;
      this.setData({ photos: up.photos });
      if (up.error) {
        this.setData({ submitting: false, 'errors.photos': up.error, formError: `${up.error}。写的内容还在，请再点“提交”` });
        return;
      }
      const a = await call('complaint.raise', this.input(up.photos.map((p) => p.fileID)));
      if (s.gone) return;
      if (!a.ok) {
        const byField = fieldErrors(a);
        // Photos the server would not take are chosen again, not sent again.
        if (byField.photos) this.setData({ photos: [] });
        const message = a.code === 'network' ? `${a.message}。写的内容还在，请再点“提交”` : errorText(a, RAISE_LABELS);
        this.setData({ submitting: false, errors: { ...NO_ERRORS, ...byField }, formError: message });
        if (a.code === 'not_villager') this.setData({ status: 'notVillager', error: a.message });
        wx.showToast({ title: a.message, icon: 'none', duration: 3000 });
        return;
      }
      // Stored: another complaint on this page would be another one.
      s.clientId = newClientId();
      this.setData({ submitting: false });
      wx.showToast({ title: '已提交', icon: 'success', duration: 1500 });
      replace(withQuery(ROUTES.complaintDetail, { id: a.data.id }));
    },

    onRetry(): void {
      if (this.data.status !== 'loading') void this.load(this.data.villageId);
    },

    // ── Privacy (choosing photos and the location are privacy APIs) ───────────────────────────
    onAgreePrivacy(): void {
      this.setData({ privacyOpen: false });
      settlePrivacy(stateOf(this), true);
    },

    onDisagreePrivacy(): void {
      this.setData({ privacyOpen: false });
      settlePrivacy(stateOf(this), false);
    },

    onOpenContract(): void {
      openPrivacyContract();
    },
  },
});
