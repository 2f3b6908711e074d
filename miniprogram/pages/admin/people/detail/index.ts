/**
 * Staff: one person (`?id=`) — their details, roles and assignment — and what staff do for
 * them: 生成邀请码 (shown very large, with its validity and the QR text), 解除绑定 (with a
 * reason), 授予角色 / 撤销角色, 派驻 / 结束派驻. Each action opens one panel on this page and,
 * once done, the person is read again.
 */
import { call } from '../../../../api/index';
import type { Answer, OutputOf } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { beijingTime, beijingToday, dayText } from '../../../../utils/day';
import { queryValue } from '../../../../utils/nav';
import { browsableUnits, departmentId } from '../../../../utils/org';
import type { UnitOption } from '../../../../utils/org';
import { CADRE_KIND_NAMES, CADRE_KINDS, GRANTABLE_ROLES, ROLE_NAMES, roleFitsLevel, roleTitle } from '../../../../utils/roles';
import type { Role } from '../../../../utils/roles';

type Status = 'loading' | 'ok' | 'error';
type Panel = '' | 'unbind' | 'grant' | 'revoke' | 'assign' | 'end';
type Person = OutputOf<'people.get'>;

interface GrantRow {
  role: Role;
  orgUnitId: string;
  label: string;
  /** A cadre's grant comes and goes with the assignment (派驻 / 结束派驻). */
  revocable: boolean;
}

const VALID_DAYS = [3, 7, 15, 30];
const LABELS = { reason: '原因', role: '角色', orgUnitId: '单位', department: '职能部门', specialty: '专长', villageId: '派驻村', dispatchingUnit: '派出单位', start: '开始日期', end: '结束日期', validDays: '有效期' };

/** Names of units, one org.getUnit each (a person has few); an unreadable one keeps its id. */
async function unitNames(ids: string[]): Promise<Map<string, string>> {
  const unique = ids.filter((id, i) => id && ids.indexOf(id) === i);
  const answers = await Promise.all(unique.map((id) => call('org.getUnit', { id })));
  return new Map(unique.map((id, i) => {
    const a = answers[i]!;
    return [id, a.ok ? a.data.name : id];
  }));
}

/** The units the page's pickers offer, once per page. */
const unitCache = new WeakMap<object, UnitOption[]>();

