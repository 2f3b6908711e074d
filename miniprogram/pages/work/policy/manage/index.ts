/**
 * 政策文件管理 for organisation staff (`?unitId=`): the unit picker (the caller's own units and
 * the townships below, not villages); the documents published for the unit or below it
 * (`policy.manage`), newest published first, withdrawn ones marked; 发布文件 — title, issuing body
 * (发文机关), 文号 (optional), issue date (not after today), tags, summary and one file picked from a
 * chat (`wx.chooseMessageFile`), uploaded into the folder the server names, with a `clientId` made
 * once per form so a retried publish is one document; 修改 a document's tags and summary; 撤回 with
 * a reason (the document leaves the library, it stays here on record).
 */
import { call, upload } from '../../../../api/index';
import type { OutputOf } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { beijingToday, dayText, phoneNow } from '../../../../utils/day';
import { newClientId } from '../../../../utils/location';
import { queryValue } from '../../../../utils/nav';
import { openPrivacyContract } from '../../../../utils/privacy';
import { fillUnitPicker, openOnUnit, pickUnit, unitPageData } from '../../../../utils/staff-page';
import { answerPrivacy, privacyHolder, startPrivacy, stopPrivacy } from '../../../../utils/privacy';
import type { PrivacyHolder } from '../../../../utils/privacy';
import { docView, extensionOf, FIELD_LABELS, FILE_EXTENSIONS, parseTags, shortName, tagsProblem } from '../policy';
import type { DocView } from '../policy';

type Status = 'loading' | 'ok' | 'forbidden' | 'error';
type Row = OutputOf<'policy.manage'>['items'][number];

/** Documents per read. */
const PAGE = 20;

interface Picked {
  path: string;
  name: string;
  /** Set once uploaded (kept across a failed publish, so it is not uploaded twice). */
  fileID: string;
}

interface State extends PrivacyHolder {
  seq: number;
  uploadFolder: string;
  /** Made once per publish form; kept across its retries; a new one after it was published. */
  clientId: string;
  /** The documents shown, as the server gave them (an edit starts from these). */
  rows: Map<string, Row>;
}
const states = new WeakMap<object, State>();
function stateOf(page: object): State {
  let s = states.get(page);
  if (!s) states.set(page, (s = { ...privacyHolder(), seq: 0, uploadFolder: '', clientId: newClientId(), rows: new Map() }));
  return s;
}

const emptyForm = (today: string) => ({ title: '', issuer: '', docNumber: '', issuedOn: today, issuedOnText: dayText(today), tagsText: '', summary: '', file: null as Picked | null, formError: '' });

