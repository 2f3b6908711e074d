/**
 * 驻村记实 · 详情 (`?id=`), for its author and for staff over the village (`workLog.get`): who
 * wrote it, the day and time, the text, the photos (full screen on a tap), whether it is tagged
 * with a check-in, the 修改记录 (each text it replaced, with when it was written), and staff's
 * 点评. Staff get a comment box (`workLog.comment`); the author, on the day of the log, 修改.
 */
import { call } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { clockText, shortTime } from '../../../../utils/day';
import { go, queryValue, withQuery } from '../../../../utils/nav';
import { dayWithWeekday, LOG_ROUTES, MAX_COMMENT } from '../log';
import type { LogFull } from '../log';

type Status = 'loading' | 'ok' | 'notFound' | 'error';

interface View {
  id: string;
  personName: string;
  villageName: string;
  day: string;
  time: string;
  text: string;
  photos: string[];
  tagged: boolean;
  history: { key: string; label: string; text: string; photos: string }[];
  comments: { key: string; by: string; at: string; text: string }[];
  canEdit: boolean;
}

function viewOf(l: LogFull): View {
  return {
    id: l.id,
    personName: l.personName,
    villageName: l.villageName,
    day: dayWithWeekday(l.date),
    time: clockText(l.createdAt),
    text: l.text,
    photos: l.photoUrls,
    tagged: !!l.checkinId,
    history: l.history.map((h, i) => ({ key: `${i}`, label: `第 ${i + 1} 版（${shortTime(h.at)} 写）`, text: h.text, photos: h.photos > 0 ? `${h.photos} 张照片` : '' })),
    comments: l.comments.map((c, i) => ({ key: `${i}`, by: c.unitName ? `${c.byName} · ${c.unitName}` : c.byName, at: shortTime(c.at), text: c.text })),
    canEdit: l.canEdit,
  };
}

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    id: '',
    log: null as View | null,
    /** Staff (not the author) may comment: the server decides on the scope. */
    canComment: false,
    comment: '',
    maxComment: MAX_COMMENT,
    commenting: false,
    commentError: '',
    notice: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const id = queryValue(query, 'id');
      this.setData({ id });
      if (!id) this.setData({ status: 'notFound' });
      else void this.load();
    },

    onShow(): void {
      // Back from 修改: show the log as it is now.
      if (this.data.status === 'ok' && this.data.log?.canEdit) void this.load(true);
    },

    async load(quiet = false): Promise<void> {
      if (!quiet) this.setData({ status: 'loading', error: '' });
      const [a, me] = await Promise.all([call('workLog.get', { id: this.data.id }), call('people.me')]);
      if (!a.ok) {
        if (a.code === 'not_found' || a.code === 'forbidden' || a.code === 'invalid_input') this.setData({ status: 'notFound' });
        else if (!quiet) this.setData({ status: 'error', error: errorText(a) });
        return;
      }
      const staff = me.ok && me.data.id !== a.data.personId && me.data.roles.some((r) => r.role === 'staff');
      this.setData({ status: 'ok', log: viewOf(a.data), canComment: staff });
    },

    onPreview(e: WechatMiniprogram.TouchEvent): void {
      const url = String(e.currentTarget.dataset.url ?? '');
      if (url && this.data.log) wx.previewImage({ urls: this.data.log.photos, current: url });
    },

    onEdit(): void {
      if (this.data.log?.canEdit) go(withQuery(LOG_ROUTES.write, { id: this.data.id }));
    },

    onComment(e: WechatMiniprogram.Input): void {
      this.setData({ comment: e.detail.value, commentError: '' });
    },

    async onSendComment(): Promise<void> {
      const { comment, commenting, id } = this.data;
      if (commenting) return;
      const text = comment.trim();
      if (!text) {
        this.setData({ commentError: '请先写点评' });
        return;
      }
      this.setData({ commenting: true, commentError: '', notice: '' });
      const a = await call('workLog.comment', { id, text });
      if (!a.ok) {
        this.setData({ commenting: false, commentError: errorText(a, { text: '点评' }) });
        return;
      }
      this.setData({ commenting: false, comment: '', log: viewOf(a.data), notice: '点评已发出，写记实的同志能看到' });
      wx.showToast({ title: '已点评', icon: 'success', duration: 1500 });
    },

    onRetry(): void {
      if (this.data.status !== 'loading') void this.load();
    },
  },
});
