/**
 * 诉求受理 (`?unitId=&box=`): villagers' complaints under a unit (`complaint.inbox`), for township
 * and county staff, a village's 村群管理员 and discipline staff (纪委监委). The unit picker walks
 * the caller's own units down the tree; the tabs 待受理 / 部门办理中 / 已逾期 / 已办结 show the
 * server's counts, and discipline staff get one more, 纪委监督 (confidential 信访举报 and the long
 * overdue they supervise). Each row: category, village, excerpt, status, department, deadline
 * (red when overdue) and a badge on a confidential one; 20 at a time. A tap opens the complaint;
 * coming back reads the list again (it may have moved on).
 */
import { call } from '../../../../api/index';
import type { OutputOf } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { STAFF_COMPLAINT_ROUTES, complaintRow } from '../../../../utils/complaint-staff';
import type { ComplaintRow } from '../../../../utils/complaint-staff';
import { go, queryValue, withQuery } from '../../../../utils/nav';
import type { MyRole } from '../../../../utils/org';
import type { Role } from '../../../../utils/roles';
import { fillUnitPicker, openOnUnitAs, pickUnit, unitPageData } from '../../../../utils/staff-page';

type Status = 'loading' | 'ok' | 'forbidden' | 'error';
type Inbox = OutputOf<'complaint.inbox'>;
type Box = keyof Inbox['counts'];

/** Who handles complaints under a unit. */
const ROLES: readonly Role[] = ['staff', 'groupAdmin', 'discipline'];

/** Rows per read. */
const PAGE = 20;

const TABS: { key: Box; label: string }[] = [
  { key: 'todo', label: '待受理' },
  { key: 'doing', label: '部门办理中' },
  { key: 'overdue', label: '已逾期' },
  { key: 'done', label: '已办结' },
  { key: 'discipline', label: '纪委监督' },
];

const EMPTY: Record<Box, string> = {
  todo: '没有待受理的诉求',
  doing: '没有正在部门办理的诉求',
  overdue: '没有逾期的诉求',
  done: '还没有办结的诉求',
  discipline: '没有需要纪委监委监督的诉求',
};

const isBox = (b: string): b is Box => TABS.some((t) => t.key === b);

interface State {
  /** Each read of the list gets a number; only the latest one's answer is shown. */
  seq: number;
  /** The list has been shown once: onShow reads it again (back from a complaint). */
  loaded: boolean;
}
const states = new WeakMap<object, State>();
function stateOf(page: object): State {
  let s = states.get(page);
  if (!s) states.set(page, (s = { seq: 0, loaded: false }));
  return s;
}

Component({
  data: {
    ...unitPageData(),
    box: 'todo' as Box,
    /** The caller is discipline staff over the unit shown (the server says). */
    discipline: false,
    tabs: TABS.filter((t) => t.key !== 'discipline').map((t) => ({ ...t, count: 0 })),
    listStatus: 'loading' as Status,
    listError: '',
    items: [] as ComplaintRow[],
    total: 0,
    empty: EMPTY.todo,
    loadingMore: false,
    moreError: '',
    /** Staff and discipline staff keep the figures (诉求统计). */
    keepsFigures: false,
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const box = queryValue(query, 'box');
      if (isBox(box)) this.setData({ box, empty: EMPTY[box] });
      void this.load(queryValue(query, 'unitId'), !isBox(box));
    },

    onShow(): void {
      const s = stateOf(this);
      if (s.loaded && this.data.listStatus === 'ok' && !this.data.loadingMore) void this.loadList(true);
    },

    /** `pickBox`: no box was asked for, so discipline staff alone open on theirs. */
    async load(unitId: string, pickBox = false): Promise<void> {
      const roots = await openOnUnitAs(this, unitId, ROLES, (_role, roles: readonly MyRole[]) => {
        const onlyDiscipline = roles.every((r) => r.role === 'discipline');
        return {
          keepsFigures: roles.some((r) => r.role === 'staff' || r.role === 'discipline'),
          ...(pickBox && onlyDiscipline ? { box: 'discipline', empty: EMPTY.discipline } : {}),
        };
      });
      if (roots) await Promise.all([this.loadList(), fillUnitPicker(this, roots)]);
    },

    /** The first page of the box shown, with the counts (`quiet`: keep the list while reading). */
    async loadList(quiet = false): Promise<void> {
      const s = stateOf(this);
      const seq = ++s.seq;
      const { unitId, box } = this.data;
      if (!quiet) this.setData({ listStatus: 'loading', listError: '', items: [], total: 0, moreError: '' });
      const a = await call('complaint.inbox', { unitId, box, skip: 0, limit: PAGE });
      if (seq !== s.seq) return;
      if (!a.ok) {
        if (box === 'discipline' && a.code === 'forbidden') {
          // Another unit, where the caller is not discipline staff: its first box instead.
          this.setData({ box: 'todo', empty: EMPTY.todo });
          await this.loadList(quiet);
          return;
        }
        this.setData({ listStatus: a.code === 'forbidden' ? 'forbidden' : 'error', listError: errorText(a), items: [], total: 0 });
        return;
      }
      s.loaded = true;
      this.show(a.data, a.data.items.map(complaintRow));
    },

    show(d: Inbox, items: ComplaintRow[]): void {
      const named = this.data.unitName ? {} : { unitName: d.unit.name };
      this.setData({
        listStatus: 'ok',
        discipline: d.discipline,
        tabs: TABS.filter((t) => t.key !== 'discipline' || d.discipline).map((t) => ({ ...t, count: d.counts[t.key] })),
        items,
        total: d.total,
        empty: EMPTY[this.data.box],
        ...named,
      });
    },

    async onMore(): Promise<void> {
      const { unitId, box, items, total, loadingMore } = this.data;
      if (loadingMore || items.length >= total) return;
      const s = stateOf(this);
      const seq = s.seq;
      this.setData({ loadingMore: true, moreError: '' });
      const a = await call('complaint.inbox', { unitId, box, skip: items.length, limit: PAGE });
      if (seq !== s.seq) return;
      if (!a.ok) {
        this.setData({ loadingMore: false, moreError: errorText(a) });
        return;
      }
      // A complaint that moved between the reads is not shown twice.
      const have = new Set(items.map((i) => i.id));
      this.setData({ loadingMore: false });
      this.show(a.data, [...items, ...a.data.items.filter((i) => !have.has(i.id)).map(complaintRow)]);
    },

    onTab(e: WechatMiniprogram.TouchEvent): void {
      const key = String(e.currentTarget.dataset.key ?? '');
      if (!isBox(key) || key === this.data.box) return;
      this.setData({ box: key, empty: EMPTY[key] });
      void this.loadList();
    },

    onPickUnit(e: WechatMiniprogram.PickerChange): void {
      if (pickUnit(this, e.detail.value)) void this.loadList();
    },

    onOpen(e: WechatMiniprogram.TouchEvent): void {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (id) go(withQuery(STAFF_COMPLAINT_ROUTES.detail, { id }));
    },

    onFigures(): void {
      go(withQuery(STAFF_COMPLAINT_ROUTES.figures, { unitId: this.data.unitId }));
    },

    onRetry(): void {
      if (this.data.status === 'error') void this.load(this.data.unitId);
      else void this.loadList();
    },
  },
});
