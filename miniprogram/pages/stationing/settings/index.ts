/**
 * 驻点日设置 (`?unitId=`), for organisation staff: a township's weekly stationing day (驻点日,
 * Monday to Friday; a holiday moves it to the next working day of the week) and its county's
 * nights a week at the workplace (住夜, default 3). Staff of the township or above set the day
 * (`stationing.setDay`); staff of the county or above the nights (`stationing.setNights`); a
 * township's staff see the county's nights. A county shows its townships' days (a tap opens one).
 */
import { call } from '../../../api/index';
import type { OutputOf } from '../../../api/index';
import { errorText } from '../../../utils/answer';
import { queryValue } from '../../../utils/nav';
import { fillUnitPicker, openOnUnit, pickUnit, unitPageData } from '../../../utils/staff-page';
import { DEFAULT_NIGHTS, FIELD_LABELS, WEEKDAYS } from '../stationing';

type Settings = OutputOf<'stationing.getSettings'>;
type Part = 'loading' | 'ok' | 'refused' | 'error';

/** The day picker: 周一 … 周五, then none. */
const DAY_OPTIONS = [...WEEKDAYS.map((d) => ({ value: d.value as number | null, name: `每${d.name}` })), { value: null as number | null, name: '不设定驻点日' }];
/** The nights picker: 0 … 7 nights, then back to the default. */
const NIGHT_OPTIONS = [...Array.from({ length: 8 }, (_, i) => ({ value: i as number | null, name: `每周不少于 ${i} 晚` })), { value: null as number | null, name: `恢复默认（${DEFAULT_NIGHTS} 晚）` }];

interface TownRow {
  id: string;
  name: string;
  line: string;
}

function thisWeekText(t: Settings['townships'][number]): string {
  if (!t.weekday) return '未设定驻点日';
  if (!t.thisWeek) return `每${t.weekdayName} · 本周遇节假日，无驻点日`;
  return `每${t.weekdayName} · 本周 ${t.thisWeek.label}${t.thisWeek.moved ? `（${t.thisWeek.fixedLabel}是节假日，顺延）` : ''}`;
}

Component({
  data: {
    ...unitPageData(),
    part: 'loading' as Part,
    partError: '',
    level: '',
    dayNames: DAY_OPTIONS.map((o) => o.name),
    dayIndex: 0,
    dayText: '',
    townRows: [] as TownRow[],
    countyId: '',
    countyName: '',
    nightNames: NIGHT_OPTIONS.map((o) => o.name),
    nightIndex: DEFAULT_NIGHTS,
    nightsText: '',
    canSetNights: false,
    saving: '',
    saveError: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      void this.load(queryValue(query, 'unitId'));
    },

    async load(unitId: string): Promise<void> {
      const roots = await openOnUnit(this, unitId);
      if (!roots) return;
      // Days are set on townships, nights on counties: the picker offers those two levels (and the
      // unit of the link, which the server decides on).
      if (await fillUnitPicker(this, roots)) {
        const units = this.data.units.filter((u) => u.level === 'township' || u.level === 'county' || (!!unitId && u.id === unitId));
        const i = units.findIndex((u) => u.id === this.data.unitId);
        const shown = units[Math.max(0, i)];
        this.setData({ units, unitLabels: units.map((u) => u.label), unitIndex: Math.max(0, i), ...(i < 0 && shown ? { unitId: shown.id, unitName: shown.name } : {}) });
      }
      await this.loadSettings();
    },

    async loadSettings(): Promise<void> {
      this.setData({ part: 'loading', partError: '', saveError: '' });
      const a = await call('stationing.getSettings', { unitId: this.data.unitId });
      if (!a.ok) {
        this.setData({ part: a.code === 'forbidden' ? 'refused' : 'error', partError: errorText(a, FIELD_LABELS) });
        return;
      }
      this.show(a.data);
    },

    show(s: Settings): void {
      const nightIndex = s.county.isDefault ? NIGHT_OPTIONS.length - 1 : NIGHT_OPTIONS.findIndex((o) => o.value === s.county.nightsPerWeek);
      this.setData({
        part: 'ok',
        level: s.level,
        dayIndex: s.township?.weekday ? DAY_OPTIONS.findIndex((o) => o.value === s.township!.weekday) : DAY_OPTIONS.length - 1,
        dayText: s.township ? thisWeekText(s.township) : '',
        townRows: s.level === 'county' ? s.townships.map((t) => ({ id: t.id, name: t.name, line: thisWeekText(t) })) : [],
        countyId: s.county.id,
        countyName: s.county.name,
        nightIndex: Math.max(0, nightIndex),
        nightsText: `每周工作日在村住夜不少于 ${s.county.nightsPerWeek} 晚${s.county.isDefault ? '（默认）' : ''}`,
        canSetNights: s.canSetNights,
      });
    },

    onPickUnit(e: WechatMiniprogram.PickerChange): void {
      if (pickUnit(this, e.detail.value)) void this.loadSettings();
    },

    /** A county's township row: open that township. */
    onTown(e: WechatMiniprogram.TouchEvent): void {
      const i = this.data.units.findIndex((u) => u.id === String(e.currentTarget.dataset.id ?? ''));
      if (i >= 0 && pickUnit(this, i)) void this.loadSettings();
    },

    onPickDay(e: WechatMiniprogram.PickerChange): void {
      this.setData({ dayIndex: Number(e.detail.value), saveError: '' });
    },

    onPickNights(e: WechatMiniprogram.PickerChange): void {
      this.setData({ nightIndex: Number(e.detail.value), saveError: '' });
    },

    async onSaveDay(): Promise<void> {
      if (this.data.saving || this.data.level !== 'township') return;
      const weekday = DAY_OPTIONS[this.data.dayIndex]?.value ?? null;
      this.setData({ saving: 'day', saveError: '' });
      const a = await call('stationing.setDay', { townshipId: this.data.unitId, weekday });
      this.setData({ saving: '' });
      if (!a.ok) {
        this.setData({ saveError: errorText(a, FIELD_LABELS) });
        return;
      }
      this.show(a.data);
      wx.showToast({ title: '驻点日已保存', icon: 'success', duration: 1500 });
    },

    async onSaveNights(): Promise<void> {
      if (this.data.saving || !this.data.canSetNights) return;
      const nightsPerWeek = NIGHT_OPTIONS[this.data.nightIndex]?.value ?? null;
      this.setData({ saving: 'nights', saveError: '' });
      // A township's page sets its county's nights.
      const a = await call('stationing.setNights', { countyId: this.data.countyId, nightsPerWeek });
      this.setData({ saving: '' });
      if (!a.ok) {
        this.setData({ saveError: errorText(a, FIELD_LABELS) });
        return;
      }
      this.setData({ nightsText: `每周工作日在村住夜不少于 ${a.data.county.nightsPerWeek} 晚${a.data.county.isDefault ? '（默认）' : ''}`, nightIndex: a.data.county.isDefault ? NIGHT_OPTIONS.length - 1 : a.data.county.nightsPerWeek });
      wx.showToast({ title: '住夜要求已保存', icon: 'success', duration: 1500 });
    },

    onRetry(): void {
      if (this.data.status === 'error') void this.load(this.data.unitId);
      else void this.loadSettings();
    },
  },
});
