/**
 * 暗访记录 for organisation and discipline staff (`?villageId=` to start on a village, `?id=` to
 * correct a record): pick a village in scope (the units under the caller's own, `org.listUnits`),
 * the day (today; or a day of the last week when recorded afterwards), and the village's team of
 * that day is listed (`inspection.team`, a cadre on approved leave said so). Each cadre is marked
 * 在岗 / 不在岗 / 请假 (请假 only with an approved leave); then photos (uploaded into the
 * inspector's own folder), optionally the inspector's location, the fellow inspectors, what was
 * found and the inspector's remarks for the written report. 提交 sends `inspection.record` with a
 * clientId made once per form (a retried submit is one record), then on to the record and its
 * report. A correction (`inspection.amend`) needs its reason and keeps what it replaced.
 */
import { call } from '../../../api/index';
import type { OutputOf } from '../../../api/index';
import { errorText } from '../../../utils/answer';
import { beijingToday, phoneNow } from '../../../utils/day';
import { locate, newClientId } from '../../../utils/location';
import { queryValue, replace, withQuery } from '../../../utils/nav';
import { browsableUnits } from '../../../utils/org';
import { choosePhotos, uploadPhotos } from '../../../utils/photos';
import type { FormPhoto } from '../../../utils/photos';
import { openPrivacyContract } from '../../../utils/privacy';
import { rolesAmong } from '../../../utils/staff-page';
import {
  answerPrivacy,
  companionsOf,
  FIELD_LABELS,
  INSPECTION_ROUTES,
  inspectionItem,
  INSPECTOR_ROLES,
  MAX_COMPANIONS,
  MAX_FINDINGS,
  MAX_PHOTOS,
  MIN_FINDINGS,
  privacyHolder,
  shortDay,
  startPrivacy,
  stopPrivacy,
  STATUS_NAMES,
} from '../inspection';
import type { InspectionItem, MemberStatus, PrivacyHolder } from '../inspection';

type Status = 'loading' | 'ok' | 'forbidden' | 'notFound' | 'notEditable' | 'error';
type Field = 'village' | 'marks' | 'findings' | 'photos' | 'reason' | 'companions';
type Team = OutputOf<'inspection.team'>['team'];

interface MemberRow {
  personId: string;
  name: string;
  kindName: string;
  /** `已请假：事假 5月12日` when an approved leave covers the day. */
  leaveText: string;
  canLeave: boolean;
  status: MemberStatus | '';
}

const NO_ERRORS: Record<Field, string> = { village: '', marks: '', findings: '', photos: '', reason: '', companions: '' };

interface State extends PrivacyHolder {
  clientId: string;
  seq: number;
}
const states = new WeakMap<object, State>();
function stateOf(page: object): State {
  let s = states.get(page);
  if (!s) states.set(page, (s = { clientId: newClientId(), seq: 0, ...privacyHolder() }));
  return s;
}