Component({
  data: {
    id: '',
    status: 'loading' as Status,
    error: '',
    name: '',
    phone: '',
    title: '',
    unitName: '',
    homeUnitId: '',
    bound: false,
    active: true,
    grants: [] as GrantRow[],
    assignment: null as null | { id: string; kindName: string; village: string; dispatchingUnit: string; period: string },

    panel: '' as Panel,
    busy: false,
    notice: '',
    actionError: '',

    validLabels: VALID_DAYS.map((d) => `${d} 天`),
    validIndex: 1,
    invite: null as null | { code: string; expires: string; qrText: string },

    reason: '',

    unitsStatus: 'idle' as 'idle' | 'loading' | 'ok' | 'error',
    unitsError: '',
    grantRoleLabels: GRANTABLE_ROLES.map((r) => ROLE_NAMES[r]),
    grantRoleIndex: 0,
    grantRole: GRANTABLE_ROLES[0] as Role,
    grantUnits: [] as UnitOption[],
    grantUnitLabels: [] as string[],
    grantUnitIndex: 0,
    department: '',
    specialty: '',

    revoke: null as null | { role: Role; orgUnitId: string; label: string },

    villages: [] as UnitOption[],
    villageLabels: [] as string[],
    villageIndex: 0,
    kindLabels: CADRE_KINDS.map((k) => CADRE_KIND_NAMES[k]),
    kindIndex: 0,
    dispatchingUnit: '',
    start: '',
    end: '',

    endDay: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const id = queryValue(query, 'id');
      if (!id) {
        this.setData({ status: 'error', error: '没有指定人员，请从人员列表进入' });
        return;
      }
      this.setData({ id });
      void this.load();
    },

    async load(): Promise<void> {
      const answer = await call('people.get', { id: this.data.id });
      if (!answer.ok) {
        this.setData({ status: 'error', error: answer.message });
        return;
      }
      await this.show(answer.data);
    },

    async show(p: Person): Promise<void> {
      const names = await unitNames([p.orgUnitId, ...p.grants.map((g) => g.orgUnitId), ...(p.assignment ? [p.assignment.villageId] : [])]);
      const a = p.assignment;
      this.setData({
        status: 'ok',
        name: p.name,
        phone: p.phone,
        title: p.title,
        unitName: names.get(p.orgUnitId) ?? p.orgUnitId,
        homeUnitId: p.orgUnitId,
        bound: p.bound,
        active: p.active,
        grants: p.grants.map((g) => ({
          role: g.role,
          orgUnitId: g.orgUnitId,
          label: `${roleTitle(g)} · ${names.get(g.orgUnitId) ?? g.orgUnitId}${g.department ? `（${g.department.name}）` : ''}`,
          revocable: g.role !== 'cadre',
        })),
        assignment: a && a.active ? { id: a.id, kindName: a.kindName, village: names.get(a.villageId) ?? a.villageId, dispatchingUnit: a.dispatchingUnit, period: a.end ? `${dayText(a.start)}至${dayText(a.end)}` : `${dayText(a.start)}起` } : null,
      });
    },

    onRetry(): void {
      this.setData({ status: 'loading', error: '' });
      void this.load();
    },

    /** Run one action; on success read the person again and say what was done. */
    async act(run: () => Promise<Answer<unknown>>, done: string): Promise<boolean> {
      if (this.data.busy) return false;
      this.setData({ busy: true, actionError: '', notice: '' });
      const answer = await run();
      if (!answer.ok) {
        this.setData({ busy: false, actionError: errorText(answer, LABELS) });
        return false;
      }
      await this.load();
      this.setData({ busy: false, panel: '', notice: done });
      return true;
    },

    onClosePanel(): void {
      this.setData({ panel: '', actionError: '' });
    },

    onPhone(): void {
      if (this.data.phone) wx.makePhoneCall({ phoneNumber: this.data.phone });
    },

    // ── Invitation ──────────────────────────────────────────────────────────────────────────
    onPickValid(e: WechatMiniprogram.PickerChange): void {
      this.setData({ validIndex: Number(e.detail.value) });
    },

    async onInvite(): Promise<void> {
      if (this.data.busy) return;
      this.setData({ busy: true, actionError: '', notice: '', panel: '' });
      const answer = await call('people.createInvite', { personId: this.data.id, validDays: VALID_DAYS[this.data.validIndex] ?? 7 });
      if (!answer.ok) {
        this.setData({ busy: false, actionError: errorText(answer, LABELS) });
        return;
      }
      this.setData({ busy: false, invite: { code: answer.data.code, expires: beijingTime(answer.data.expiresAt), qrText: answer.data.qrText } });
    },

    onCopyQr(): void {
      if (this.data.invite) wx.setClipboardData({ data: this.data.invite.qrText });
    },

    // ── Binding ─────────────────────────────────────────────────────────────────────────────
    onOpenUnbind(): void {
      this.setData({ panel: 'unbind', reason: '', actionError: '', notice: '' });
    },

    onReason(e: WechatMiniprogram.Input): void {
      this.setData({ reason: e.detail.value });
    },

    async onUnbind(): Promise<void> {
      const reason = this.data.reason.trim();
      if (reason.length < 2) {
        this.setData({ actionError: '请写明解除绑定的原因（至少 2 个字），例如“换了新手机”' });
        return;
      }
      const ok = await this.act(() => call('people.resetBinding', { personId: this.data.id, reason }), '已解除绑定，可以重新生成邀请码');
      if (ok) this.setData({ invite: null });
    },

    // ── Roles ───────────────────────────────────────────────────────────────────────────────
    /** The units under the staff member's own units, for the pickers (loaded on first use). */
    async ensureUnits(): Promise<UnitOption[] | null> {
      const cached = unitCache.get(this);
      if (cached) return cached;
      this.setData({ unitsStatus: 'loading', unitsError: '' });
      const me = await call('people.me');
      if (!me.ok) {
        this.setData({ unitsStatus: 'error', unitsError: me.message });
        return null;
      }
      const units = await browsableUnits(me.data.roles.filter((r) => r.role === 'staff'));
      if (!units.ok) {
        this.setData({ unitsStatus: 'error', unitsError: units.message });
        return null;
      }
      unitCache.set(this, units.data);
      this.setData({ unitsStatus: 'ok' });
      return units.data;
    },

    async onOpenGrant(): Promise<void> {
      this.setData({ panel: 'grant', actionError: '', notice: '', department: '', specialty: '' });
      if (await this.ensureUnits()) this.fitGrantUnits(this.data.grantRoleIndex);
    },

    /** Offer the units where the chosen role may be held; start at the person's own unit. */
    fitGrantUnits(roleIndex: number): void {
      const role = GRANTABLE_ROLES[roleIndex]!;
      const grantUnits = (unitCache.get(this) ?? []).filter((u) => roleFitsLevel(role, u.level));
      const current = this.data.grantUnits[this.data.grantUnitIndex]?.id;
      const at = [current, this.data.homeUnitId].map((id) => grantUnits.findIndex((u) => u.id === id)).find((i) => i >= 0);
      this.setData({ grantRoleIndex: roleIndex, grantRole: role, grantUnits, grantUnitLabels: grantUnits.map((u) => u.label), grantUnitIndex: at ?? 0 });
    },

    onPickGrantRole(e: WechatMiniprogram.PickerChange): void {
      this.fitGrantUnits(Number(e.detail.value));
    },

    onPickGrantUnit(e: WechatMiniprogram.PickerChange): void {
      this.setData({ grantUnitIndex: Number(e.detail.value) });
    },

    onDepartment(e: WechatMiniprogram.Input): void {
      this.setData({ department: e.detail.value });
    },

    onSpecialty(e: WechatMiniprogram.Input): void {
      this.setData({ specialty: e.detail.value });
    },

    async onGrant(): Promise<void> {
      const role = GRANTABLE_ROLES[this.data.grantRoleIndex]!;
      const unit = this.data.grantUnits[this.data.grantUnitIndex];
      if (!unit) {
        this.setData({ actionError: `您的辖区里没有可以设“${ROLE_NAMES[role]}”的单位` });
        return;
      }
      const department = this.data.department.trim();
      if (role === 'department' && !department) {
        this.setData({ actionError: '请填写职能部门的名称，例如“花垣县农业农村局”' });
        return;
      }
      const specialty = this.data.specialty.trim();
      await this.act(
        () =>
          call('people.grantRole', {
            personId: this.data.id,
            role,
            orgUnitId: unit.id,
            ...(role === 'department' ? { department: { id: departmentId(unit.id, department), name: department } } : {}),
            ...(role === 'tutor' && specialty ? { specialty } : {}),
          }),
        `已授予“${ROLE_NAMES[role]} · ${unit.name}”`,
      );
    },

    onOpenRevoke(e: WechatMiniprogram.TouchEvent): void {
      const g = this.data.grants[Number(e.currentTarget.dataset.index)];
      if (!g || !g.revocable) return;
      this.setData({ panel: 'revoke', revoke: { role: g.role, orgUnitId: g.orgUnitId, label: g.label }, actionError: '', notice: '' });
    },

    async onRevoke(): Promise<void> {
      const r = this.data.revoke;
      if (!r) return;
      await this.act(() => call('people.revokeRole', { personId: this.data.id, role: r.role, orgUnitId: r.orgUnitId }), `已撤销“${r.label}”`);
    },

    // ── Assignment ──────────────────────────────────────────────────────────────────────────
    async onOpenAssign(): Promise<void> {
      this.setData({ panel: 'assign', actionError: '', notice: '', dispatchingUnit: '', start: beijingToday(), end: '' });
      const units = await this.ensureUnits();
      if (!units) return;
      const villages = units.filter((u) => u.level === 'village');
      const home = villages.findIndex((u) => u.id === this.data.homeUnitId);
      this.setData({ villages, villageLabels: villages.map((u) => u.label), villageIndex: Math.max(0, home) });
    },

    onPickVillage(e: WechatMiniprogram.PickerChange): void {
      this.setData({ villageIndex: Number(e.detail.value) });
    },

    onPickKind(e: WechatMiniprogram.PickerChange): void {
      this.setData({ kindIndex: Number(e.detail.value) });
    },

    onDispatching(e: WechatMiniprogram.Input): void {
      this.setData({ dispatchingUnit: e.detail.value });
    },

    onPickStart(e: WechatMiniprogram.PickerChange): void {
      this.setData({ start: String(e.detail.value) });
    },

    onPickEnd(e: WechatMiniprogram.PickerChange): void {
      this.setData({ end: String(e.detail.value) });
    },

    onClearEnd(): void {
      this.setData({ end: '' });
    },

    async onAssign(): Promise<void> {
      const village = this.data.villages[this.data.villageIndex];
      if (!village) {
        this.setData({ actionError: '您的辖区里没有可以派驻的村（社区）' });
        return;
      }
      const dispatchingUnit = this.data.dispatchingUnit.trim();
      if (dispatchingUnit.length < 2) {
        this.setData({ actionError: '请填写派出单位，例如“湘西州财政局”' });
        return;
      }
      const kind = CADRE_KINDS[this.data.kindIndex]!;
      const { start, end } = this.data;
      await this.act(
        () => call('people.startAssignment', { personId: this.data.id, villageId: village.id, kind, dispatchingUnit, start, ...(end ? { end } : {}) }),
        `已派驻到${village.name}`,
      );
    },

    onOpenEnd(): void {
      this.setData({ panel: 'end', endDay: beijingToday(), actionError: '', notice: '' });
    },

    onPickEndDay(e: WechatMiniprogram.PickerChange): void {
      this.setData({ endDay: String(e.detail.value) });
    },

    async onEndAssignment(): Promise<void> {
      const a = this.data.assignment;
      if (!a) return;
      await this.act(() => call('people.endAssignment', { assignmentId: a.id, end: this.data.endDay }), `已结束在${a.village}的派驻`);
    },
  },
});
