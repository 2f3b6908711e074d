/**
 * 发布工作动态 for organisation staff (`?unitId=`): the unit it is of (the caller's own and those
 * below, not villages; the link's first), a title, the text, up to 9 photos (`wx.chooseMedia`,
 * compressed, uploaded into the folder `workUpdate.list` names), an optional 派出单位 (posted on
 * behalf of a dispatching unit) and, for a city, the district it is about (it then counts for
 * that district's week). 发布 sends `workUpdate.post` with a clientId made once per form and kept
 * across retries, so a retried submit is one post; then back to the list.
 */
import { call } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { newClientId } from '../../../../utils/location';
import { queryValue, replace, withQuery } from '../../../../utils/nav';
import { choosePhotos, uploadPhotos } from '../../../../utils/photos';
import type { FormPhoto } from '../../../../utils/photos';
import { openPrivacyContract } from '../../../../utils/privacy';
import { fillUnitPicker, openOnUnit, pickUnit, unitPageData } from '../../../../utils/staff-page';
import { answerPrivacy, privacyHolder, startPrivacy, stopPrivacy } from '../../../../utils/privacy';
import type { PrivacyHolder } from '../../../../utils/privacy';
import { FIELD_LABELS, MAX_BODY, MAX_PHOTOS, MAX_TITLE, MIN_BODY, UPDATE_ROUTES } from '../update';

interface State extends PrivacyHolder {
  /** Made once per form, kept across retries: the server records a retried submit once. */
  clientId: string;
  uploadFolder: string;
  seq: number;
}
const states = new WeakMap<object, State>();
function stateOf(page: object): State {
  let s = states.get(page);
  if (!s) states.set(page, (s = { ...privacyHolder(), clientId: newClientId(), uploadFolder: '', seq: 0 }));
  return s;
}

