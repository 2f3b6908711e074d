/**
 * 半年工作报告 (`?period=2026-H1`), for the first secretary: the two half-years they may write for
 * (the one before, whose report is due in this one, and the present one), each with its deadline
 * and how its report stands; the report of the one shown, to write (标题, 正文 of at least 50
 * characters, up to 5 attachments chosen from a chat, `wx.chooseMessageFile`), 保存草稿
 * (`workReport.save`) and 提交 (`workReport.submit`) to the county and the dispatching unit. A
 * submitted report is read only until the county sends it back (退回修改, its reason shown); then
 * it is edited and submitted again. 截止前提醒我 banks a subscription grant for the reminder.
 */
import { call, recordGrants } from '../../../api/index';
import type { Template } from '../../../api/index';
import { errorText } from '../../../utils/answer';
import { queryValue } from '../../../utils/nav';
import { FIELD_LABELS, MAX_ATTACHMENTS, MAX_BODY, MIN_BODY, periodLabel, shortName, statusLine, uploadFiles } from '../report';
import type { FormFile, Report } from '../report';

type Status = 'loading' | 'ok' | 'notFirstSecretary' | 'notCadre' | 'error';

interface Tab {
  period: string;
  label: string;
  /** `未提交 · 截止7月10日`. */
  line: string;
  overdue: boolean;
}

interface State {
  templates: Template[] | null;
  gone: boolean;
  seq: number;
}
const states = new WeakMap<object, State>();
function stateOf(page: object): State {
  let s = states.get(page);
  if (!s) states.set(page, (s = { templates: null, gone: false, seq: 0 }));
  return s;
}