Component({
  data: {
    ...unitPageData(),
    today: '',
    listStatus: 'loading' as Status,
    listError: '',
    items: [] as DocView[],
    total: 0,
    hasMore: false,
    loadingMore: false,
    moreError: '',
    formOpen: false,
    ...emptyForm(''),
    publishing: false,
    editId: '',
    editTags: '',
    editSummary: '',
    editError: '',
    saving: false,
    withdrawId: '',
    withdrawReason: '',
    withdrawError: '',
    withdrawing: false,
    notice: '',
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
      const today = beijingToday(phoneNow());
      this.setData({ today, ...emptyForm(today) });
      void this.load(queryValue(query, 'unitId'));
    },

    async load(unitId: string): Promise<void> {
      const roots = await openOnUnit(this, unitId);
      if (!roots) return;
      await Promise.all([this.loadList(), this.fillPicker(roots)]);
    },

    /** The picker: the caller's units and those below, villages left out (a document is for a city, county or township). */
    async fillPicker(roots: Parameters<typeof fillUnitPicker>[1]): Promise<void> {
      if (!(await fillUnitPicker(this, roots))) return;
      const units = this.data.units.filter((u) => u.level !== 'village' || u.id === this.data.unitId);
      this.setData({ units, unitLabels: units.map((u) => u.label), unitIndex: Math.max(0, units.findIndex((u) => u.id === this.data.unitId)) });
    },

    /** The first page of documents (`quiet`: keep the list while reading). */
    async loadList(quiet = false): Promise<void> {
      const s = stateOf(this);
      const seq = ++s.seq;
      const { unitId } = this.data;
      if (!quiet) this.setData({ listStatus: 'loading', listError: '', items: [], hasMore: false, moreError: '' });
      const a = await call('policy.manage', { unitId, skip: 0, limit: PAGE });
      if (seq !== s.seq) return;
      if (!a.ok) {
        this.setData({ listStatus: a.code === 'forbidden' ? 'forbidden' : 'error', listError: errorText(a), items: [] });
        return;
      }
      s.uploadFolder = a.data.uploadFolder;
      s.rows = new Map(a.data.items.map((r) => [r.id, r]));
      this.setData({
        listStatus: 'ok',
        ...(this.data.unitName ? {} : { unitName: a.data.unit.name }),
        items: a.data.items.map(docView),
        total: a.data.total,
        hasMore: a.data.items.length < a.data.total,
      });
    },

    async onMore(): Promise<void> {
      const { unitId, items, loadingMore, hasMore } = this.data;
      if (loadingMore || !hasMore) return;
      const s = stateOf(this);
      const seq = s.seq;
      this.setData({ loadingMore: true, moreError: '' });
      const a = await call('policy.manage', { unitId, skip: items.length, limit: PAGE });
      if (seq !== s.seq) return;
      if (!a.ok) {
        this.setData({ loadingMore: false, moreError: errorText(a) });
        return;
      }
      const fresh = a.data.items.filter((r) => !s.rows.has(r.id));
      fresh.forEach((r) => s.rows.set(r.id, r));
      const all = [...items, ...fresh.map(docView)];
      this.setData({ loadingMore: false, items: all, total: a.data.total, hasMore: a.data.items.length === PAGE && all.length < a.data.total });
    },

    onPickUnit(e: WechatMiniprogram.PickerChange): void {
      if (this.data.publishing || this.data.saving || this.data.withdrawing) return;
      // Another unit: its own documents, and a fresh form (the file goes to that unit's folder).
      if (!pickUnit(this, e.detail.value, { formOpen: false, ...emptyForm(this.data.today), editId: '', withdrawId: '', notice: '' })) return;
      stateOf(this).clientId = newClientId();
      void this.loadList();
    },

    // ── 发布文件 ──────────────────────────────────────────────────────────────────────────────
    onOpenForm(): void {
      this.setData({ formOpen: true, notice: '', editId: '', withdrawId: '' });
    },

    onCloseForm(): void {
      // What was typed stays (and the same clientId) until it is published or the unit changes.
      if (!this.data.publishing) this.setData({ formOpen: false, formError: '' });
    },

    onField(e: WechatMiniprogram.Input): void {
      const field = String(e.currentTarget.dataset.field ?? '');
      if (['title', 'issuer', 'docNumber', 'tagsText', 'summary'].includes(field)) this.setData({ [field]: e.detail.value, formError: '' });
    },

    onPickDate(e: WechatMiniprogram.PickerChange): void {
      const day = String(e.detail.value);
      if (/^\d{4}-\d{2}-\d{2}$/.test(day)) this.setData({ issuedOn: day, issuedOnText: dayText(day), formError: '' });
    },

    onChooseFile(): void {
      if (this.data.publishing) return;
      wx.chooseMessageFile({
        count: 1,
        type: 'file',
        extension: FILE_EXTENSIONS,
        success: (res) => {
          const f = res.tempFiles[0];
          if (f) this.setData({ file: { path: f.path, name: shortName(f.name), fileID: '' }, formError: '' });
        },
        fail: (err) => {
          if (/privacy/i.test(err.errMsg)) this.setData({ formError: '您没有同意隐私保护指引，无法选择文件' });
        },
      });
    },

    onRemoveFile(): void {
      if (!this.data.publishing) this.setData({ file: null });
    },

    /** What the form lacks, or ''; the server checks the rest. */
    check(): string {
      const d = this.data;
      if (d.title.trim().length < 4) return '请填写文件标题（至少 4 个字）';
      if (d.issuer.trim().length < 2) return '请填写发文机关';
      if (!d.issuedOn) return '请选择印发日期';
      const tags = tagsProblem(parseTags(d.tagsText));
      if (tags) return tags;
      if (!d.summary.trim()) return '请填写内容摘要';
      if (!d.file) return '请选择要发布的文件';
      return '';
    },

    async onPublish(): Promise<void> {
      if (this.data.publishing) return;
      const missing = this.check();
      if (missing) return this.setData({ formError: missing });
      const s = stateOf(this);
      const file = this.data.file!;
      this.setData({ publishing: true, formError: '' });
      let fileID = file.fileID;
      if (!fileID) {
        const up = await upload(file.path, `${s.uploadFolder}${s.clientId}${extensionOf(file.name) || '.pdf'}`);
        if (s.gone) return;
        if (!up.ok) {
          this.setData({ publishing: false, formError: `${up.message.replace('照片', '文件')}。填写的内容还在，请再点“发布”` });
          return;
        }
        fileID = up.data.fileID;
        this.setData({ file: { ...file, fileID } });
      }
      const d = this.data;
      const docNumber = d.docNumber.trim();
      const a = await call('policy.publish', {
        unitId: d.unitId,
        clientId: s.clientId,
        title: d.title.trim(),
        issuer: d.issuer.trim(),
        ...(docNumber ? { docNumber } : {}),
        issuedOn: d.issuedOn,
        tags: parseTags(d.tagsText),
        summary: d.summary.trim(),
        file: { fileId: fileID, name: file.name },
      });
      if (s.gone) return;
      if (!a.ok) {
        // Not published (or the answer was lost): the same clientId goes again on the next try.
        const retry = a.code === 'network' ? '。填写的内容还在，请再点“发布”' : '';
        this.setData({ publishing: false, formError: `${errorText(a, FIELD_LABELS)}${retry}` });
        return;
      }
      s.clientId = newClientId();
      this.setData({ publishing: false, formOpen: false, ...emptyForm(this.data.today), notice: `已发布：${a.data.title}` });
      await this.loadList(true);
    },

    // ── 修改标签和摘要 ──────────────────────────────────────────────────────────────────────────
    onEdit(e: WechatMiniprogram.TouchEvent): void {
      const row = stateOf(this).rows.get(String(e.currentTarget.dataset.id ?? ''));
      if (!row || this.data.saving) return;
      this.setData({ editId: row.id, editTags: row.tags.join(' '), editSummary: row.summary, editError: '', withdrawId: '', notice: '' });
    },

    onEditTags(e: WechatMiniprogram.Input): void {
      this.setData({ editTags: e.detail.value, editError: '' });
    },

    onEditSummary(e: WechatMiniprogram.Input): void {
      this.setData({ editSummary: e.detail.value, editError: '' });
    },

    onCancelEdit(): void {
      if (!this.data.saving) this.setData({ editId: '', editError: '' });
    },

    async onSaveEdit(): Promise<void> {
      const { editId, saving } = this.data;
      if (!editId || saving) return;
      const tags = parseTags(this.data.editTags);
      const summary = this.data.editSummary.trim();
      const problem = tagsProblem(tags) || (summary ? '' : '请填写内容摘要');
      if (problem) return this.setData({ editError: problem });
      this.setData({ saving: true, editError: '' });
      const a = await call('policy.update', { id: editId, tags, summary });
      if (!a.ok) {
        this.setData({ saving: false, editError: errorText(a, FIELD_LABELS) });
        return;
      }
      this.setData({ saving: false, editId: '', notice: `已保存：${a.data.title}` });
      await this.loadList(true);
    },

    // ── 撤回 ──────────────────────────────────────────────────────────────────────────────────
    onWithdraw(e: WechatMiniprogram.TouchEvent): void {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (!id || this.data.withdrawing) return;
      this.setData({ withdrawId: id, withdrawReason: '', withdrawError: '', editId: '', notice: '' });
    },

    onWithdrawReason(e: WechatMiniprogram.Input): void {
      this.setData({ withdrawReason: e.detail.value, withdrawError: '' });
    },

    onCancelWithdraw(): void {
      if (!this.data.withdrawing) this.setData({ withdrawId: '', withdrawError: '' });
    },

    async onConfirmWithdraw(): Promise<void> {
      const { withdrawId, withdrawing } = this.data;
      const reason = this.data.withdrawReason.trim();
      if (!withdrawId || withdrawing) return;
      if (reason.length < 2) return this.setData({ withdrawError: '请写明撤回原因（至少 2 个字）' });
      this.setData({ withdrawing: true, withdrawError: '' });
      const a = await call('policy.withdraw', { id: withdrawId, reason });
      if (!a.ok) {
        this.setData({ withdrawing: false, withdrawError: errorText(a, FIELD_LABELS) });
        return;
      }
      this.setData({ withdrawing: false, withdrawId: '', withdrawReason: '', notice: `已撤回：${a.data.title}，干部们不再看到这份文件` });
      await this.loadList(true);
    },

    onRetry(): void {
      if (this.data.status === 'error') void this.load(this.data.unitId);
      else void this.loadList();
    },

    // ── Privacy (picking a file from a chat is a privacy API) ───────────────────────────────
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
