/**
 * 村务公开管理 for a village's 村群管理员 (`?villageId=`): the picker of their villages; the
 * village's notices (`publicNotice.manage`), withdrawn ones too, newest first, each with its
 * read count (已读 of the villagers who came from the village's group); 发布公示 — kind (村务 /
 * 党务 / 财务公开), title, body and up to 9 attachments (photos, or files from a chat), uploaded
 * into the village's `uploadFolder`, with a `clientId` made once per form so a retried publish is
 * one notice; 撤回 with a reason (the notice stays on record here, villagers no longer see it).
 * 分享到村群 shares the card of the villagers' home page into the village group (with a share
 * ticket, so a villager who opens it is known to come from that group).
 */
import { call, upload } from '../../../../api/index';
import type { OutputOf } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { VILLAGE_HOME } from '../../../../utils/complaint-staff';
import { shortTime } from '../../../../utils/day';
import { newClientId } from '../../../../utils/location';
import { queryValue } from '../../../../utils/nav';
import { choosePhotos } from '../../../../utils/photos';
import { rolesAmong } from '../../../../utils/staff-page';

type Status = 'loading' | 'ok' | 'forbidden' | 'error';
type Manage = OutputOf<'publicNotice.manage'>;
type Notice = Manage['items'][number];
type Kind = Manage['kinds'][number]['key'];

/** Rows per read. */
const PAGE = 20;
/** Attachments a notice takes at most (server/features/publicnotice/schema.ts). */
const MAX_ATTACHMENTS = 9;
/** The files a 村群管理员 attaches from a chat: documents and sheets. */
const FILE_EXTENSIONS = ['pdf', 'doc', 'docx', 'xls', 'xlsx', 'jpg', 'jpeg', 'png'];

const FIELD_LABELS = { title: '标题', body: '内容', kind: '类别', attachments: '附件', reason: '撤回原因' };

interface Row {
  id: string;
  kindName: string;
  title: string;
  body: string;
  attachments: string;
  published: string;
  /** `已读 2 / 35 人`. */
  reads: string;
  withdrawn: string;
}

interface Attachment {
  path: string;
  /** What villagers see it called. */
  name: string;
  /** Set once uploaded (kept across a failed publish, so it is not uploaded twice). */
  fileID: string;
}

const rowOf = (n: Notice, villagers: number): Row => ({
  id: n.id,
  kindName: n.kindName,
  title: n.title,
  body: n.body,
  attachments: n.attachments > 0 ? `附件 ${n.attachments} 个` : '',
  published: `${n.publishedByName} ${shortTime(n.publishedAt)} 发布`,
  reads: `已读 ${n.reads} / ${villagers} 人`,
  withdrawn: n.withdrawn ? `已撤回：${n.withdrawn.reason}（${n.withdrawn.byName} ${shortTime(n.withdrawn.at)}）` : '',
});

/** An attachment's extension as cloud storage keeps it (`.pdf`), from its name; `.jpg` for a photo. */
function extensionOf(name: string): string {
  const m = /\.([A-Za-z0-9]{1,5})$/.exec(name);
  return m ? `.${m[1]!.toLowerCase()}` : '';
}

/** A name of at most 60 characters (the server's limit), keeping the extension. */
function shortName(name: string): string {
  const clean = name.trim() || '附件';
  if (clean.length <= 60) return clean;
  const ext = extensionOf(clean);
  return `${clean.slice(0, 60 - ext.length)}${ext}`;
}

interface State {
  seq: number;
  uploadFolder: string;
  /** Made once per publish form; kept across its retries; a new one after it was published. */
  clientId: string;
}
const states = new WeakMap<object, State>();
function stateOf(page: object): State {
  let s = states.get(page);
  if (!s) states.set(page, (s = { seq: 0, uploadFolder: '', clientId: newClientId() }));
  return s;
}

