/**
 * Staff: the people under a unit (people.list) — by default the staff member's first staff
 * unit from people.me, or `?unitId=` — with a role filter, a name search, paging (加载更多),
 * and whether each person has bound their WeChat. Tap a person for the detail page.
 */
import { call } from '../../../../api/index';
import type { OutputOf } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { go, queryValue, ROUTES, withQuery } from '../../../../utils/nav';
import { ROLE_NAMES, ROLES, roleTitle } from '../../../../utils/roles';
import type { Role } from '../../../../utils/roles';

type Status = 'loading' | 'ok' | 'forbidden' | 'error';
type ListedPerson = OutputOf<'people.list'>['people'][number];

const PAGE_SIZE = 20;

interface Row {
  id: string;
  name: string;
  title: string;
  roles: string;
  bound: boolean;
  active: boolean;
}

interface UnitChoice {
  id: string;
  name: string;
}

/** The latest list request of each page instance: answers to older ones are dropped. */
const latest = new WeakMap<object, number>();

function row(p: ListedPerson): Row {
  const names = p.grants.map((g) => roleTitle(g));
  return { id: p.id, name: p.name, title: p.title, roles: names.filter((n, i) => names.indexOf(n) === i).join('、'), bound: p.bound, active: p.active };
}

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    unitId: '',
    unitName: '',
    /** The staff member's own units, to switch between. */
    units: [] as UnitChoice[],
    unitNames: [] as string[],
    unitIndex: 0,
    roleOptions: ['全部角色', ...ROLES.map((r) => ROLE_NAMES[r])],
    roleIndex: 0,
    /** What is typed in the search box, and what the list shows. */
    q: '',
    searched: '',
    people: [] as Row[],
    total: 0,
    listStatus: 'idle' as 'idle' | 'loading' | 'more',
    listError: '',
    /** Loaded once: onShow then refreshes (after adding or changing someone). */
    loaded: false,
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      void this.start(queryValue(query, 'unitId'));
    },

    onShow(): void {
      if (this.data.loaded && this.data.listStatus === 'idle') void this.loadPage(true);
    },

    async start(unitId: string): Promise<void> {
      this.setData({ status: 'loading', error: '' });
      const me = await call('people.me');
      if (!me.ok) {
        this.setData({ status: me.code === 'not_bound' ? 'forbidden' : 'error', error: me.message });
        return;
      }
      const units = me.data.roles.filter((r) => r.role === 'staff').map((r) => ({ id: r.orgUnitId, name: r.unitName || r.orgUnitId }));
      if (units.length === 0) {
        this.setData({ status: 'forbidden', error: '' });
        return;
      }
      const id = unitId || units[0]!.id;
      let name = units.find((u) => u.id === id)?.name ?? '';
      if (!name) {
        const unit = await call('org.getUnit', { id });
        if (!unit.ok) {
          this.setData({ status: 'error', error: unit.message });
          return;
        }
        name = unit.data.name;
      }
      const choices = units.some((u) => u.id === id) ? units : [{ id, name }, ...units];
      this.setData({ status: 'ok', unitId: id, unitName: name, units: choices, unitNames: choices.map((u) => u.name), unitIndex: choices.findIndex((u) => u.id === id) });
      await this.loadPage(true);
    },

    /** The first page again (`reset`), or the next one. */
    async loadPage(reset: boolean): Promise<void> {
      const seq = (latest.get(this) ?? 0) + 1;
      latest.set(this, seq);
      const { unitId, roleIndex, searched } = this.data;
      const skip = reset ? 0 : this.data.people.length;
      this.setData({ listStatus: reset ? 'loading' : 'more', listError: '' });
      const role: Role | undefined = roleIndex > 0 ? ROLES[roleIndex - 1] : undefined;
      const answer = await call('people.list', { unitId, skip, limit: PAGE_SIZE, ...(role ? { role } : {}), ...(searched ? { q: searched } : {}) });
      if (latest.get(this) !== seq) return;
      if (!answer.ok) {
        this.setData({ listStatus: 'idle', listError: errorText(answer, { q: '姓名' }) });
        return;
      }
      const rows = answer.data.people.map(row);
      this.setData({ listStatus: 'idle', loaded: true, total: answer.data.total, people: reset ? rows : [...this.data.people, ...rows] });
    },

    onPickUnit(e: WechatMiniprogram.PickerChange): void {
      const unit = this.data.units[Number(e.detail.value)];
      if (!unit || unit.id === this.data.unitId) return;
      this.setData({ unitId: unit.id, unitName: unit.name, unitIndex: Number(e.detail.value) });
      void this.loadPage(true);
    },

    onPickRole(e: WechatMiniprogram.PickerChange): void {
      this.setData({ roleIndex: Number(e.detail.value) });
      void this.loadPage(true);
    },

    onInput(e: WechatMiniprogram.Input): void {
      this.setData({ q: e.detail.value });
    },

    onSearch(): void {
      this.setData({ searched: this.data.q.trim().slice(0, 20) });
      void this.loadPage(true);
    },

    onClearSearch(): void {
      this.setData({ q: '', searched: '' });
      void this.loadPage(true);
    },

    onMore(): void {
      if (this.data.listStatus !== 'idle' || this.data.people.length >= this.data.total) return;
      void this.loadPage(false);
    },

    onRetry(): void {
      void this.start(this.data.unitId);
    },

    onOpen(e: WechatMiniprogram.TouchEvent): void {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (id) go(withQuery(ROUTES.personDetail, { id }));
    },

    onAdd(): void {
      go(withQuery(ROUTES.personAdd, { unitId: this.data.unitId }));
    },
  },
});
