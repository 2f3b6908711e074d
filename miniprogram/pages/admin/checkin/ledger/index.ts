/**
 * The location ledger (位置共享台账, issue 5 item 6) for organisation staff: a unit and a day
 * (`?unitId=&date=`), who checked in, when, where — on a `<map>`, green inside the village, red
 * outside, with the villages' fences — and each cadre's windows and flags. Filters: 全部 /
 * 未签到 / 不在范围 / 有风险提示. A cadre opens their month (`person`). The server records that
 * the caller looked at these cadres' locations; the cadres can see it.
 */
import { call } from '../../../../api/index';
import type { OutputOf } from '../../../../api/index';
import { flagText, placeText, WINDOW_STATUS_NAMES } from '../../../../utils/checkin';
import { beijingToday, clockText, dayText, phoneNow } from '../../../../utils/day';
import { go, queryValue, ROUTES, withQuery } from '../../../../utils/nav';
import type { MyRole } from '../../../../utils/org';
import { fillUnitPicker, openOnUnit, pickUnit, unitPageData } from '../../../../utils/staff-page';
import { emptyMap, mapOf } from '../map';
import type { MapView, MarkedCheckin } from '../map';

type Status = 'loading' | 'ok' | 'forbidden' | 'error';
type LedgerRow = OutputOf<'checkin.ledger'>['rows'][number];
type Filter = 'all' | 'absent' | 'outside' | 'flagged';

/** The county's check-in schedule (签到时段设置); staff of a county or a city set it. */

/** At most this many villages' fences are fetched for the map. */
const MAX_FENCES = 30;

const FILTERS: { key: Filter; label: string }[] = [
  { key: 'all', label: '全部' },
  { key: 'absent', label: '未签到' },
  { key: 'outside', label: '不在范围' },
  { key: 'flagged', label: '有风险提示' },
];

interface Row {
  personId: string;
  name: string;
  village: string;
  windows: { id: string; name: string; status: string; statusText: string }[];
  checkins: { id: string; time: string; place: string; inside: boolean; flags: string[]; reviewed: boolean }[];
  present: boolean;
  absent: boolean;
  outside: boolean;
  flagged: boolean;
}

function rowOf(r: LedgerRow, villageNames: Map<string, string>): Row {
  const checkins = [...r.checkins]
    .sort((a, b) => a.capturedAt.localeCompare(b.capturedAt))
    .map((c) => ({ id: c.id, time: clockText(c.capturedAt), place: placeText(c), inside: c.inside !== false, flags: c.flags.map(flagText), reviewed: !!c.review }));
  return {
    personId: r.personId,
    name: r.name,
    village: villageNames.get(r.villageId) ?? '',
    windows: r.windows.map((w) => ({ id: w.id, name: w.name, status: w.status, statusText: WINDOW_STATUS_NAMES[w.status] ?? w.status })),
    checkins,
    present: r.windows.some((w) => w.status === 'present'),
    // Not checked in yet in a window that is open, or not at all in one that closed.
    absent: r.windows.some((w) => w.status === 'missed' || w.status === 'open'),
    outside: r.windows.some((w) => w.status === 'outside') || r.checkins.some((c) => c.inside === false),
    flagged: r.checkins.some((c) => c.flags.length > 0 && !c.review),
  };
}

/** The units for the picker and the rows, kept outside `data` per page. */
const ledgers = new WeakMap<object, Row[]>();

