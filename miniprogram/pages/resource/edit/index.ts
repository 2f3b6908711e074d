/**
 * 登记帮扶项目 (`?id=` to change one), for the cadres of a village and, to correct one, the staff
 * over it: the project's name, kind, amount in yuan (typed as text; the server turns it into fen),
 * source — 派出单位 named after the cadre's own dispatching unit unless another is typed — status
 * with its dates (开工 for 在建, 完成 for 已完成), who brought it (one of the village's cadres),
 * up to 9 photos (uploaded into the cadre's own folder) and a note. A confirmed project, and any
 * correction by staff, asks for a 修改说明: the change takes it back to 待核实 and stays in its
 * history, as the form says. 保存 sends `resource.add` with a clientId made once per form and kept
 * across retries (a retried tap is one project), or `resource.edit` with the version the form was
 * filled from; then on to the project. The server's refusals show next to their fields.
 */
import { call } from '../../../api/index';
import type { OutputOf } from '../../../api/index';
import { errorText } from '../../../utils/answer';
import { newClientId } from '../../../utils/location';
import { queryValue, replace, withQuery } from '../../../utils/nav';
import { choosePhotos, uploadPhotos } from '../../../utils/photos';
import { openPrivacyContract } from '../../../utils/privacy';
import { answerPrivacy, dateText, FIELD_LABELS, fieldErrors, KINDS, MAX_FILES, MAX_NAME, MAX_NOTE, privacyHolder, RESOURCE_ROUTES, SOURCES, startPrivacy, STATUSES, stopPrivacy } from '../resource';
import type { Field, PrivacyHolder } from '../resource';

type Status = 'loading' | 'ok' | 'notCadre' | 'notStationed' | 'notFound' | 'notEditable' | 'error';
type Mine = OutputOf<'resource.mine'>;

interface Photo {
  /** The phone's file, or the link of one already on the project. */
  path: string;
  fileID: string;
  name: string;
}

