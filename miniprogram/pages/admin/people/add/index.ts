/**
 * Staff: add a person (people.add) — name, phone, title, the unit that administers them, and
 * optionally a role there. On success the person's detail page replaces this one, where the
 * next step (生成邀请码, or 派驻 for a cadre) is one tap away. `?unitId=` preselects the unit.
 */
import { call } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { queryValue, replace, ROUTES, withQuery } from '../../../../utils/nav';
import { browsableUnits, levelName } from '../../../../utils/org';
import type { UnitOption } from '../../../../utils/org';
import { GRANTABLE_ROLES, ROLE_NAMES, roleFitsLevel } from '../../../../utils/roles';
import type { Role } from '../../../../utils/roles';
import { staffRoles } from '../../../../utils/staff-page';

type Status = 'loading' | 'ok' | 'forbidden' | 'error';

const LABELS = { name: '姓名', phone: '手机号', title: '职务', orgUnitId: '所属单位', role: '角色' };

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    units: [] as UnitOption[],
    unitLabels: [] as string[],
    unitIndex: 0,
    /** The roles that fit the chosen unit's level; the first choice is none. */
    roles: [] as Role[],
    roleLabels: [] as string[],
    roleIndex: 0,
    name: '',
    phone: '',
    title: '',
    saving: false,
    formError: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      void this.start(queryValue(query, 'unitId'));
    },

    async start(unitId: string): Promise<void> {
      const roots = await staffRoles(this);
      if (!roots) return;
      const units = await browsableUnits(roots);
      if (!units.ok) {
        this.setData({ status: 'error', error: units.message });
        return;
      }
      const at = units.data.findIndex((u) => u.id === unitId);
      this.setData({ status: 'ok', units: units.data, unitLabels: units.data.map((u) => `${u.label} · ${levelName(u.level)}`) });
      this.chooseUnit(Math.max(0, at));
    },

    chooseUnit(index: number): void {
      const unit = this.data.units[index];
      const previous = this.data.roles[this.data.roleIndex - 1];
      const roles = unit ? GRANTABLE_ROLES.filter((r) => roleFitsLevel(r, unit.level)) : [];
      const keep = previous ? roles.indexOf(previous) : -1;
      this.setData({ unitIndex: index, roles, roleLabels: ['暂不设置', ...roles.map((r) => ROLE_NAMES[r])], roleIndex: keep + 1 });
    },

    onName(e: WechatMiniprogram.Input): void {
      this.setData({ name: e.detail.value });
    },

    onPhone(e: WechatMiniprogram.Input): void {
      this.setData({ phone: e.detail.value });
    },

    onTitle(e: WechatMiniprogram.Input): void {
      this.setData({ title: e.detail.value });
    },

    onPickUnit(e: WechatMiniprogram.PickerChange): void {
      this.chooseUnit(Number(e.detail.value));
    },

    onPickRole(e: WechatMiniprogram.PickerChange): void {
      this.setData({ roleIndex: Number(e.detail.value) });
    },

    async onSave(): Promise<void> {
      if (this.data.saving) return;
      const name = this.data.name.trim();
      const phone = this.data.phone.replace(/\s/g, '');
      const title = this.data.title.trim();
      const unit = this.data.units[this.data.unitIndex];
      const role = this.data.roles[this.data.roleIndex - 1];
      const problem =
        name.length < 2 || name.length > 20 ? '请填写姓名（2 到 20 个字）' : !/^1[3-9]\d{9}$/.test(phone) ? '请填写 11 位手机号码' : !unit ? '请选择所属单位' : '';
      if (problem) {
        this.setData({ formError: problem });
        return;
      }
      this.setData({ saving: true, formError: '' });
      // The contract types `role` as 'staff' only (the schema casts its enum); the server takes every role but cadre.
      const answer = await call('people.add', { name, phone, orgUnitId: unit!.id, ...(title ? { title } : {}), ...(role ? { role: role as 'staff' } : {}) });
      if (!answer.ok) {
        this.setData({ saving: false, formError: errorText(answer, LABELS) });
        return;
      }
      this.setData({ saving: false });
      replace(withQuery(ROUTES.personDetail, { id: answer.data.id }));
    },

    onRetry(): void {
      void this.start(this.data.units[this.data.unitIndex]?.id ?? '');
    },
  },
});
