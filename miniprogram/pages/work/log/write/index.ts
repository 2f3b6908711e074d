/**
 * 写驻村记实 (`?id=` to change a log of today), for the cadre: what they did (at least 10
 * characters), up to 9 photos (`wx.chooseMedia`, compressed, uploaded into the folder
 * `workLog.mine` names), and, for a new log, optionally one of today's check-ins (`checkin.mine`)
 * as its tag. 提交 sends `workLog.write` with a clientId made once per form and kept across
 * retries (a retried submit is one log), or `workLog.edit`; then on to the log. A change keeps the
 * text it replaces (the log's 修改记录), and the form says so. The server's refusals show next to
 * their fields.
 */
import { call } from '../../../../api/index';
import type { Answer, OutputOf } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { placeText } from '../../../../utils/checkin';
import { clockText } from '../../../../utils/day';
import { newClientId } from '../../../../utils/location';
import { queryValue, replace, withQuery } from '../../../../utils/nav';
import { choosePhotos, uploadPhotos } from '../../../../utils/photos';
import type { FormPhoto } from '../../../../utils/photos';
import { openPrivacyContract } from '../../../../utils/privacy';
import { answerPrivacy, privacyHolder, startPrivacy, stopPrivacy } from '../../../../utils/privacy';
import type { PrivacyHolder } from '../../../../utils/privacy';
import { dayWithWeekday, LOG_LABELS, LOG_ROUTES, logFieldErrors, MAX_PHOTOS, MAX_TEXT, MIN_TEXT } from '../log';
import type { LogField } from '../log';

type Status = 'loading' | 'ok' | 'notCadre' | 'notStationed' | 'notFound' | 'notEditable' | 'error';

interface CheckinChoice {
  id: string;
  /** `09:09 上午签到 · 在村内`. */
  label: string;
}

const NO_ERRORS: Record<LogField, string> = { text: '', photos: '', checkin: '' };

interface State extends PrivacyHolder {
  /** Made once per form, kept across retries: the server records a retried submit once. */
  clientId: string;
}
const states = new WeakMap<object, State>();
function stateOf(page: object): State {
  let s = states.get(page);
  if (!s) states.set(page, (s = { clientId: newClientId(), ...privacyHolder() }));
  return s;
}