Component({
  data: {
    ...unitPageData(),
    date: '',
    dateText: '',
    today: '',
    filters: FILTERS.map((f) => ({ ...f, count: 0 })),
    filter: 'all' as Filter,
    ledgerStatus: 'loading' as Status,
    ledgerError: '',
    rows: [] as Row[],
    summary: '',
    map: emptyMap() as MapView,
    /** A county or city staff member: they may open the county's check-in schedule. */
    canSchedule: false,
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const today = beijingToday(phoneNow());
      const date = /^\d{4}-\d{2}-\d{2}$/.test(queryValue(query, 'date')) ? queryValue(query, 'date') : today;
      this.setData({ today, date, dateText: dayText(date) });
      void this.load(queryValue(query, 'unitId'));
    },

    async load(unitId: string): Promise<void> {
      const roots = await openOnUnit(this, unitId, (_role, roles) => ({ canSchedule: roles.some((r) => r.level === 'county' || r.level === 'city') }));
      // The ledger first; the picker's units (a walk down the tree) alongside.
      if (roots) await Promise.all([this.loadLedger(), this.loadUnits(roots)]);
    },

    async loadUnits(roots: readonly MyRole[]): Promise<void> {
      if (await fillUnitPicker(this, roots, { keepLinked: false })) this.showRows();
    },

    async loadLedger(): Promise<void> {
      const { unitId, date } = this.data;
      this.setData({ ledgerStatus: 'loading', ledgerError: '' });
      const a = await call('checkin.ledger', { unitId, date });
      if (unitId !== this.data.unitId || date !== this.data.date) return;
      if (!a.ok) {
        this.setData({ ledgerStatus: a.code === 'forbidden' ? 'forbidden' : 'error', ledgerError: a.message, rows: [], map: emptyMap() });
        return;
      }
      const rows = a.data.rows;
      const villageIds = [...new Set(rows.map((r) => r.villageId))];
      // The villages' names and fences (one call each, for a township's handful of villages).
      const villages = await Promise.all(villageIds.slice(0, MAX_FENCES).map((id) => call('org.getUnit', { id })));
      if (unitId !== this.data.unitId || date !== this.data.date) return;
      const known = villages.flatMap((v) => (v.ok ? [v.data] : []));
      const names = new Map<string, string>([...this.data.units.map((u) => [u.id, u.name] as [string, string]), ...known.map((u) => [u.id, u.name] as [string, string])]);
      ledgers.set(this, rows.map((r) => rowOf(r, names)));
      const marked: MarkedCheckin[] = rows.flatMap((r) => r.checkins.map((c) => ({ lat: c.lat, lng: c.lng, inside: c.inside, distanceM: c.distanceM, capturedAt: c.capturedAt, name: r.name })));
      let fallback = null;
      if (!marked.length && !known.length) {
        const unit = await call('org.getUnit', { id: unitId });
        fallback = unit.ok ? unit.data.center : null;
      }
      this.setData({ ledgerStatus: 'ok', map: mapOf(marked, known, fallback) });
      this.showRows();
    },

    /** Apply the filter, count each one, and say it in one line. */
    showRows(): void {
      const all = ledgers.get(this) ?? [];
      const count: Record<Filter, number> = {
        all: all.length,
        absent: all.filter((r) => r.absent).length,
        outside: all.filter((r) => r.outside).length,
        flagged: all.filter((r) => r.flagged).length,
      };
      const f = this.data.filter;
      const rows = f === 'all' ? all : all.filter((r) => r[f]);
      const present = all.filter((r) => r.present).length;
      this.setData({
        rows,
        filters: FILTERS.map((x) => ({ ...x, count: count[x.key] })),
        summary: `共 ${all.length} 名驻村干部：已签到 ${present} 人，未签到 ${count.absent} 人，不在范围 ${count.outside} 人，有风险提示 ${count.flagged} 人`,
      });
    },

    onFilter(e: WechatMiniprogram.TouchEvent): void {
      const key = String(e.currentTarget.dataset.key ?? 'all') as Filter;
      if (!FILTERS.some((f) => f.key === key)) return;
      this.setData({ filter: key });
      this.showRows();
    },

    onPickUnit(e: WechatMiniprogram.PickerChange): void {
      if (pickUnit(this, e.detail.value)) void this.loadLedger();
    },

    onPickDate(e: WechatMiniprogram.PickerChange): void {
      const date = String(e.detail.value);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || date === this.data.date) return;
      this.setData({ date, dateText: dayText(date) });
      void this.loadLedger();
    },

    onOpenPerson(e: WechatMiniprogram.TouchEvent): void {
      const personId = String(e.currentTarget.dataset.id ?? '');
      const row = this.data.rows.find((r) => r.personId === personId);
      if (row) go(withQuery(ROUTES.checkinPerson, { personId, month: this.data.date.slice(0, 7), name: row.name }));
    },

    onCorrections(): void {
      go(withQuery(ROUTES.corrections, { unitId: this.data.unitId }));
    },

    /** The spot checks (约请) of the ledger's unit. */
    onSpotChecks(): void {
      go(withQuery(ROUTES.spotCheckBoard, { unitId: this.data.unitId }));
    },

    onSchedule(): void {
      const unit = this.data.units.find((u) => u.id === this.data.unitId);
      go(withQuery(ROUTES.schedule, { countyId: unit?.level === 'county' ? unit.id : '' }));
    },

    onRetry(): void {
      if (this.data.status === 'error') void this.load(this.data.unitId);
      else void this.loadLedger();
    },
  },
});