/** Ask for the report reminder in one dialog (inside a tap); the accepted templates. */
function askSubscribe(templates: Template[]): Promise<Template[]> {
  return new Promise((resolve) => {
    try {
      wx.requestSubscribeMessage({
        tmplIds: templates.map((t) => t.templateId),
        success: (res) => resolve(templates.filter((t) => (res as unknown as Record<string, string>)[t.templateId] === 'accept')),
        fail: () => resolve([]),
      });
    } catch {
      resolve([]);
    }
  });
}

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    villageName: '',
    dispatchingUnit: '',
    uploadFolder: '',
    tabs: [] as Tab[],
    period: '',
    periodLabel: '',
    deadlineText: '',
    owes: true,
    overdue: false,
    /** The report's standing in words ('' for none yet). */
    statusText: '',
    reportStatus: '',
    canEdit: true,
    returns: [] as { reason: string; byName: string }[],

    title: '',
    body: '',
    bodyCount: 0,
    minBody: MIN_BODY,
    maxBody: MAX_BODY,
    files: [] as FormFile[],
    maxFiles: MAX_ATTACHMENTS,

    saving: false,
    formError: '',
    notice: '',
    reminded: false,
  },

  lifetimes: {
    detached(): void {
      stateOf(this).gone = true;
    },
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      void this.load(queryValue(query, 'period'));
    },

    async load(period: string): Promise<void> {
      const s = stateOf(this);
      const seq = ++s.seq;
      this.setData({ status: 'loading', error: '' });
      const [a, t] = await Promise.all([call('workReport.mine', period ? { period } : {}), s.templates ? null : call('notify.templates', {})]);
      if (s.gone || seq !== s.seq) return;
      if (t) s.templates = t.ok ? t.data.filter((x) => x.key === 'reportDue') : [];
      if (!a.ok) {
        if (a.code === 'not_first_secretary') this.setData({ status: 'notFirstSecretary', error: a.message });
        else if (a.code === 'forbidden' || a.code === 'not_bound') this.setData({ status: 'notCadre' });
        else this.setData({ status: 'error', error: errorText(a) });
        return;
      }
      const d = a.data;
      const shown = d.periods.find((p) => p.period === d.period)!;
      const tabs = d.periods.map((p) => ({ period: p.period, label: p.label, line: `${p.overdue ? '已逾期' : p.statusName} · 截止${p.deadlineText}`, overdue: p.overdue }));
      this.setData({
        status: 'ok',
        villageName: d.villageName,
        dispatchingUnit: d.dispatchingUnit,
        uploadFolder: d.uploadFolder,
        tabs,
        period: d.period,
        periodLabel: periodLabel(d.period),
        deadlineText: shown.deadlineText,
        owes: shown.owes,
        overdue: shown.overdue,
        notice: '',
        formError: '',
        ...this.reportData(d.report),
      });
    },

    /** What the page shows of a report (or of none yet). */
    reportData(r: Report | null): Record<string, unknown> {
      if (!r) return { statusText: '', reportStatus: '', canEdit: true, returns: [], title: '', body: '', bodyCount: 0, files: [] };
      return {
        statusText: statusLine(r),
        reportStatus: r.status,
        canEdit: r.canEdit,
        returns: r.returns.map((x) => ({ reason: x.reason, byName: x.byName })),
        title: r.title,
        body: r.body,
        bodyCount: r.body.trim().length,
        files: r.attachments.map((f) => ({ name: f.name, path: f.url, fileID: f.fileId })),
      };
    },

    onTab(e: WechatMiniprogram.TouchEvent): void {
      const period = String(e.currentTarget.dataset.period ?? '');
      if (period && period !== this.data.period && !this.data.saving) void this.load(period);
    },

    onTitle(e: WechatMiniprogram.Input): void {
      this.setData({ title: e.detail.value, formError: '' });
    },

    onBody(e: WechatMiniprogram.Input): void {
      this.setData({ body: e.detail.value, bodyCount: e.detail.value.trim().length, formError: '' });
    },

    onAddFile(): void {
      const room = MAX_ATTACHMENTS - this.data.files.length;
      if (room <= 0 || this.data.saving) return;
      wx.chooseMessageFile({
        count: room,
        type: 'all',
        success: (res) => {
          if (stateOf(this).gone) return;
          const added = res.tempFiles.map((f) => ({ name: shortName(f.name), path: f.path, fileID: '' }));
          this.setData({ files: [...this.data.files, ...added].slice(0, MAX_ATTACHMENTS), formError: '' });
        },
        fail: (err) => {
          if (/privacy/i.test(err.errMsg)) this.setData({ formError: '您没有同意隐私保护指引，无法选择附件。附件可以不传' });
        },
      });
    },

    onRemoveFile(e: WechatMiniprogram.TouchEvent): void {
      const i = Number(e.currentTarget.dataset.index);
      if (!this.data.saving) this.setData({ files: this.data.files.filter((_f, j) => j !== i) });
    },

    onSave(): void {
      void this.send(false);
    },

    onSubmit(): void {
      void this.send(true);
    },

    /** 保存草稿 or 提交: the attachments first (into the first secretary's folder), then the report. */
    async send(submit: boolean): Promise<void> {
      if (this.data.saving || !this.data.canEdit) return;
      const title = this.data.title.trim();
      const body = this.data.body.trim();
      if (submit) {
        const missing = title.length < 4 ? '请填写报告标题（至少 4 个字）' : body.length < MIN_BODY ? `正文至少 ${MIN_BODY} 个字，现在 ${body.length} 个字` : '';
        if (missing) return this.setData({ formError: missing, notice: '' });
      } else if (!title && !body) {
        return this.setData({ formError: '还没有写内容', notice: '' });
      }
      const s = stateOf(this);
      this.setData({ saving: true, formError: '', notice: '' });
      const up = await uploadFiles(this.data.files, this.data.uploadFolder, `${this.data.period}-${Date.now().toString(36)}`);
      if (s.gone) return;
      this.setData({ files: up.files });
      if (up.error) return this.setData({ saving: false, formError: `${up.error}。写的内容还在，请再点一次` });
      const input = { period: this.data.period, title, body, attachments: up.files.map((f) => ({ fileId: f.fileID, name: f.name })) };
      const a = submit ? await call('workReport.submit', input) : await call('workReport.save', input);
      if (s.gone) return;
      if (!a.ok) {
        const again = a.code === 'network' ? '。写的内容还在，请再点一次' : '';
        return this.setData({ saving: false, formError: `${errorText(a, FIELD_LABELS)}${again}` });
      }
      this.setData({ saving: false, ...this.reportData(a.data as Report), notice: submit ? '已提交，县委组织部审阅后会在这里显示结果' : '草稿已保存' });
      const tabs = this.data.tabs.map((t) => (t.period === this.data.period ? { ...t, line: `${a.data.statusName} · 截止${this.data.deadlineText}`, overdue: false } : t));
      this.setData({ tabs, overdue: false });
    },

    /** 截止前提醒我: a grant for the deadline reminder (one message); the dialog opens straight from the tap. */
    async onRemind(): Promise<void> {
      const s = stateOf(this);
      if (!s.templates?.length) return this.setData({ formError: '暂时无法设置提醒，请稍后再试' });
      const accepted = await askSubscribe(s.templates);
      if (s.gone) return;
      if (!accepted.length) return this.setData({ notice: '没有设置提醒。截止前请记得提交' });
      const r = await recordGrants(accepted);
      if (s.gone) return;
      if (r && !r.ok) return this.setData({ formError: errorText(r) });
      this.setData({ reminded: true, notice: `截止（${this.data.deadlineText}）前会用微信提醒您一次` });
    },

    onRetry(): void {
      void this.load(this.data.period);
    },
  },
});