/** Characters as the server counts them (after trimming). */
const lengthOf = (text: string) => text.trim().length;

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    /** The log being changed ('' for a new one). */
    editId: '',
    today: '',
    todayText: '',
    uploadFolder: '',

    text: '',
    textCount: 0,
    minText: MIN_TEXT,
    maxText: MAX_TEXT,
    photos: [] as FormPhoto[],
    maxPhotos: MAX_PHOTOS,
    checkins: [] as CheckinChoice[],
    checkinId: '',
    /** Editing: the log's check-in tag (it stays), and how often it was changed already. */
    tagged: false,
    historyCount: 0,

    errors: { ...NO_ERRORS },
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
      this.setData({ editId: queryValue(query, 'id') });
      void this.load();
    },

    async load(): Promise<void> {
      this.setData({ status: 'loading', error: '' });
      const editId = this.data.editId;
      if (editId) {
        const [mine, got] = await Promise.all([call('workLog.mine', {}), call('workLog.get', { id: editId })]);
        if (!this.opened(mine)) return;
        if (!got.ok) {
          if (got.code === 'not_found' || got.code === 'forbidden' || got.code === 'invalid_input') this.setData({ status: 'notFound' });
          else this.setData({ status: 'error', error: errorText(got) });
          return;
        }
        const l = got.data;
        if (!l.canEdit) {
          this.setData({ status: 'notEditable' });
          return;
        }
        // The photos kept: each already has its file id (its link shows it).
        const photos = l.photoFileIds.map((fileID, i) => ({ path: l.photoUrls[i] ?? '', fileID }));
        this.setData({ status: 'ok', text: l.text, textCount: lengthOf(l.text), photos, tagged: !!l.checkinId, historyCount: l.history.length });
        return;
      }
      const [mine, checkins] = await Promise.all([call('workLog.mine', {}), call('checkin.mine', {})]);
      if (!this.opened(mine)) return;
      // No check-ins to offer (none today, or none readable): the log goes without a tag.
      const choices: CheckinChoice[] = [];
      if (checkins.ok) {
        const names = new Map(checkins.data.today.windows.map((w) => [w.key, w.name]));
        for (const c of checkins.data.checkins) {
          if (c.date !== this.data.today) continue;
          choices.push({ id: c.id, label: `${clockText(c.capturedAt)} ${(c.windowKey && names.get(c.windowKey)) || '签到'} · ${placeText(c)}` });
        }
      }
      this.setData({ status: 'ok', checkins: choices });
    },

    /** The cadre's month answered: keep where photos go and today; else show why not. */
    opened(mine: Answer<OutputOf<'workLog.mine'>>): boolean {
      if (stateOf(this).gone) return false;
      if (!mine.ok) {
        if (mine.code === 'forbidden' || mine.code === 'not_bound') this.setData({ status: 'notCadre' });
        else this.setData({ status: 'error', error: errorText(mine) });
        return false;
      }
      this.setData({ uploadFolder: mine.data.uploadFolder, today: mine.data.today, todayText: dayWithWeekday(mine.data.today) });
      return true;
    },

    clearError(field: LogField): void {
      if (this.data.errors[field] || this.data.formError) this.setData({ [`errors.${field}`]: '', formError: '' });
    },

    onText(e: WechatMiniprogram.Input): void {
      this.setData({ text: e.detail.value, textCount: lengthOf(e.detail.value) });
      this.clearError('text');
    },

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

    onPreview(e: WechatMiniprogram.TouchEvent): void {
      const url = String(e.currentTarget.dataset.url ?? '');
      if (url) wx.previewImage({ urls: this.data.photos.map((p) => p.path).filter(Boolean), current: url });
    },

    /** A check-in as the log's tag; a second tap takes it back. */
    onCheckin(e: WechatMiniprogram.TouchEvent): void {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (!this.data.checkins.some((c) => c.id === id)) return;
      this.setData({ checkinId: this.data.checkinId === id ? '' : id });
      this.clearError('checkin');
    },

    async onSubmit(): Promise<void> {
      if (this.data.submitting) return;
      const n = lengthOf(this.data.text);
      const missing = n === 0 ? '请写一写今天做了哪些工作' : n < MIN_TEXT ? `请至少写${MIN_TEXT}个字` : '';
      if (missing) {
        this.setData({ errors: { ...NO_ERRORS, text: missing }, formError: '请按红字提示改一改，再点“提交”' });
        return;
      }
      const s = stateOf(this);
      this.setData({ submitting: true, errors: { ...NO_ERRORS }, formError: '' });
      // Photos first, into the cadre's own folder: one uploaded already is not sent again.
      const up = await uploadPhotos(this.data.photos, this.data.uploadFolder, s.clientId);
      if (s.gone) return;
      this.setData({ photos: up.photos });
      if (up.error) {
        this.setData({ submitting: false, 'errors.photos': up.error, formError: `${up.error}。写的内容还在，请再点“提交”` });
        return;
      }
      const text = this.data.text.trim();
      const photoFileIds = up.photos.map((p) => p.fileID);
      const editId = this.data.editId;
      const a = editId ? await call('workLog.edit', { id: editId, text, photoFileIds }) : await call('workLog.write', { clientId: s.clientId, text, photoFileIds, checkinId: this.data.checkinId || null });
      if (s.gone) return;
      if (!a.ok) {
        const byField = logFieldErrors(a);
        // Photos the server would not take are chosen again, not sent again.
        if (byField.photos) this.setData({ photos: [] });
        if (a.code === 'not_stationed') this.setData({ status: 'notStationed', error: a.message });
        const message = a.code === 'network' ? `${a.message}。写的内容还在，请再点“提交”` : errorText(a, LOG_LABELS);
        this.setData({ submitting: false, errors: { ...NO_ERRORS, ...byField }, formError: message });
        wx.showToast({ title: a.message, icon: 'none', duration: 3000 });
        return;
      }
      // Stored: another log from this page would be another one.
      s.clientId = newClientId();
      this.setData({ submitting: false });
      wx.showToast({ title: editId ? '已修改' : '已提交', icon: 'success', duration: 1500 });
      replace(withQuery(LOG_ROUTES.detail, { id: a.data.id }));
    },

    onMine(): void {
      replace(LOG_ROUTES.mine);
    },

    onRetry(): void {
      if (this.data.status !== 'loading') void this.load();
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
