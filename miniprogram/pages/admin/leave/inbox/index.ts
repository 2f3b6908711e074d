/**
 * 请假审批, the approver's inbox (`?id=`: the request the approval message named, put first and
 * marked): the requests waiting at the caller's units (`leave.inbox`), oldest first, each with the
 * person, village, kind, span and days, reason, deputy, attachments, and the chain so far — who
 * decided the steps before, and what they wrote. 同意 sends the typed comment or “同意”; 不同意
 * needs a reason (`leave.decide`). A decided request leaves the list and a line says what became
 * of it (转县委组织部审批, 已批准, 已退回). When someone else decided first (two approvers at once,
 * or the cadre withdrew), the server's message shows and the list is read again.
 */
import { call } from '../../../../api/index';
import type { OutputOf } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { shortTime } from '../../../../utils/day';
import { APPROVAL_LEVEL_NAMES, LEAVE_KIND_NAMES, STEP_STATUS_NAMES, spanText } from '../../../../utils/leave';
import { go, queryValue, ROUTES } from '../../../../utils/nav';

type Status = 'loading' | 'ok' | 'forbidden' | 'error';
type Leave = OutputOf<'leave.inbox'>[number];
type Step = Leave['steps'][number];

interface Item {
  id: string;
  personName: string;
  village: string;
  kindText: string;
  span: string;
  reason: string;
  deputy: string;
  attachments: string;
  applied: string;
  chain: { key: string; text: string; comment: string; status: Step['status'] }[];
  /** The level deciding now: `乡镇党委`. */
  atLevel: string;
  highlighted: boolean;
}

/** One step of the chain: `乡镇党委（双龙镇）：同意 · 石光明 5月12日 10:00`, and its comment. */
function stepLine(s: Step, i: number): Item['chain'][number] {
  const who = s.byName ? ` · ${s.byName}${s.at ? ` ${shortTime(s.at)}` : ''}` : '';
  const what = s.status === 'pending' ? '待您审批' : STEP_STATUS_NAMES[s.status];
  return { key: `${i}`, text: `${APPROVAL_LEVEL_NAMES[s.level]}（${s.unitName}）：${what}${who}`, comment: s.comment ?? '', status: s.status };
}

function itemOf(l: Leave, villages: Map<string, string>, highlightId: string): Item {
  const pending = l.steps.find((s) => s.status === 'pending');
  return {
    id: l.id,
    personName: l.personName,
    village: villages.get(l.villageId) ?? '',
    kindText: LEAVE_KIND_NAMES[l.kind],
    span: spanText(l),
    reason: l.reason,
    deputy: l.deputy ?? '未填写',
    attachments: l.attachments > 0 ? `${l.attachments} 份` : '无',
    applied: shortTime(l.createdAt),
    chain: l.steps.map(stepLine),
    atLevel: pending ? APPROVAL_LEVEL_NAMES[pending.level] : '',
    highlighted: l.id === highlightId,
  };
}

/** What became of a request just decided: `已同意蒋文博的事假，转县委组织部审批`. */
function outcome(l: Leave, approve: boolean): string {
  const what = `${l.personName}的${LEAVE_KIND_NAMES[l.kind]}`;
  if (!approve) return `已退回${what}（不同意）`;
  const next = l.status === 'pending' ? l.steps.find((s) => s.status === 'pending') : undefined;
  return next ? `已同意${what}，转${APPROVAL_LEVEL_NAMES[next.level]}审批` : `已批准${what}`;
}

/** Village names, kept across reloads of the page (one `org.getUnit` per village). */
const villageNames = new Map<string, string>();

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    /** The request the message named (`?id=`). */
    highlightId: '',
    /** That request is not (or no longer) waiting for the caller. */
    highlightGone: false,
    items: [] as Item[],
    /** The comment typed for each request, by its place in `items`. */
    comments: [] as string[],
    errors: [] as string[],
    busyId: '',
    notice: '',
    /** `ok`: a decision went through; `warn`: someone else's came first. */
    noticeKind: 'ok' as 'ok' | 'warn',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const id = queryValue(query, 'id');
      this.setData({ highlightId: /^lv-[0-9a-f]{24}$/.test(id) ? id : '' });
      void this.load();
    },

    /** Read the inbox (`quiet`: keep the page as it is while reading, after a decision). */
    async load(quiet = false): Promise<void> {
      if (!quiet) this.setData({ status: 'loading', error: '' });
      const a = await call('leave.inbox');
      if (!a.ok) {
        this.setData({ status: a.code === 'forbidden' || a.code === 'not_bound' ? 'forbidden' : 'error', error: a.message, items: [] });
        return;
      }
      const unknown = [...new Set(a.data.map((l) => l.villageId))].filter((id) => !villageNames.has(id));
      const units = await Promise.all(unknown.map((id) => call('org.getUnit', { id })));
      units.forEach((u, i) => {
        if (u.ok) villageNames.set(unknown[i]!, u.data.name);
      });
      const { highlightId } = this.data;
      // The request the message named first; the rest oldest first, as the server keeps them.
      const list = [...a.data.filter((l) => l.id === highlightId), ...a.data.filter((l) => l.id !== highlightId)];
      const items = list.map((l) => itemOf(l, villageNames, highlightId));
      // What was typed for a request still waiting stays with it.
      const typed = new Map(this.data.items.map((x, i) => [x.id, this.data.comments[i] ?? ''] as [string, string]));
      this.setData({
        status: 'ok',
        items,
        comments: items.map((x) => typed.get(x.id) ?? ''),
        errors: items.map(() => ''),
        highlightGone: !!highlightId && !items.some((x) => x.id === highlightId),
      });
    },

    onComment(e: WechatMiniprogram.Input): void {
      const i = Number(e.currentTarget.dataset.index);
      if (this.data.items[i]) this.setData({ [`comments[${i}]`]: e.detail.value, [`errors[${i}]`]: '' });
    },

    onApprove(e: WechatMiniprogram.TouchEvent): void {
      void this.decide(Number(e.currentTarget.dataset.index), true);
    },

    onRefuse(e: WechatMiniprogram.TouchEvent): void {
      void this.decide(Number(e.currentTarget.dataset.index), false);
    },

    async decide(i: number, approve: boolean): Promise<void> {
      const item = this.data.items[i];
      if (!item || this.data.busyId) return;
      const typed = (this.data.comments[i] ?? '').trim();
      if (!approve && (!typed || typed === '同意')) {
        this.setData({ [`errors[${i}]`]: '不同意时请写明理由，驻村干部会看到' });
        return;
      }
      this.setData({ busyId: item.id, [`errors[${i}]`]: '', notice: '' });
      const a = await call('leave.decide', { id: item.id, approve, comment: typed || '同意' });
      if (!a.ok) {
        if (a.code === 'conflict') {
          // Decided by someone else meanwhile (or withdrawn): say so, and show what is still waiting.
          this.setData({ busyId: '', notice: `${item.personName}的${item.kindText}：${a.message}`, noticeKind: 'warn' });
          await this.load(true);
          return;
        }
        this.setData({ busyId: '', [`errors[${i}]`]: errorText(a, { comment: '审批意见' }) });
        return;
      }
      const keep = (_: unknown, j: number) => j !== i;
      this.setData({
        busyId: '',
        items: this.data.items.filter(keep),
        comments: this.data.comments.filter(keep),
        errors: this.data.errors.filter(keep),
        notice: outcome(a.data, approve),
        noticeKind: 'ok',
      });
    },

    onRefresh(): void {
      this.setData({ notice: '' });
      void this.load();
    },

    onLedger(): void {
      go(ROUTES.leaveLedger);
    },
  },
});
