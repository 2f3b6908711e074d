/**
 * 记录进展 (`?targetId=&year=`), for the cadre: what was done on one of their targets, how far
 * it is (0–100%), and up to 9 photos (uploaded into the folder `assessment.myTargets` names).
 * 提交 sends `assessment.recordProgress` with a clientId kept across retries (a retried submit is
 * one entry), then back to 我的目标.
 */
import { call } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { newClientId } from '../../../../utils/location';
import { queryValue, replace, withQuery } from '../../../../utils/nav';
import { choosePhotos, uploadPhotos } from '../../../../utils/photos';
import type { FormPhoto } from '../../../../utils/photos';
import { ASSESS_ROUTES, fieldErrors, MAX_PHOTOS, MIN_TEXT, targetItem } from '../../assess';
import type { TargetItem } from '../../assess';

type Status = 'loading' | 'ok' | 'notCadre' | 'notFound' | 'closed' | 'error';

interface State {
  clientId: string;
  gone: boolean;
}
const states = new WeakMap<object, State>();
function stateOf(page: object): State {
  let s = states.get(page);
  if (!s) states.set(page, (s = { clientId: newClientId(), gone: false }));
  return s;
}

const LABELS: Record<string, string> = { text: '进展情况', percent: '完成进度', photoFileIds: '照片' };

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    year: '',
    targetId: '',
    target: null as TargetItem | null,
    uploadFolder: '',
    text: '',
    percent: 0,
    photos: [] as FormPhoto[],
    maxPhotos: MAX_PHOTOS,
    errors: {} as Record<string, string>,
    formError: '',
    submitting: false,
  },

  lifetimes: {
    detached(): void {
      stateOf(this).gone = true;
    },
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      this.setData({ targetId: queryValue(query, 'targetId'), year: queryValue(query, 'year') });
      void this.load();
    },

    async load(): Promise<void> {
      this.setData({ status: 'loading', error: '' });
      const year = this.data.year;
      const a = await call('assessment.myTargets', /^20\d{2}$/.test(year) ? { year } : {});
      if (stateOf(this).gone) return;
      if (!a.ok) {
        this.setData(a.code === 'forbidden' || a.code === 'not_bound' ? { status: 'notCadre' } : { status: 'error', error: errorText(a) });
        return;
      }
      const t = a.data.plan.targets.find((x) => x.id === this.data.targetId);
      if (!t) return this.setData({ status: 'notFound' });
      const item = targetItem(t);
      this.setData({ status: item.live && !item.scored ? 'ok' : 'closed', target: item, year: a.data.year, uploadFolder: a.data.uploadFolder, percent: this.data.percent || t.percent });
    },

    onText(e: WechatMiniprogram.Input): void {
      this.setData({ text: e.detail.value, 'errors.text': '', formError: '' });
    },

    onPercent(e: WechatMiniprogram.SliderChange): void {
      this.setData({ percent: Number(e.detail.value), 'errors.percent': '' });
    },

    async onAddPhoto(): Promise<void> {
      const r = await choosePhotos(MAX_PHOTOS - this.data.photos.length);
      if (stateOf(this).gone) return;
      if ('added' in r) this.setData({ photos: [...this.data.photos, ...r.added].slice(0, MAX_PHOTOS), 'errors.photoFileIds': '' });
      else if (r.refused === 'privacy') this.setData({ 'errors.photoFileIds': '您没有同意隐私保护指引，无法选择照片。照片可以不传' });
    },

    onRemovePhoto(e: WechatMiniprogram.TouchEvent): void {
      const i = Number(e.currentTarget.dataset.index);
      this.setData({ photos: this.data.photos.filter((_p, j) => j !== i) });
    },

    async onSubmit(): Promise<void> {
      if (this.data.submitting) return;
      const text = this.data.text.trim();
      if (text.length < MIN_TEXT) {
        this.setData({ errors: { text: `请写一写做了什么，至少${MIN_TEXT}个字` }, formError: '请按红字提示改一改，再点“提交”' });
        return;
      }
      const s = stateOf(this);
      this.setData({ submitting: true, errors: {}, formError: '' });
      const up = await uploadPhotos(this.data.photos, this.data.uploadFolder, s.clientId);
      if (s.gone) return;
      this.setData({ photos: up.photos });
      if (up.error) {
        this.setData({ submitting: false, 'errors.photoFileIds': up.error, formError: `${up.error}。写的内容还在，请再点“提交”` });
        return;
      }
      const a = await call('assessment.recordProgress', { year: this.data.year, targetId: this.data.targetId, clientId: s.clientId, text, percent: this.data.percent, photoFileIds: up.photos.map((p) => p.fileID) });
      if (s.gone) return;
      if (!a.ok) {
        const message = a.code === 'network' ? `${a.message}。写的内容还在，请再点“提交”` : errorText(a, LABELS);
        this.setData({ submitting: false, errors: fieldErrors(a.issues), formError: message });
        return;
      }
      s.clientId = newClientId();
      this.setData({ submitting: false });
      wx.showToast({ title: '已记录', icon: 'success', duration: 1500 });
      replace(withQuery(ASSESS_ROUTES.myTargets, { year: this.data.year }));
    },

    onBack(): void {
      replace(withQuery(ASSESS_ROUTES.myTargets, { year: this.data.year }));
    },

    onRetry(): void {
      void this.load();
    },
  },
});
