/**
 * 我要提问, for the cadre: `question.form` gives their village, the folder photos go into, how
 * many working days tutors have to answer, and the topics with how many tutors take each. The
 * form: the topic (required; one without tutors says so and suggests 其他), a title (4–40
 * characters), the question (at least 10), up to 3 photos (`wx.chooseMedia`, compressed, uploaded
 * into `uploadFolder`). 提交 sends `question.ask` with a clientId made once per form and kept
 * across retries (a retried submit is one question), then on to the question.
 */
import { call } from '../../../../api/index';
import type { OutputOf } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { newClientId } from '../../../../utils/location';
import { replace, withQuery } from '../../../../utils/nav';
import { choosePhotos, uploadPhotos } from '../../../../utils/photos';
import type { FormPhoto } from '../../../../utils/photos';
import { openPrivacyContract } from '../../../../utils/privacy';
import { answerPrivacy, privacyHolder, startPrivacy, stopPrivacy } from '../../../../utils/privacy';
import type { PrivacyHolder } from '../../../../utils/privacy';
import { MAX_BODY, MAX_TITLE, MIN_BODY, MIN_TITLE, QUESTION_LABELS, QUESTION_ROUTES, questionFieldErrors } from '../question';
import type { QuestionField } from '../question';

type Status = 'loading' | 'ok' | 'notCadre' | 'error';
type Topic = OutputOf<'question.form'>['topics'][number];

interface TopicButton {
  key: Topic['key'];
  name: string;
  tutors: number;
  /** `2 位辅导师`, `暂无辅导师`. */
  note: string;
}

const NO_ERRORS: Record<QuestionField, string> = { topic: '', title: '', body: '', photos: '' };
const lengthOf = (text: string) => text.trim().length;

interface State extends PrivacyHolder {
  clientId: string;
}
const states = new WeakMap<object, State>();
function stateOf(page: object): State {
  let s = states.get(page);
  if (!s) states.set(page, (s = { clientId: newClientId(), ...privacyHolder() }));
  return s;
}

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    villageName: '',
    uploadFolder: '',
    answerDays: 0,
    maxPhotos: 3,
    topics: [] as TopicButton[],

    topic: '' as Topic['key'] | '',
    /** The topic chosen has no tutor yet. */
    noTutor: false,
    title: '',
    titleCount: 0,
    minTitle: MIN_TITLE,
    maxTitle: MAX_TITLE,
    body: '',
    bodyCount: 0,
    minBody: MIN_BODY,
    maxBody: MAX_BODY,
    photos: [] as FormPhoto[],

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
    onLoad(): void {
      void this.load();
    },

    async load(): Promise<void> {
      this.setData({ status: 'loading', error: '' });
      const a = await call('question.form', {});
      if (stateOf(this).gone) return;
      if (!a.ok) {
        if (a.code === 'forbidden' || a.code === 'not_bound') this.setData({ status: 'notCadre', error: a.message });
        else this.setData({ status: 'error', error: errorText(a) });
        return;
      }
      const f = a.data;
      this.setData({
        status: 'ok',
        villageName: f.village.name,
        uploadFolder: f.uploadFolder,
        answerDays: f.answerDays,
        maxPhotos: f.maxPhotos,
        topics: f.topics.map((t) => ({ key: t.key, name: t.name, tutors: t.tutors, note: t.tutors > 0 ? `${t.tutors} 位辅导师` : '暂无辅导师' })),
      });
    },

    clearError(field: QuestionField): void {
      if (this.data.errors[field] || this.data.formError) this.setData({ [`errors.${field}`]: '', formError: '' });
    },

    onTopic(e: WechatMiniprogram.TouchEvent): void {
      const key = String(e.currentTarget.dataset.key ?? '');
      const t = this.data.topics.find((x) => x.key === key);
      if (!t) return;
      this.setData({ topic: t.key, noTutor: t.tutors === 0 });
      this.clearError('topic');
    },

    onTitle(e: WechatMiniprogram.Input): void {
      this.setData({ title: e.detail.value, titleCount: lengthOf(e.detail.value) });
      this.clearError('title');
    },

    onBody(e: WechatMiniprogram.Input): void {
      this.setData({ body: e.detail.value, bodyCount: lengthOf(e.detail.value) });
      this.clearError('body');
    },

    async onAddPhoto(): Promise<void> {
      const max = this.data.maxPhotos;
      const r = await choosePhotos(max - this.data.photos.length);
      if (stateOf(this).gone) return;
      if ('added' in r) {
        if (r.added.length) this.setData({ photos: [...this.data.photos, ...r.added].slice(0, max), 'errors.photos': '' });
      } else if (r.refused === 'privacy') {
        this.setData({ 'errors.photos': '您没有同意隐私保护指引，无法选择照片。照片可以不传' });
      }
    },

    onRemovePhoto(e: WechatMiniprogram.TouchEvent): void {
      const i = Number(e.currentTarget.dataset.index);
      this.setData({ photos: this.data.photos.filter((_p, j) => j !== i), 'errors.photos': '' });
    },

    check(): Partial<Record<QuestionField, string>> {
      const d = this.data;
      const out: Partial<Record<QuestionField, string>> = {};
      if (!d.topic) out.topic = '请选择问题属于哪个领域';
      const t = lengthOf(d.title);
      if (t === 0) out.title = '请写一个标题';
      else if (t < MIN_TITLE) out.title = `标题至少${MIN_TITLE}个字`;
      const b = lengthOf(d.body);
      if (b === 0) out.body = '请写一写遇到的情况和想问的问题';
      else if (b < MIN_BODY) out.body = `请至少写${MIN_BODY}个字，把情况说清楚`;
      return out;
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
      const up = await uploadPhotos(this.data.photos, this.data.uploadFolder, s.clientId);
      if (s.gone) return;
      this.setData({ photos: up.photos });
      if (up.error) {
        this.setData({ submitting: false, 'errors.photos': up.error, formError: `${up.error}。写的内容还在，请再点“提交”` });
        return;
      }
      const { topic, title, body } = this.data;
      const a = await call('question.ask', { clientId: s.clientId, topic: topic as Topic['key'], title: title.trim(), body: body.trim(), photoFileIds: up.photos.map((p) => p.fileID) });
      if (s.gone) return;
      if (!a.ok) {
        const byField = questionFieldErrors(a);
        if (byField.photos) this.setData({ photos: [] });
        const message = a.code === 'network' ? `${a.message}。写的内容还在，请再点“提交”` : errorText(a, QUESTION_LABELS);
        this.setData({ submitting: false, errors: { ...NO_ERRORS, ...byField }, formError: message });
        wx.showToast({ title: a.message, icon: 'none', duration: 3000 });
        return;
      }
      s.clientId = newClientId();
      this.setData({ submitting: false });
      wx.showToast({ title: '已提交', icon: 'success', duration: 1500 });
      replace(withQuery(QUESTION_ROUTES.detail, { id: a.data.id }));
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
