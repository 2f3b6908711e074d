/**
 * 辅导问题 · 详情 (`?id=`), for the asker, the tutors of its topic over the village and staff over
 * it (`question.get`): the question (title, topic, status, who asked from where, when, the text,
 * photos full screen on a tap, the deadline of the present wait, red once past it), then the
 * thread — each 解答 (tutor and unit), the 追问 and 已解决, with their times. What the caller may
 * do is the server's `can`: the asker marks it 已解决 (asked once more before it goes) or asks one
 * 追问; a tutor of the topic answers.
 */
import { call } from '../../../../api/index';
import type { Answer, OutputOf } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { shortTime } from '../../../../utils/day';
import { go, queryValue } from '../../../../utils/nav';
import { MAX_BODY, MIN_REPLY, QUESTION_LABELS, QUESTION_ROUTES, STATUS_CLASS } from '../question';

type Status = 'loading' | 'ok' | 'notFound' | 'error';
type Detail = OutputOf<'question.get'>;

interface View {
  id: string;
  title: string;
  topicName: string;
  statusName: string;
  statusCls: string;
  asker: string;
  asked: string;
  body: string;
  photos: string[];
  /** `应在 5月14日 18:00 前解答`, while it waits. */
  due: string;
  overdue: boolean;
  thread: { key: string; kind: string; name: string; by: string; at: string; text: string }[];
  can: Detail['can'];
}

function viewOf(q: Detail): View {
  return {
    id: q.id,
    title: q.title,
    topicName: q.topicName,
    statusName: q.statusName,
    statusCls: STATUS_CLASS[q.status] ?? 'status-open',
    asker: `${q.askerName} · ${q.villageName}`,
    asked: `${shortTime(q.askedAt)} 提问`,
    body: q.body,
    photos: q.photos,
    due: q.dueAt ? `应在 ${shortTime(q.dueAt)} 前解答` : '',
    overdue: q.overdue && q.status === 'open',
    thread: q.thread.map((e, i) => ({ key: `${i}`, kind: e.kind, name: e.name, by: e.unitName ? `${e.byName} · ${e.unitName}` : e.byName, at: shortTime(e.at), text: e.text })),
    can: q.can,
  };
}

const DONE = { answer: '解答已发出，提问的同志能看到', followUp: '追问已发出，辅导师会再解答', solve: '已标记为已解决，谢谢' } as const;

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    id: '',
    q: null as View | null,
    reply: '',
    maxReply: MAX_BODY,
    sending: false,
    replyError: '',
    /** 已解决 tapped once: asked once more before it goes. */
    confirmSolve: false,
    notice: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const id = queryValue(query, 'id');
      this.setData({ id });
      if (!id) this.setData({ status: 'notFound' });
      else void this.load();
    },

    async load(quiet = false): Promise<void> {
      if (!quiet) this.setData({ status: 'loading', error: '' });
      const a = await call('question.get', { id: this.data.id });
      if (!a.ok) {
        if (a.code === 'not_found' || a.code === 'forbidden' || a.code === 'invalid_input') this.setData({ status: 'notFound' });
        else if (!quiet) this.setData({ status: 'error', error: errorText(a) });
        return;
      }
      this.setData({ status: 'ok', q: viewOf(a.data) });
    },

    onPreview(e: WechatMiniprogram.TouchEvent): void {
      const url = String(e.currentTarget.dataset.url ?? '');
      if (url && this.data.q) wx.previewImage({ urls: this.data.q.photos, current: url });
    },

    onReply(e: WechatMiniprogram.Input): void {
      this.setData({ reply: e.detail.value, replyError: '' });
    },

    async onAnswer(): Promise<void> {
      await this.send('answer');
    },

    async onFollowUp(): Promise<void> {
      await this.send('followUp');
    },

    onSolve(): void {
      this.setData({ confirmSolve: true, notice: '' });
    },

    onCancelSolve(): void {
      this.setData({ confirmSolve: false });
    },

    async onConfirmSolve(): Promise<void> {
      await this.send('solve');
    },

    async send(kind: keyof typeof DONE): Promise<void> {
      const { id, sending } = this.data;
      if (sending) return;
      const text = this.data.reply.trim();
      if (kind !== 'solve' && text.length < MIN_REPLY) {
        this.setData({ replyError: text ? `请至少写${MIN_REPLY}个字` : kind === 'answer' ? '请先写解答' : '请先写要追问的内容' });
        return;
      }
      this.setData({ sending: true, replyError: '', notice: '' });
      let a: Answer<Detail>;
      if (kind === 'answer') a = await call('question.answer', { id, text });
      else if (kind === 'followUp') a = await call('question.followUp', { id, text });
      else a = await call('question.solve', { id });
      if (!a.ok) {
        this.setData({ sending: false, confirmSolve: false, replyError: errorText(a, QUESTION_LABELS) });
        // Moved on meanwhile (solved, answered by another tutor): show how it stands now.
        if (a.code === 'conflict') await this.load(true);
        return;
      }
      this.setData({ sending: false, confirmSolve: false, reply: '', q: viewOf(a.data), notice: DONE[kind] });
      wx.showToast({ title: '已提交', icon: 'success', duration: 1500 });
    },

    onMine(): void {
      go(QUESTION_ROUTES.mine);
    },

    onRetry(): void {
      if (this.data.status !== 'loading') void this.load();
    },
  },
});