Component({
  data: {
    ...unitPageData(),
    /** The unit checked (`workUpdate.list`): whether it takes posts, and a city's districts. */
    unitStatus: 'loading' as 'loading' | 'ok' | 'refused' | 'error',
    unitError: '',
    districts: [] as { id: string; name: string }[],
    districtNames: [] as string[],
    districtIndex: 0,
    title: '',
    body: '',
    bodyCount: 0,
    maxTitle: MAX_TITLE,
    maxBody: MAX_BODY,
    dispatchingUnit: '',
    photos: [] as FormPhoto[],
    maxPhotos: MAX_PHOTOS,
    photosError: '',
    formError: '',
    submitting: false,
    privacyOpen: false,
  },

  lifetimes: {
    attached(): void {
      startPrivacy(this, stateOf(this));
    },
    detached(): void {
      stopPrivacy(stateOf(this));
    },
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      void this.load(queryValue(query, 'unitId'));
    },

    async load(unitId: string): Promise<void> {
      const roots = await openOnUnit(this, unitId);
      if (!roots) return;
      await Promise.all([this.checkUnit(), this.fillPicker(roots)]);
    },

    async fillPicker(roots: Parameters<typeof fillUnitPicker>[1]): Promise<void> {
      if (!(await fillUnitPicker(this, roots))) return;
      const units = this.data.units.filter((u) => u.level !== 'village' || u.id === this.data.unitId);
      this.setData({ units, unitLabels: units.map((u) => u.label), unitIndex: Math.max(0, units.findIndex((u) => u.id === this.data.unitId)) });
    },

    /** Whether the unit takes posts from the caller, where photos go, and a city's districts. */
    async checkUnit(): Promise<void> {
      const s = stateOf(this);
      const seq = ++s.seq;
      const { unitId } = this.data;
      this.setData({ unitStatus: 'loading', unitError: '' });
      const a = await call('workUpdate.list', { unitId, limit: 1 });
      if (seq !== s.seq || s.gone) return;
      if (!a.ok) return this.setData({ unitStatus: a.code === 'forbidden' ? 'refused' : 'error', unitError: errorText(a) });
      if (!a.data.canPost || !a.data.uploadFolder) return this.setData({ unitStatus: 'refused', unitError: '工作动态按市、县（区）、乡镇（街道）发布，请选择本单位' });
      s.uploadFolder = a.data.uploadFolder;
      const districts = a.data.districts;
      this.setData({
        unitStatus: 'ok',
        ...(this.data.unitName ? {} : { unitName: a.data.unit.name }),
        districts,
        districtNames: districts.length ? ['不指定（全市）', ...districts.map((d) => d.name)] : [],
        districtIndex: 0,
      });
    },

    onPickUnit(e: WechatMiniprogram.PickerChange): void {
      if (this.data.submitting) return;
      if (pickUnit(this, e.detail.value, { formError: '' })) void this.checkUnit();
    },

    onPickDistrict(e: WechatMiniprogram.PickerChange): void {
      this.setData({ districtIndex: Number(e.detail.value) || 0 });
    },

    onField(e: WechatMiniprogram.Input): void {
      const field = String(e.currentTarget.dataset.field ?? '');
      if (field === 'body') this.setData({ body: e.detail.value, bodyCount: e.detail.value.trim().length, formError: '' });
      else if (field === 'title' || field === 'dispatchingUnit') this.setData({ [field]: e.detail.value, formError: '' });
    },

    async onAddPhoto(): Promise<void> {
      const r = await choosePhotos(MAX_PHOTOS - this.data.photos.length);
      if (stateOf(this).gone) return;
      if ('added' in r) {
        if (r.added.length) this.setData({ photos: [...this.data.photos, ...r.added].slice(0, MAX_PHOTOS), photosError: '' });
      } else if (r.refused === 'privacy') {
        this.setData({ photosError: '您没有同意隐私保护指引，无法选择照片。照片可以不传' });
      }
    },

    onRemovePhoto(e: WechatMiniprogram.TouchEvent): void {
      const i = Number(e.currentTarget.dataset.index);
      if (!this.data.submitting) this.setData({ photos: this.data.photos.filter((_p, j) => j !== i), photosError: '' });
    },

    /** What the form lacks, or ''; the server checks the rest. */
    check(): string {
      const d = this.data;
      if (d.unitStatus !== 'ok') return d.unitError || '请选择发布单位';
      if (d.title.trim().length < 2) return '请填写标题（至少 2 个字）';
      const n = d.body.trim().length;
      if (n < MIN_BODY) return `请填写正文（至少 ${MIN_BODY} 个字）`;
      if (n > MAX_BODY) return `正文最多${MAX_BODY}字，现在是${n}字`;
      const du = d.dispatchingUnit.trim();
      if (du && du.length < 2) return '派出单位名称至少 2 个字，不是代派出单位发布可以不填';
      return '';
    },

    async onSubmit(): Promise<void> {
      if (this.data.submitting) return;
      const missing = this.check();
      if (missing) return this.setData({ formError: missing });
      const s = stateOf(this);
      this.setData({ submitting: true, formError: '', photosError: '' });
      const up = await uploadPhotos(this.data.photos, s.uploadFolder, s.clientId);
      if (s.gone) return;
      this.setData({ photos: up.photos });
      if (up.error) {
        this.setData({ submitting: false, photosError: up.error, formError: `${up.error}。写的内容还在，请再点“发布”` });
        return;
      }
      const d = this.data;
      const district = d.districtIndex > 0 ? d.districts[d.districtIndex - 1] : undefined;
      const dispatchingUnit = d.dispatchingUnit.trim();
      const a = await call('workUpdate.post', {
        unitId: d.unitId,
        ...(district ? { districtId: district.id } : {}),
        clientId: s.clientId,
        title: d.title.trim(),
        body: d.body.trim(),
        photoFileIds: up.photos.map((p) => p.fileID),
        ...(dispatchingUnit ? { dispatchingUnit } : {}),
      });
      if (s.gone) return;
      if (!a.ok) {
        const retry = a.code === 'network' ? '。写的内容还在，请再点“发布”' : '';
        if ((a.issues ?? []).some((i) => i.path.startsWith('photoFileIds')) || /照片/.test(a.message)) this.setData({ photos: [] });
        this.setData({ submitting: false, formError: `${errorText(a, FIELD_LABELS)}${retry}` });
        return;
      }
      s.clientId = newClientId();
      this.setData({ submitting: false });
      wx.showToast({ title: '已发布', icon: 'success', duration: 1500 });
      // Back to the list it came from (which reads itself again), else on to the unit's list.
      const pages = typeof getCurrentPages === 'function' ? getCurrentPages() : [];
      const prev = pages[pages.length - 2];
      if (prev && `/${prev.route}` === UPDATE_ROUTES.list) wx.navigateBack({ delta: 1 });
      else replace(withQuery(UPDATE_ROUTES.list, { unitId: a.data.unitId }));
    },

    onRetry(): void {
      if (this.data.status === 'error') void this.load(this.data.unitId);
      else void this.checkUnit();
    },

    onAgreePrivacy(): void {
      answerPrivacy(this, stateOf(this), true);
    },

    onDisagreePrivacy(): void {
      answerPrivacy(this, stateOf(this), false);
    },

    onOpenContract(): void {
      openPrivacyContract();
    },
  },
});