function leaveText(l: Team[number]['leave']): string {
  if (!l) return '';
  return `已请假：${l.kindName} ${l.startDate === l.endDate ? shortDay(l.startDate) : `${shortDay(l.startDate)}至${shortDay(l.endDate)}`}`;
}

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    /** The record being corrected ('' for a new one). */
    editId: '',
    villages: [] as { id: string; name: string; label: string }[],
    villageLabels: [] as string[],
    villageIndex: -1,
    villageId: '',
    villageName: '',
    today: '',
    earliest: '',
    date: '',
    dateText: '',
    uploadFolder: '',
    teamStatus: 'idle' as 'idle' | 'loading' | 'ok' | 'empty' | 'error',
    teamError: '',
    members: [] as MemberRow[],
    statusNames: STATUS_NAMES,

    companions: '',
    maxCompanions: MAX_COMPANIONS,
    findings: '',
    findingsCount: 0,
    minFindings: MIN_FINDINGS,
    maxFindings: MAX_FINDINGS,
    remarks: '',
    reason: '',
    photos: [] as FormPhoto[],
    maxPhotos: MAX_PHOTOS,
    location: null as { lat: number; lng: number; accuracy: number } | null,
    locationText: '',
    locating: false,
    historyCount: 0,

    recent: [] as (InspectionItem & { canAmend: boolean })[],

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
      const today = beijingToday(phoneNow());
      this.setData({ editId: queryValue(query, 'id'), today, date: today, dateText: shortDay(today) });
      void this.load(queryValue(query, 'villageId'));
    },

    async load(askedVillage: string): Promise<void> {
      const roles = await rolesAmong(this, INSPECTOR_ROLES);
      if (!roles || stateOf(this).gone) return;
      if (this.data.editId) return this.loadRecord();
      const [units, mine] = await Promise.all([browsableUnits(roles), call('inspection.mine', {})]);
      if (stateOf(this).gone) return;
      if (!units.ok) {
        this.setData({ status: 'error', error: errorText(units) });
        return;
      }
      const villages = units.data.filter((u) => u.level === 'village').map((u) => ({ id: u.id, name: u.name, label: u.label }));
      const recent = mine.ok ? mine.data.items.slice(0, 10).map((i) => ({ ...inspectionItem(i), canAmend: i.canAmend })) : [];
      const i = villages.findIndex((v) => v.id === askedVillage);
      this.setData({ status: 'ok', villages, villageLabels: villages.map((v) => v.label), recent });
      if (i >= 0) this.chooseVillage(i);
    },

    /** Correcting: the record as it stands, if the caller may still correct it. */
    async loadRecord(): Promise<void> {
      const got = await call('inspection.get', { id: this.data.editId });
      if (stateOf(this).gone) return;
      if (!got.ok) {
        this.setData(got.code === 'not_found' || got.code === 'forbidden' || got.code === 'invalid_input' ? { status: 'notFound' } : { status: 'error', error: errorText(got) });
        return;
      }
      const r = got.data;
      if (!r.canAmend || !r.uploadFolder) {
        this.setData({ status: 'notEditable' });
        return;
      }
      const members = r.team.map((m): MemberRow => ({ personId: m.personId, name: m.name, kindName: m.kindName, leaveText: leaveText(m.leave), canLeave: !!m.leave, status: m.status }));
      this.setData({
        status: 'ok',
        villageId: r.villageId,
        villageName: r.villageName,
        date: r.date,
        dateText: shortDay(r.date),
        uploadFolder: r.uploadFolder,
        teamStatus: 'ok',
        members,
        companions: r.companions.join('、'),
        findings: r.findings,
        findingsCount: r.findings.length,
        remarks: r.remarks,
        photos: r.photoFileIds.map((fileID, i) => ({ path: r.photoUrls[i] ?? '', fileID })),
        historyCount: r.history.length,
      });
    },

    chooseVillage(i: number): void {
      const v = this.data.villages[i];
      if (!v) return;
      this.setData({ villageIndex: i, villageId: v.id, villageName: v.name, 'errors.village': '' });
      void this.loadTeam();
    },

    onPickVillage(e: WechatMiniprogram.PickerChange): void {
      const i = Number(e.detail.value);
      if (i !== this.data.villageIndex) this.chooseVillage(i);
    },

    onPickDate(e: WechatMiniprogram.PickerChange): void {
      const date = String(e.detail.value);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || date === this.data.date) return;
      this.setData({ date, dateText: shortDay(date) });
      if (this.data.villageId) void this.loadTeam();
    },

    /** The team of the chosen village on the chosen day; marks already made for the same people stay. */
    async loadTeam(): Promise<void> {
      const s = stateOf(this);
      const seq = ++s.seq;
      const { villageId, date, today } = this.data;
      this.setData({ teamStatus: 'loading', teamError: '' });
      const a = await call('inspection.team', { villageId, ...(date && date !== today ? { date } : {}) });
      if (seq !== s.seq || s.gone) return;
      if (!a.ok) {
        this.setData({ teamStatus: 'error', teamError: errorText(a, FIELD_LABELS), members: [] });
        return;
      }
      const before = new Map(this.data.members.map((m) => [m.personId, m.status]));
      const members = a.data.team.map((m): MemberRow => {
        const kept = before.get(m.personId) ?? '';
        const status: MemberRow['status'] = kept === 'leave' && !m.leave ? '' : kept || (m.leave ? 'leave' : '');
        return { personId: m.personId, name: m.name, kindName: m.kindName, leaveText: leaveText(m.leave), canLeave: !!m.leave, status };
      });
      this.setData({ teamStatus: members.length ? 'ok' : 'empty', members, uploadFolder: a.data.uploadFolder, earliest: a.data.earliest, today: a.data.today, 'errors.marks': '' });
    },

    onMark(e: WechatMiniprogram.TouchEvent): void {
      const i = Number(e.currentTarget.dataset.index);
      const status = String(e.currentTarget.dataset.status) as MemberStatus;
      const m = this.data.members[i];
      if (!m || !(status in STATUS_NAMES) || (status === 'leave' && !m.canLeave)) return;
      this.setData({ [`members[${i}].status`]: status, 'errors.marks': '', formError: '' });
    },

    /** Everyone 不在岗 at once (a team found absent), those on leave left as they are. */
    onAllAbsent(): void {
      this.setData({ members: this.data.members.map((m) => ({ ...m, status: m.status === 'leave' ? 'leave' : 'absent' })), 'errors.marks': '' });
    },

    onCompanions(e: WechatMiniprogram.Input): void {
      this.setData({ companions: e.detail.value, 'errors.companions': '' });
    },
    onFindings(e: WechatMiniprogram.Input): void {
      this.setData({ findings: e.detail.value, findingsCount: e.detail.value.trim().length, 'errors.findings': '', formError: '' });
    },
    onRemarks(e: WechatMiniprogram.Input): void {
      this.setData({ remarks: e.detail.value });
    },
    onReason(e: WechatMiniprogram.Input): void {
      this.setData({ reason: e.detail.value, 'errors.reason': '' });
    },

    async onAddPhoto(): Promise<void> {
      const r = await choosePhotos(MAX_PHOTOS - this.data.photos.length);
      if (stateOf(this).gone) return;
      if ('added' in r) {
        if (r.added.length) this.setData({ photos: [...this.data.photos, ...r.added].slice(0, MAX_PHOTOS), 'errors.photos': '' });
      } else if (r.refused === 'privacy') {
        this.setData({ 'errors.photos': '您没有同意隐私保护指引，无法选择照片。照片可以不传' });
      }
    },

    onRemovePhoto(e: WechatMiniprogram.TouchEvent): void {
      const i = Number(e.currentTarget.dataset.index);
      this.setData({ photos: this.data.photos.filter((_p, j) => j !== i), 'errors.photos': '' });
    },

    async onLocate(): Promise<void> {
      if (this.data.locating) return;
      this.setData({ locating: true });
      const r = await locate();
      if (stateOf(this).gone) return;
      if (r.ok) this.setData({ locating: false, location: { lat: r.fix.lat, lng: r.fix.lng, accuracy: r.fix.accuracy }, locationText: `已记录位置（误差约 ${Math.round(r.fix.accuracy)} 米）` });
      else this.setData({ locating: false, location: null, locationText: `未能记录位置：${r.message.replace(/“签到”/g, '“记录我的位置”').replace(/签到/g, '记录位置')}` });
    },

    onClearLocation(): void {
      this.setData({ location: null, locationText: '' });
    },

    /** What the form lacks, field by field (nothing goes until it is filled in). */
    missing(): Partial<Record<Field, string>> {
      const out: Partial<Record<Field, string>> = {};
      if (!this.data.villageId) out.village = '请先选择暗访的村（社区）';
      const unmarked = this.data.members.filter((m) => !m.status);
      if (this.data.villageId && this.data.teamStatus === 'ok' && unmarked.length) out.marks = `还有${unmarked.map((m) => m.name).join('、')}没有标记`;
      const n = this.data.findings.trim().length;
      if (n < MIN_FINDINGS) out.findings = n === 0 ? '请写一写暗访看到的情况' : `请至少写${MIN_FINDINGS}个字`;
      if (companionsOf(this.data.companions).length > MAX_COMPANIONS) out.companions = `同行检查人员最多${MAX_COMPANIONS}人`;
      if (this.data.editId && this.data.reason.trim().length < 2) out.reason = '请填写更正原因';
      return out;
    },

    async onSubmit(): Promise<void> {
      if (this.data.submitting) return;
      if (!this.data.editId && this.data.teamStatus !== 'ok') {
        this.setData({ errors: { ...NO_ERRORS, ...this.missing(), ...(this.data.villageId ? { marks: this.data.teamError || '该村当日没有驻村干部' } : {}) }, formError: '请按红字提示改一改，再点“提交”' });
        return;
      }
      const missing = this.missing();
      if (Object.keys(missing).length) {
        this.setData({ errors: { ...NO_ERRORS, ...missing }, formError: '请按红字提示改一改，再点“提交”' });
        return;
      }
      const s = stateOf(this);
      this.setData({ submitting: true, errors: { ...NO_ERRORS }, formError: '' });
      const up = await uploadPhotos(this.data.photos, this.data.uploadFolder, s.clientId);
      if (s.gone) return;
      this.setData({ photos: up.photos });
      if (up.error) {
        this.setData({ submitting: false, 'errors.photos': up.error, formError: `${up.error}。填写的内容还在，请再点“提交”` });
        return;
      }
      const marks = this.data.members.map((m) => ({ personId: m.personId, status: m.status as MemberStatus }));
      const common = { marks, companions: companionsOf(this.data.companions), photoFileIds: up.photos.map((p) => p.fileID), findings: this.data.findings.trim(), remarks: this.data.remarks.trim() };
      const { editId, villageId, date, today } = this.data;
      const a = editId
        ? await call('inspection.amend', { id: editId, reason: this.data.reason.trim(), ...common })
        : await call('inspection.record', { clientId: s.clientId, villageId, ...(date !== today ? { date } : {}), location: this.data.location, ...common });
      if (s.gone) return;
      if (!a.ok) {
        const message = a.code === 'network' ? `${a.message}。填写的内容还在，请再点“提交”` : errorText(a, FIELD_LABELS);
        const byField: Partial<Record<Field, string>> = {};
        if (/标记|驻村干部|请假/.test(a.message)) byField.marks = a.message;
        if (/照片/.test(a.message)) {
          byField.photos = a.message;
          this.setData({ photos: [] });
        }
        this.setData({ submitting: false, errors: { ...NO_ERRORS, ...byField }, formError: message });
        wx.showToast({ title: a.message, icon: 'none', duration: 3000 });
        return;
      }
      s.clientId = newClientId();
      this.setData({ submitting: false });
      wx.showToast({ title: editId ? '已更正' : '已提交', icon: 'success', duration: 1500 });
      replace(withQuery(INSPECTION_ROUTES.detail, { id: a.data.id }));
    },

    onOpenRecent(e: WechatMiniprogram.TouchEvent): void {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (id) wx.navigateTo({ url: withQuery(INSPECTION_ROUTES.detail, { id }) });
    },

    onRetry(): void {
      if (this.data.status === 'error') void this.load('');
      else if (this.data.villageId) void this.loadTeam();
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
