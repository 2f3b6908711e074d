/**
 * 我的个人信息 (PIPL: a person can see what is held about them): every record the backend keeps
 * about this WeChat user (`privacy.myData` of the `ledger` function, found by their OPENID), section by section, with who
 * looked at their data first. Each section shows its newest records; 查看更多 pages one section.
 * A villager (no bound person, or the villager role only) gets large text.
 */
import { callFunction } from '../../../api/index';
import type { OutputOf } from '../../../api/index';
import { beijingTime } from '../../../utils/day';

type Status = 'loading' | 'ok' | 'nobody' | 'error';
/** Served by the `ledger` function (it reads every feature's records; the api bundle stays small). */
type MyData = OutputOf<'privacy.myData', 'ledger'>;
type Section = MyData['sections'][number];

/** How many more rows a 查看更多 brings. */
const PAGE = 20;

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    villager: false,
    name: '',
    generatedAt: '',
    /** The sections with records (and 谁查看过我的信息, always). */
    sections: [] as Section[],
    /** The titles of the sections without a record, in one line. */
    emptyNames: '',
    /** The section whose next page is on its way. */
    loadingMore: '',
    moreError: '',
  },

  lifetimes: {
    attached(): void {
      void this.load();
    },
  },

  methods: {
    async load(): Promise<void> {
      this.setData({ status: 'loading', error: '', moreError: '' });
      const a = await callFunction('ledger', 'privacy.myData', {});
      if (!a.ok) {
        this.setData(a.code === 'not_bound' ? { status: 'nobody', error: a.message } : { status: 'error', error: a.message });
        return;
      }
      const shown = a.data.sections.filter((s) => s.items.length > 0 || s.key === 'accessLogs');
      const empty = a.data.sections.filter((s) => !shown.includes(s));
      this.setData({
        status: 'ok',
        villager: a.data.villager,
        name: a.data.name,
        generatedAt: beijingTime(a.data.generatedAt),
        sections: shown,
        emptyNames: empty.map((s) => s.title).join('、'),
      });
    },

    /** 查看更多: the section's next rows, after those shown. */
    async onMore(e: WechatMiniprogram.TouchEvent): Promise<void> {
      const key = String(e.currentTarget.dataset.key ?? '');
      const i = this.data.sections.findIndex((s) => s.key === key);
      if (i < 0 || this.data.loadingMore) return;
      const current = this.data.sections[i]!;
      this.setData({ loadingMore: key, moreError: '' });
      const a = await callFunction('ledger', 'privacy.myData', { section: current.key, skip: current.items.length, limit: PAGE });
      if (!a.ok || !a.data.sections[0]) {
        this.setData({ loadingMore: '', moreError: a.ok ? '没有更多了' : a.message });
        return;
      }
      const next = a.data.sections[0];
      const seen = new Set(current.items.map((x) => x.id));
      this.setData({ loadingMore: '', [`sections[${i}]`]: { ...current, items: [...current.items, ...next.items.filter((x) => !seen.has(x.id))], more: next.more } });
    },

    onRetry(): void {
      if (this.data.status !== 'loading') void this.load();
    },
  },
});
