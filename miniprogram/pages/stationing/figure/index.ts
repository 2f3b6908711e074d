/**
 * 驻点情况 (`?unitId=&week=&tab=`), for organisation staff: a week of a township, county or city.
 * 驻点日到岗 (`stationing.figure`): the villages with a team, teams present on their township's
 * stationing day (a member checked in inside the fence with photos), teams absent and who, by
 * child unit, each township's day; a tap on a team shows its photos (`stationing.team`).
 * 住夜 (`stationing.nights`): the stationed cadres, how many met the week's nights, are short or
 * may still make it, by child unit, and the shortfall list (who, nights had, required). A unit
 * picker (the caller's units down to townships), 上一周 / 下一周 / 回到本周.
 */
import { call } from '../../../api/index';
import { errorText } from '../../../utils/answer';
import { beijingToday, phoneNow } from '../../../utils/day';
import { queryValue } from '../../../utils/nav';
import { fillUnitPicker, openOnUnit, pickUnit, unitPageData } from '../../../utils/staff-page';
import { FIELD_LABELS, namesText, TEAM_STATUS_NAMES, weekOfDay, weekStep } from '../stationing';
import type { Figure, NightRow, Nights, TeamStatus } from '../stationing';

type Tab = 'teams' | 'nights';
type Part = 'loading' | 'ok' | 'refused' | 'error';

interface TeamItem {
  villageId: string;
  title: string;
  status: TeamStatus;
  statusName: string;
  bad: boolean;
  present: string;
  absent: string;
  onLeave: string;
}

interface UnitRow {
  id: string;
  name: string;
  line: string;
}

interface TownDay {
  id: string;
  name: string;
  line: string;
}

interface ShortItem {
  personId: string;
  name: string;
  line: string;
  detail: string;
  open: boolean;
}

interface OpenTeam {
  villageId: string;
  loading: boolean;
  error: string;
  records: { id: string; line: string; urls: string[] }[];
}

interface State {
  seq: number;
}
const states = new WeakMap<object, State>();
function stateOf(page: object): State {
  let s = states.get(page);
  if (!s) states.set(page, (s = { seq: 0 }));
  return s;
}

const WEEK = /^\d{4}-W\d{2}$/;

function teamItem(t: Figure['teams'][number], level: string): TeamItem {
  return {
    villageId: t.villageId,
    title: level === 'township' ? t.villageName : `${t.townshipName} / ${t.villageName}`,
    status: t.status,
    statusName: t.ongoing ? '尚未签到（今天是驻点日）' : TEAM_STATUS_NAMES[t.status],
    bad: t.status === 'absent',
    present: t.present.length ? `已到：${namesText(t.present)}` : '',
    absent: t.absent.length ? `未到：${namesText(t.absent)}` : '',
    onLeave: t.onLeave.length ? `请假：${namesText(t.onLeave)}` : '',
  };
}

function townDay(t: Figure['townships'][number]): TownDay {
  const moved = t.day?.moved ? `（${t.day.fixedLabel}是节假日，顺延）` : '';
  const line = !t.weekday ? '未设定驻点日' : !t.day ? `每${t.weekdayName} · 本周遇节假日，无驻点日` : `每${t.weekdayName} · 本周 ${t.day.label}${moved}${t.state === 'today' ? ' · 今天' : t.state === 'upcoming' ? ' · 未到' : ''}`;
  return { id: t.id, name: t.name, line };
}

function shortItem(r: NightRow): ShortItem {
  return {
    personId: r.personId,
    name: `${r.name}（${r.kindName}）`,
    line: `已住 ${r.nights} 晚 / 需 ${r.required} 晚`,
    detail: `${r.villageName}${r.leaveDays ? ` · 请假 ${r.leaveDays} 天` : ''}${r.status === 'open' ? ' · 本周还可补足' : ''}`,
    open: r.status === 'open',
  };
}

