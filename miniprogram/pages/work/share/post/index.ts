/**
 * 我要分享 for a stationed cadre: a title (optional), the text (at most 1,000 characters, counted
 * as they type) and up to 9 photos (`wx.chooseMedia`, compressed, uploaded into the folder the
 * server names — `share.feed` gives it to cadres). 发布 sends `share.post` with a clientId made
 * once per form and kept across retries, so a retried submit is one post, and goes on to the post.
 */
import { call } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { newClientId } from '../../../../utils/location';
import { replace, withQuery } from '../../../../utils/nav';
import { choosePhotos, uploadPhotos } from '../../../../utils/photos';
import type { FormPhoto } from '../../../../utils/photos';
import { openPrivacyContract } from '../../../../utils/privacy';
import { answerPrivacy, privacyHolder, startPrivacy, stopPrivacy } from '../../../../utils/privacy';
import type { PrivacyHolder } from '../../../../utils/privacy';
import { charCount, FIELD_LABELS, MAX_PHOTOS, MAX_TEXT, MAX_TITLE, SHARE_ROUTES } from '../share';

type Status = 'loading' | 'ok' | 'forbidden' | 'error';

interface State extends PrivacyHolder {
  /** Made once per form, kept across retries: the server records a retried submit once. */
  clientId: string;
  uploadFolder: string;
}
const states = new WeakMap<object, State>();
function stateOf(page: object): State {
  let s = states.get(page);
  if (!s) states.set(page, (s = { ...privacyHolder(), clientId: newClientId(), uploadFolder: '' }));
  return s;
}

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    title: '',
    text: '',
    textCount: 0,
    maxText: MAX_TEXT,
    maxTitle: MAX_TITLE,
    photos: [] as FormPhoto[],
    maxPhotos: MAX_PHOTOS,
    textError: '',
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
    onLoad(): void {
      void this.load();
    },

    /** Where the photos go: the feed names the cadre's folder (none for anyone else). */
    async load(): Promise<void> {
      this.setData({ status: 'loading', error: '' });
      const a = await call('share.feed', { limit: 1 });
      if (stateOf(this).gone) return;
      if (!a.ok) {
        this.setData({ status: a.code === 'forbidden' || a.code === 'not_bound' ? 'forbidden' : 'error', error: a.message });
        return;
      }
      if (!a.data.uploadFolder) return this.setData({ status: 'forbidden', error: '' });
      stateOf(this).uploadFolder = a.data.uploadFolder;
      this.setData({ status: 'ok' });
    },

    onTitle(e: WechatMiniprogram.Input): void {
      this.setData({ title: e.detail.value, formError: '' });
    },

    onText(e: WechatMiniprogram.Input): void {
      this.setData({ text: e.detail.value, textCount: charCount(e.detail.value), textError: '', formError: '' });
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

    onPreview(e: WechatMiniprogram.TouchEvent): void {
      const urls = this.data.photos.map((p) => p.path);
      wx.previewImage({ urls, current: String(e.currentTarget.dataset.path ?? urls[0]) });
    },

    async onSubmit(): Promise<void> {
      if (this.data.submitting) return;
      const n = charCount(this.data.text);
      if (n === 0) return this.setData({ textError: '请写下您的体会', formError: '' });
      if (n > MAX_TEXT) return this.setData({ textError: `正文最多${MAX_TEXT}字，现在是${n}字`, formError: '' });
      const s = stateOf(this);
      this.setData({ submitting: true, textError: '', photosError: '', formError: '' });
      // Photos first, into the cadre's own folder: a photo already uploaded is not sent again.
      const up = await uploadPhotos(this.data.photos, s.uploadFolder, s.clientId);
      if (s.gone) return;
      this.setData({ photos: up.photos });
      if (up.error) {
        this.setData({ submitting: false, photosError: up.error, formError: `${up.error}。写的内容还在，请再点“发布”` });
        return;
      }
      const title = this.data.title.trim();
      const a = await call('share.post', { clientId: s.clientId, ...(title ? { title } : {}), text: this.data.text.trim(), photoFileIds: up.photos.map((p) => p.fileID) });
      if (s.gone) return;
      if (!a.ok) {
        const retry = a.code === 'network' ? '。写的内容还在，请再点“发布”' : '';
        // Photos the server would not take are chosen again, not sent again.
        if ((a.issues ?? []).some((i) => i.path.startsWith('photoFileIds')) || /照片/.test(a.message)) this.setData({ photos: [] });
        this.setData({ submitting: false, formError: `${errorText(a, FIELD_LABELS)}${retry}` });
        return;
      }
      s.clientId = newClientId();
      this.setData({ submitting: false });
      wx.showToast({ title: '已发布', icon: 'success', duration: 1500 });
      replace(withQuery(SHARE_ROUTES.detail, { id: a.data.id }));
    },

    onRetry(): void {
      void this.load();
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
