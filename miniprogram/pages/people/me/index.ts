/**
 * "Me": who this WeChat is bound to — name, title, every role with its unit, the current
 * assignment (village, dispatching unit 派出单位, since when). Read only: the organisation
 * department keeps these.
 */
import { call } from '../../../api/index';
import { dayText } from '../../../utils/day';
import { go, ROUTES } from '../../../utils/nav';
import { roleLine } from '../../../utils/roles';

type Status = 'loading' | 'ok' | 'unbound' | 'error';

interface AssignmentView {
  kindName: string;
  village: string;
  dispatchingUnit: string;
  /** 2026年1月5日起, or 2026年1月5日至2026年12月31日. */
  period: string;
}

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    name: '',
    title: '',
    roles: [] as string[],
    assignment: null as AssignmentView | null,
  },

  lifetimes: {
    attached(): void {
      void this.load();
    },
  },

  methods: {
    async load(): Promise<void> {
      this.setData({ status: 'loading', error: '' });
      const me = await call('people.me');
      if (!me.ok) {
        this.setData(me.code === 'not_bound' ? { status: 'unbound' } : { status: 'error', error: me.message });
        return;
      }
      const a = me.data.assignment;
      this.setData({
        status: 'ok',
        name: me.data.name,
        title: me.data.title,
        roles: me.data.roles.map(roleLine),
        assignment: a ? { kindName: a.kindName, village: a.villageName || a.villageId, dispatchingUnit: a.dispatchingUnit, period: a.end ? `${dayText(a.start)}至${dayText(a.end)}` : `${dayText(a.start)}起` } : null,
      });
    },

    onRetry(): void {
      if (this.data.status !== 'loading') void this.load();
    },

    onBind(): void {
      go(ROUTES.bind);
    },
  },
});