Component({
  data: {
    ...unitPageData(),
    level: '',
    tab: 'teams' as Tab,
    /** The week asked for ('' : this week, as the server counts it) and the one shown. */
    week: '',
    weekLabel: '',
    monday: '',
    isCurrent: true,
    isFuture: false,

    teamsStatus: 'loading' as Part,
    teamsError: '',
    teamsSummary: '',
    membersSummary: '',
    teamRows: [] as UnitRow[],
    townDays: [] as TownDay[],
    teams: [] as TeamItem[],
    teamsMore: '',
    openTeam: null as OpenTeam | null,

    nightsStatus: 'loading' as Part,
    nightsError: '',
    nightsSummary: '',
    nightsNote: '',
    nightRows: [] as UnitRow[],
    shortfall: [] as ShortItem[],
    shortMore: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const week = queryValue(query, 'week');
      this.setData({ week: WEEK.test(week) ? week : '', tab: queryValue(query, 'tab') === 'nights' ? 'nights' : 'teams' });
      void this.load(queryValue(query, 'unitId'));
    },

    async load(unitId: string): Promise<void> {
      const roots = await openOnUnit(this, unitId, (role) => ({ level: role?.level ?? '' }));
      if (!roots) return;
      await Promise.all([this.loadWeek(), this.fillPicker(roots)]);
    },

    /** The picker: the caller's units down to townships (a figure is of a township or above). */
    async fillPicker(roots: Parameters<typeof fillUnitPicker>[1]): Promise<void> {
      if (!(await fillUnitPicker(this, roots))) return;
      // The unit shown stays (one of the link outside the caller's own comes as a placeholder).
      const units = this.data.units.filter((u) => u.level !== 'village' || u.id === this.data.unitId);
      this.setData({ units, unitLabels: units.map((u) => u.label), unitIndex: Math.max(0, units.findIndex((u) => u.id === this.data.unitId)) });
    },

    async loadWeek(): Promise<void> {
      const s = stateOf(this);
      const seq = ++s.seq;
      const { unitId, week } = this.data;
      const input = { unitId, ...(week ? { week } : {}) };
      this.setData({ teamsStatus: 'loading', teamsError: '', nightsStatus: 'loading', nightsError: '', openTeam: null });
      const [f, n] = await Promise.all([call('stationing.figure', input), call('stationing.nights', input)]);
      if (seq !== s.seq) return;
      if (f.ok) this.showTeams(f.data);
      else this.setData({ teamsStatus: f.code === 'forbidden' ? 'refused' : 'error', teamsError: errorText(f, FIELD_LABELS) });
      if (n.ok) this.showNights(n.data);
      else this.setData({ nightsStatus: n.code === 'forbidden' ? 'refused' : 'error', nightsError: errorText(n, FIELD_LABELS) });
      const w = f.ok ? f.data.week : n.ok ? n.data.week : null;
      const unit = f.ok ? f.data.unit : n.ok ? n.data.unit : null;
      if (w) this.setData({ week: w.week, weekLabel: w.label, monday: w.start, isCurrent: w.current, isFuture: !w.current && !w.past });
      if (unit) this.setData({ level: unit.level, ...(this.data.unitName ? {} : { unitName: unit.name }) });
    },

    showTeams(d: Figure): void {
      const t = d.totals;
      const due = t.present + t.absent;
      const parts = [t.excused ? `全员请假 ${t.excused} 个` : '', t.upcoming ? `驻点日未到 ${t.upcoming} 个` : '', t.noDay ? `本周无驻点日 ${t.noDay} 个` : '', t.unset ? `未设定驻点日 ${t.unset} 个` : ''].filter(Boolean);
      this.setData({
        teamsStatus: 'ok',
        teamsSummary: `${t.teams} 个村有驻点团队，到岗 ${t.present} / ${due} 个`,
        membersSummary: `队员到岗 ${t.membersPresent} 人，未到 ${t.membersAbsent} 人${t.membersOnLeave ? `，请假 ${t.membersOnLeave} 人` : ''}${parts.length ? `；${parts.join('，')}` : ''}`,
        teamRows: d.rows.map((r) => ({ id: r.id, name: r.name, line: `到岗 ${r.present} / ${r.present + r.absent} 个团队${r.upcoming ? `，未到驻点日 ${r.upcoming}` : ''}${r.noDay ? `，无驻点日 ${r.noDay}` : ''}${r.unset ? `，未设定 ${r.unset}` : ''}` })),
        townDays: d.townships.map(townDay),
        teams: d.teams.map((x) => teamItem(x, d.unit.level)),
        teamsMore: d.teamsTotal > d.teamsListed ? `只列出前 ${d.teamsListed} 个，共 ${d.teamsTotal} 个团队` : '',
      });
    },

    showNights(d: Nights): void {
      const t = d.totals;
      const measured = t.cadres - t.unmeasured;
      this.setData({
        nightsStatus: 'ok',
        nightsSummary: `住夜达标 ${t.met} / ${measured} 人，未达标 ${t.short} 人${t.open ? `，尚可补足 ${t.open} 人` : ''}`,
        nightsNote: [d.week.workdays.length ? `本周 ${d.week.workdays.length} 个工作日` : '本周没有工作日，不要求住夜', t.unmeasured ? `${t.unmeasured} 人所在县（区）未设置夜间签到，不统计` : ''].filter(Boolean).join('；'),
        nightRows: d.rows.map((r) => ({ id: r.id, name: r.name, line: `达标 ${r.met} / ${r.cadres - r.unmeasured} 人，未达标 ${r.short} 人${r.open ? `，尚可补足 ${r.open}` : ''}` })),
        shortfall: d.shortfall.map(shortItem),
        shortMore: d.shortfallTotal > d.shortfall.length ? `只列出前 ${d.shortfall.length} 人，共 ${d.shortfallTotal} 人` : '',
      });
    },

    onTab(e: WechatMiniprogram.TouchEvent): void {
      const tab = String(e.currentTarget.dataset.tab ?? '');
      if (tab === 'teams' || tab === 'nights') this.setData({ tab });
    },

    onPickUnit(e: WechatMiniprogram.PickerChange): void {
      if (pickUnit(this, e.detail.value, (u) => ({ level: u.level }))) void this.loadWeek();
    },

    showWeek(week: string): void {
      if (!week || week === this.data.week || this.data.teamsStatus === 'loading') return;
      this.setData({ week });
      void this.loadWeek();
    },

    onPrevWeek(): void {
      if (this.data.monday) this.showWeek(weekStep(this.data.monday, -1));
    },

    onNextWeek(): void {
      if (this.data.monday && !this.data.isFuture) this.showWeek(weekStep(this.data.monday, 1));
    },

    onThisWeek(): void {
      this.showWeek(weekOfDay(beijingToday(phoneNow())));
    },

    /** A team's records and photos, under it; a second tap closes them. */
    async onTeam(e: WechatMiniprogram.TouchEvent): Promise<void> {
      const villageId = String(e.currentTarget.dataset.id ?? '');
      if (!villageId) return;
      if (this.data.openTeam?.villageId === villageId) {
        this.setData({ openTeam: null });
        return;
      }
      this.setData({ openTeam: { villageId, loading: true, error: '', records: [] } });
      const a = await call('stationing.team', { villageId, week: this.data.week });
      if (this.data.openTeam?.villageId !== villageId) return;
      if (!a.ok) {
        this.setData({ openTeam: { villageId, loading: false, error: errorText(a), records: [] } });
        return;
      }
      const records = a.data.records.map((r) => ({
        id: r.id,
        line: `${r.personName}（${r.kindName}） · ${r.date.slice(5)} · ${r.counted ? (r.inside === null ? '村未设范围' : '在村内') : '不在村内'} · ${r.photos} 张照片`,
        urls: r.photoUrls,
      }));
      this.setData({ openTeam: { villageId, loading: false, error: records.length ? '' : '本周还没有签到记录', records } });
    },

    onPreview(e: WechatMiniprogram.TouchEvent): void {
      const url = String(e.currentTarget.dataset.url ?? '');
      const all = (this.data.openTeam?.records ?? []).flatMap((r) => r.urls);
      if (url) wx.previewImage({ urls: all, current: url });
    },

    onRetry(): void {
      if (this.data.status === 'error') void this.load(this.data.unitId);
      else void this.loadWeek();
    },
  },
});
