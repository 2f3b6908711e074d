/**
 * 村务公开 · 详情 (`?id=`), for a villager of the notice's village: `publicNotice.read` records
 * that they read it (once, however often they open it) and gives the title, the body, the
 * attachments and how many villagers have read it. A picture opens full screen, any other file
 * in WeChat's document viewer (../attachment.ts).
 */
import { call } from '../../../api/index';
import type { OutputOf } from '../../../api/index';
import { isImage, openAttachment } from '../attachment';
import { shortTime } from '../../../utils/day';
import { go, queryValue, ROUTES } from '../../../utils/nav';

type Status = 'loading' | 'ok' | 'notFound' | 'notVillager' | 'error';
type Read = OutputOf<'publicNotice.read'>;

interface AttachmentRow {
  key: string;
  name: string;
  url: string;
  image: boolean;
}

interface View {
  title: string;
  kindName: string;
  village: string;
  by: string;
  date: string;
  body: string;
  reads: number;
  attachments: AttachmentRow[];
}

function viewOf(n: Read): View {
  return {
    title: n.title,
    kindName: n.kindName,
    village: n.villageName,
    by: n.publishedByName,
    date: shortTime(n.publishedAt),
    body: n.body,
    reads: n.reads,
    attachments: n.attachments.map((a, i) => ({ key: `${i}`, name: a.name, url: a.url, image: isImage(a.name) })),
  };
}

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    id: '',
    n: null as View | null,
    opening: -1,
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const id = queryValue(query, 'id');
      this.setData({ id });
      if (!id) {
        this.setData({ status: 'notFound' });
        return;
      }
      void this.load();
    },

    async load(): Promise<void> {
      this.setData({ status: 'loading', error: '' });
      const a = await call('publicNotice.read', { id: this.data.id });
      if (!a.ok) {
        if (a.code === 'not_found' || a.code === 'invalid_input') this.setData({ status: 'notFound' });
        else if (a.code === 'not_villager' || a.code === 'not_bound') this.setData({ status: 'notVillager' });
        else this.setData({ status: 'error', error: a.message });
        return;
      }
      this.setData({ status: 'ok', n: viewOf(a.data) });
    },

    async onAttachment(e: WechatMiniprogram.TouchEvent): Promise<void> {
      const i = Number(e.currentTarget.dataset.index);
      const list = this.data.n?.attachments ?? [];
      const a = list[i];
      if (!a || this.data.opening >= 0) return;
      this.setData({ opening: i });
      await openAttachment(a, list);
      this.setData({ opening: -1 });
    },

    onRetry(): void {
      if (this.data.status !== 'loading') void this.load();
    },

    /** Back to the list it was opened from; opened from a message or a share, on to the village's list. */
    onList(): void {
      wx.navigateBack({ fail: () => go(ROUTES.noticeList) });
    },
  },
});