const NO_ERRORS: Record<Field, string> = { name: '', amountYuan: '', sourceName: '', plannedOn: '', startedOn: '', completedOn: '', broughtById: '', files: '', note: '', reason: '' };

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
    editId: '',
    version: 0,
    confirmed: false,
    viewerAs: 'cadre' as 'cadre' | 'staff',
    /** A 修改说明 is asked for (a confirmed project, or a correction by staff). */
    needReason: false,
    villageName: '',
    today: '',
    uploadFolder: '',
    /** The bringer's dispatching unit: what 派出单位 means when no other is typed. */
    dispatchingUnit: '',

    kindNames: KINDS.map((k) => k.name),
    sourceNames: SOURCES.map((k) => k.name),
    statusNames: STATUSES.map((k) => k.name),
    name: '',
    maxName: MAX_NAME,
    kindIndex: 0,
    amountYuan: '',
    sourceIndex: 0,
    sourceName: '',
    statusIndex: 0,
    plannedOn: '',
    startedOn: '',
    completedOn: '',
    plannedText: '',
    startedText: '',
    completedText: '',
    cadres: [] as { id: string; name: string; dispatchingUnit: string }[],
    cadreNames: [] as string[],
    broughtIndex: 0,
    photos: [] as Photo[],
    maxFiles: MAX_FILES,
    note: '',
    maxNote: MAX_NOTE,
    reason: '',

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
    onLoad(query: Record<string, string | undefined>): void {
      this.setData({ editId: queryValue(query, 'id') });
      void this.load();
    },

    async load(): Promise<void> {
      this.setData({ status: 'loading', error: '' });
      const editId = this.data.editId;
      if (!editId) {
        const mine = await call('resource.mine', { limit: 1 });
        if (stateOf(this).gone) return;
        if (!mine.ok) {
          if (mine.code === 'forbidden' || mine.code === 'not_bound') this.setData({ status: 'notCadre' });
          else if (mine.code === 'not_stationed') this.setData({ status: 'notStationed', error: mine.message });
          else this.setData({ status: 'error', error: errorText(mine) });
          return;
        }
        this.useMine(mine.data, mine.data.me.id);
        this.setData({ status: 'ok', plannedOn: mine.data.today, plannedText: dateText(mine.data.today) });
        return;
      }
      const [got, mine] = await Promise.all([call('resource.get', { id: editId }), call('resource.mine', { limit: 1 })]);
      if (stateOf(this).gone) return;
      if (!got.ok) {
        if (got.code === 'not_found' || got.code === 'forbidden' || got.code === 'invalid_input') this.setData({ status: 'notFound' });
        else this.setData({ status: 'error', error: errorText(got) });
        return;
      }
      const p = got.data;
      if (!p.canEdit) {
        this.setData({ status: 'notEditable' });
        return;
      }
      // A cadre of the village has the village's cadres and their own folder; staff keep the bringer and the photos there are.
      if (p.viewerAs === 'cadre' && mine.ok) this.useMine(mine.data, p.broughtById);
      else this.setData({ cadres: [{ id: p.broughtById, name: p.broughtByName, dispatchingUnit: '' }], cadreNames: [p.broughtByName], broughtIndex: 0, villageName: p.villageName, today: mine.ok ? mine.data.today : '' });
      this.setData({
        status: 'ok',
        version: p.version,
        confirmed: p.confirmed,
        viewerAs: p.viewerAs,
        needReason: p.confirmed || p.viewerAs === 'staff',
        name: p.name,
        kindIndex: Math.max(0, KINDS.findIndex((k) => k.key === p.kind)),
        amountYuan: p.amountYuan,
        sourceIndex: Math.max(0, SOURCES.findIndex((k) => k.key === p.source)),
        sourceName: p.sourceName,
        statusIndex: Math.max(0, STATUSES.findIndex((k) => k.key === p.status)),
        plannedOn: p.plannedOn,
        startedOn: p.startedOn ?? '',
        completedOn: p.completedOn ?? '',
        plannedText: dateText(p.plannedOn),
        startedText: dateText(p.startedOn),
        completedText: dateText(p.completedOn),
        photos: p.files.map((f) => ({ path: f.url, fileID: f.fileId, name: f.name })),
        note: p.note,
      });
    },

    /** What `resource.mine` gives the form: the village, today, the folder, the cadres (the bringer chosen). */
    useMine(m: Mine, bringerId: string): void {
      const cadres = m.cadres.some((c) => c.id === bringerId) ? m.cadres : [...m.cadres, { id: bringerId, name: m.me.id === bringerId ? m.me.name : '原引进人', dispatchingUnit: m.me.id === bringerId ? m.dispatchingUnit : '' }];
      this.setData({
        villageName: m.village.name,
        today: m.today,
        uploadFolder: m.uploadFolder,
        cadres,
        cadreNames: cadres.map((c) => c.name),
        broughtIndex: Math.max(0, cadres.findIndex((c) => c.id === bringerId)),
        dispatchingUnit: cadres.find((c) => c.id === bringerId)?.dispatchingUnit ?? '',
      });
    },

    clearError(field: Field): void {
      if (this.data.errors[field] || this.data.formError) this.setData({ [`errors.${field}`]: '', formError: '' });
    },

    onName(e: WechatMiniprogram.Input): void {
      this.setData({ name: e.detail.value });
      this.clearError('name');
    },
    onAmount(e: WechatMiniprogram.Input): void {
      this.setData({ amountYuan: e.detail.value });
      this.clearError('amountYuan');
    },
    onSourceName(e: WechatMiniprogram.Input): void {
      this.setData({ sourceName: e.detail.value });
      this.clearError('sourceName');
    },
    onNote(e: WechatMiniprogram.Input): void {
      this.setData({ note: e.detail.value });
      this.clearError('note');
    },
    onReason(e: WechatMiniprogram.Input): void {
      this.setData({ reason: e.detail.value });
      this.clearError('reason');
    },
    onKind(e: WechatMiniprogram.PickerChange): void {
      this.setData({ kindIndex: Number(e.detail.value) || 0 });
    },
    onSource(e: WechatMiniprogram.PickerChange): void {
      this.setData({ sourceIndex: Number(e.detail.value) || 0 });
      this.clearError('sourceName');
    },
    onStatus(e: WechatMiniprogram.PickerChange): void {
      this.setData({ statusIndex: Number(e.detail.value) || 0, 'errors.startedOn': '', 'errors.completedOn': '' });
    },
    onBrought(e: WechatMiniprogram.PickerChange): void {
      const i = Number(e.detail.value) || 0;
      this.setData({ broughtIndex: i, dispatchingUnit: this.data.cadres[i]?.dispatchingUnit ?? '' });
      this.clearError('broughtById');
    },
    onDate(e: WechatMiniprogram.PickerChange): void {
      const field = String(e.currentTarget.dataset.field ?? '') as 'plannedOn' | 'startedOn' | 'completedOn';
      const day = String(e.detail.value);
      if (!['plannedOn', 'startedOn', 'completedOn'].includes(field) || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return;
      const text = { plannedOn: 'plannedText', startedOn: 'startedText', completedOn: 'completedText' }[field];
      this.setData({ [field]: day, [text]: dateText(day) });
      this.clearError(field);
    },

    async onAddPhoto(): Promise<void> {
      const r = await choosePhotos(MAX_FILES - this.data.photos.length);
      if (stateOf(this).gone) return;
      if ('added' in r) {
        const photos = [...this.data.photos, ...r.added.map((p) => ({ ...p, name: '' }))].slice(0, MAX_FILES);
        if (r.added.length) this.setData({ photos, 'errors.files': '' });
      } else if (r.refused === 'privacy') {
        this.setData({ 'errors.files': '您没有同意隐私保护指引，无法选择照片。照片可以不传' });
      }
    },

    onRemovePhoto(e: WechatMiniprogram.TouchEvent): void {
      const i = Number(e.currentTarget.dataset.index);
      this.setData({ photos: this.data.photos.filter((_p, j) => j !== i), 'errors.files': '' });
    },

    onPreview(e: WechatMiniprogram.TouchEvent): void {
      const url = String(e.currentTarget.dataset.url ?? '');
      if (url) wx.previewImage({ urls: this.data.photos.map((p) => p.path).filter(Boolean), current: url });
    },

    /** What the form lacks, said next to its fields (the server checks the rest). */
    missing(): Partial<Record<Field, string>> {
      const d = this.data;
      const out: Partial<Record<Field, string>> = {};
      const status = STATUSES[d.statusIndex]!.key;
      if (d.name.trim().length < 2) out.name = '请填写项目名称';
      if (!d.amountYuan.trim()) out.amountYuan = '请填写金额（元），没有资金填 0';
      if (SOURCES[d.sourceIndex]!.key !== 'dispatchingUnit' && d.sourceName.trim().length < 2) out.sourceName = '请填写资金或项目来自哪个单位';
      if (status !== 'planning' && !d.startedOn) out.startedOn = '请填写开工日期';
      if (status === 'done' && !d.completedOn) out.completedOn = '请填写完成日期';
      if (d.needReason && !d.reason.trim()) out.reason = d.viewerAs === 'staff' ? '请填写更正说明' : '该项目已核实，请写明修改说明';
      return out;
    },

    async onSubmit(): Promise<void> {
      if (this.data.submitting) return;
      const missing = this.missing();
      if (Object.keys(missing).length) {
        this.setData({ errors: { ...NO_ERRORS, ...missing }, formError: '请按红字提示改一改，再点“保存”' });
        return;
      }
      const s = stateOf(this);
      this.setData({ submitting: true, errors: { ...NO_ERRORS }, formError: '' });
      // Photos first, into the cadre's own folder: one uploaded already is not sent again.
      const up = await uploadPhotos(this.data.photos, this.data.uploadFolder, s.clientId);
      if (s.gone) return;
      const photos = up.photos.map((p, i) => ({ ...p, name: this.data.photos[i]!.name || `照片${i + 1}.jpg` }));
      this.setData({ photos });
      if (up.error) {
        this.setData({ submitting: false, 'errors.files': up.error, formError: `${up.error}。填的内容还在，请再点“保存”` });
        return;
      }
      const d = this.data;
      const status = STATUSES[d.statusIndex]!.key;
      const fields = {
        name: d.name.trim(),
        kind: KINDS[d.kindIndex]!.key,
        amountYuan: d.amountYuan.trim(),
        source: SOURCES[d.sourceIndex]!.key,
        sourceName: d.sourceName.trim(),
        status,
        plannedOn: d.plannedOn,
        startedOn: status === 'planning' ? null : d.startedOn || null,
        completedOn: status === 'done' ? d.completedOn || null : null,
        broughtById: d.cadres[d.broughtIndex]?.id,
        files: photos.map((p) => ({ fileId: p.fileID, name: p.name })),
        note: d.note.trim(),
      };
      const a = d.editId ? await call('resource.edit', { id: d.editId, version: d.version, ...fields, reason: d.reason.trim() }) : await call('resource.add', { clientId: s.clientId, ...fields });
      if (s.gone) return;
      if (!a.ok) {
        const byField = fieldErrors(a);
        if (a.code === 'locked') this.setData({ needReason: true });
        if (a.code === 'not_stationed') this.setData({ status: 'notStationed', error: a.message });
        const message = a.code === 'network' ? `${a.message}。填的内容还在，请再点“保存”` : errorText(a, FIELD_LABELS);
        this.setData({ submitting: false, errors: { ...NO_ERRORS, ...byField }, formError: message });
        wx.showToast({ title: a.message, icon: 'none', duration: 3000 });
        return;
      }
      s.clientId = newClientId();
      this.setData({ submitting: false });
      wx.showToast({ title: d.editId ? '已保存修改' : '已登记', icon: 'success', duration: 1500 });
      replace(withQuery(RESOURCE_ROUTES.detail, { id: a.data.id }));
    },

    onMine(): void {
      replace(RESOURCE_ROUTES.mine);
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