/** The publish form, empty. */
const EMPTY_FORM = { kindIndex: 0, title: '', body: '', attachments: [] as Attachment[], formError: '' };

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    villages: [] as { id: string; name: string }[],
    villageNames: [] as string[],
    villageIndex: 0,
    villageId: '',
    villageName: '',
    listStatus: 'loading' as Status,
    listError: '',
    villagers: 0,
    kinds: [] as { key: Kind; name: string }[],
    kindNames: [] as string[],
    items: [] as Row[],
    hasMore: false,
    loadingMore: false,
    moreError: '',
    formOpen: false,
    ...EMPTY_FORM,
    maxAttachments: MAX_ATTACHMENTS,
    publishing: false,
    withdrawId: '',
    withdrawReason: '',
    withdrawing: false,
    withdrawError: '',
    notice: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      // The card can go into a group, with a share ticket (the villagers' page needs the group).
      wx.showShareMenu({ withShareTicket: true, menus: ['shareAppMessage'], fail: () => undefined });
      void this.load(queryValue(query, 'villageId'));
    },

    async load(villageId: string): Promise<void> {
      const roles = await rolesAmong(this, ['groupAdmin']);
      if (!roles) return;
      const villages = roles.map((r) => ({ id: r.orgUnitId, name: r.unitName || r.orgUnitId })).filter((v, i, all) => all.findIndex((x) => x.id === v.id) === i);
      const i = Math.max(0, villages.findIndex((v) => v.id === villageId));
      this.setData({ status: 'ok', villages, villageNames: villages.map((v) => v.name), villageIndex: i, villageId: villages[i]!.id, villageName: villages[i]!.name });
      await this.loadList();
    },

    /** The first page of notices (`quiet`: keep the list while reading). */
    async loadList(quiet = false): Promise<void> {
      const s = stateOf(this);
      const seq = ++s.seq;
      const { villageId } = this.data;
      if (!quiet) this.setData({ listStatus: 'loading', listError: '', items: [], hasMore: false, moreError: '' });
      const a = await call('publicNotice.manage', { villageId, skip: 0, limit: PAGE });
      if (seq !== s.seq) return;
      if (!a.ok) {
        this.setData({ listStatus: a.code === 'forbidden' ? 'forbidden' : 'error', listError: errorText(a), items: [] });
        return;
      }
      s.uploadFolder = a.data.uploadFolder;
      this.setData({
        listStatus: 'ok',
        villagers: a.data.villagers,
        kinds: a.data.kinds,
        kindNames: a.data.kinds.map((k) => k.name),
        items: a.data.items.map((n) => rowOf(n, a.data.villagers)),
        hasMore: a.data.items.length === PAGE,
      });
    },

    async onMore(): Promise<void> {
      const { villageId, items, loadingMore, hasMore } = this.data;
      if (loadingMore || !hasMore) return;
      const s = stateOf(this);
      const seq = s.seq;
      this.setData({ loadingMore: true, moreError: '' });
      const a = await call('publicNotice.manage', { villageId, skip: items.length, limit: PAGE });
      if (seq !== s.seq) return;
      if (!a.ok) {
        this.setData({ loadingMore: false, moreError: errorText(a) });
        return;
      }
      const have = new Set(items.map((r) => r.id));
      this.setData({
        loadingMore: false,
        villagers: a.data.villagers,
        items: [...items, ...a.data.items.filter((n) => !have.has(n.id)).map((n) => rowOf(n, a.data.villagers))],
        hasMore: a.data.items.length === PAGE,
      });
    },

    onPickVillage(e: WechatMiniprogram.PickerChange): void {
      const i = Number(e.detail.value);
      const v = this.data.villages[i];
      if (!v || v.id === this.data.villageId || this.data.publishing || this.data.withdrawing) return;
      // Another village: its own notices, and a fresh form (attachments go to that village's folder).
      stateOf(this).clientId = newClientId();
      this.setData({ villageIndex: i, villageId: v.id, villageName: v.name, formOpen: false, ...EMPTY_FORM, withdrawId: '', notice: '' });
      void this.loadList();
    },

    // ── 发布公示 ──────────────────────────────────────────────────────────────────────────────
    onOpenForm(): void {
      this.setData({ formOpen: true, notice: '', withdrawId: '' });
    },

    onCloseForm(): void {
      // What was typed stays (and the same clientId) until it is published or the village changes.
      if (!this.data.publishing) this.setData({ formOpen: false, formError: '' });
    },

    onPickKind(e: WechatMiniprogram.PickerChange): void {
      this.setData({ kindIndex: Number(e.detail.value), formError: '' });
    },

    onTitle(e: WechatMiniprogram.Input): void {
      this.setData({ title: e.detail.value, formError: '' });
    },

    onBody(e: WechatMiniprogram.Input): void {
      this.setData({ body: e.detail.value, formError: '' });
    },

    addAttachments(added: Attachment[]): void {
      if (added.length) this.setData({ attachments: [...this.data.attachments, ...added].slice(0, MAX_ATTACHMENTS), formError: '' });
    },

    async onAddPhoto(): Promise<void> {
      const have = this.data.attachments.length;
      const r = await choosePhotos(MAX_ATTACHMENTS - have);
      if ('added' in r) this.addAttachments(r.added.map((p, i) => ({ path: p.path, name: `图片${have + i + 1}.jpg`, fileID: '' })));
      else if (r.refused === 'privacy') this.setData({ formError: '您没有同意隐私保护指引，无法选择照片' });
    },

    onAddFile(): void {
      const room = MAX_ATTACHMENTS - this.data.attachments.length;
      if (room <= 0) return;
      wx.chooseMessageFile({
        count: room,
        type: 'file',
        extension: FILE_EXTENSIONS,
        success: (res) => this.addAttachments(res.tempFiles.map((f) => ({ path: f.path, name: shortName(f.name), fileID: '' }))),
        fail: (err) => {
          if (/privacy/i.test(err.errMsg)) this.setData({ formError: '您没有同意隐私保护指引，无法选择文件' });
        },
      });
    },

    onRemoveAttachment(e: WechatMiniprogram.TouchEvent): void {
      const i = Number(e.currentTarget.dataset.i);
      if (!this.data.publishing) this.setData({ attachments: this.data.attachments.filter((_a, j) => j !== i) });
    },

    /** Upload the attachments not yet uploaded; the message of a failure, or ''. */
    async uploadAttachments(): Promise<string> {
      const s = stateOf(this);
      const list = [...this.data.attachments];
      for (let i = 0; i < list.length; i++) {
        const a = list[i]!;
        if (a.fileID) continue;
        const up = await upload(a.path, `${s.uploadFolder}${s.clientId}-${i}${extensionOf(a.name) || '.jpg'}`);
        if (!up.ok) {
          this.setData({ attachments: list });
          return up.message.replace('照片', '附件');
        }
        list[i] = { ...a, fileID: up.data.fileID };
      }
      this.setData({ attachments: list });
      return '';
    },

    async onPublish(): Promise<void> {
      const { villageId, kinds, kindIndex, publishing } = this.data;
      const title = this.data.title.trim();
      const body = this.data.body.trim();
      const kind = kinds[kindIndex]?.key;
      if (publishing) return;
      if (!kind) return this.setData({ formError: '请选择公示类别' });
      if (title.length < 2) return this.setData({ formError: '请填写标题（至少 2 个字）' });
      if (!body) return this.setData({ formError: '请填写公示内容' });
      const s = stateOf(this);
      this.setData({ publishing: true, formError: '' });
      const failed = await this.uploadAttachments();
      if (failed) {
        this.setData({ publishing: false, formError: failed });
        return;
      }
      const attachments = this.data.attachments.map((a) => ({ fileId: a.fileID, name: a.name }));
      const a = await call('publicNotice.publish', { villageId, clientId: s.clientId, kind, title, body, attachments });
      if (!a.ok) {
        // Not published (or the answer was lost): the same clientId goes again on the next try.
        this.setData({ publishing: false, formError: errorText(a, FIELD_LABELS) });
        return;
      }
      s.clientId = newClientId();
      this.setData({ publishing: false, formOpen: false, ...EMPTY_FORM, notice: `已发布${a.data.kindName}：${a.data.title}。可以点“分享到村群”告诉村民。` });
      await this.loadList(true);
    },

    // ── 撤回 ──────────────────────────────────────────────────────────────────────────────────
    onWithdraw(e: WechatMiniprogram.TouchEvent): void {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (!id || this.data.withdrawing) return;
      this.setData({ withdrawId: id, withdrawReason: '', withdrawError: '', notice: '' });
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
      if (reason.length < 2) {
        this.setData({ withdrawError: '请写明撤回原因（至少 2 个字）' });
        return;
      }
      this.setData({ withdrawing: true, withdrawError: '' });
      const a = await call('publicNotice.withdraw', { id: withdrawId, reason });
      if (!a.ok) {
        this.setData({ withdrawing: false, withdrawError: errorText(a, FIELD_LABELS) });
        return;
      }
      this.setData({ withdrawing: false, withdrawId: '', withdrawReason: '', notice: `已撤回：${a.data.title}，村民不再看到这条公示` });
      await this.loadList(true);
    },

    // ── 分享到村群 ────────────────────────────────────────────────────────────────────────────
    onShareAppMessage(): WechatMiniprogram.Page.ICustomShareContent {
      const latest = this.data.items.find((r) => !r.withdrawn);
      return { title: latest ? `${this.data.villageName}${latest.kindName}：${latest.title}` : `${this.data.villageName}村务公开`, path: VILLAGE_HOME };
    },

    onRetry(): void {
      if (this.data.status === 'error') void this.load(this.data.villageId);
      else void this.loadList();
    },
  },
});
