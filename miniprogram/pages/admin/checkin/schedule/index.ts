/**
 * The check-in schedule of a county (签到时段设置) for organisation staff (`?countyId=`, else a
 * picker of the counties the caller's staff grants cover: their county, or the counties under
 * their city). Each window — name, start–end (`<picker mode="time">`), minutes of reminder
 * before it — can be edited, added (up to 6) and removed; so can the offline tolerance, the
 * monthly corrections (补卡) and how long raw fixes are kept. 保存 sends it all to
 * `checkin.setSchedule`, which judges it (overlaps, end after start, ranges) and answers in
 * Chinese. Working days follow the national calendar; the page only says so.
 */
import { call } from '../../../../api/index';
import type { ErrorAnswer, InputOf, OutputOf } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { queryValue } from '../../../../utils/nav';
import { openOnCounty, pickCounty } from '../../../../utils/staff-page';
import type { County } from '../../../../utils/org';

type Status = 'loading' | 'ok' | 'forbidden' | 'error';
type Schedule = OutputOf<'checkin.getSchedule'>;

/** server/features/checkin/schedule.ts: 1 to 6 windows, ids like `am`, `w3`. */
const MAX_WINDOWS = 6;
const WINDOW_ID = /^[a-z][a-z0-9]{0,15}$/;

/** A window as the form holds it: the numbers as typed. */
interface WindowForm {
  id: string;
  name: string;
  start: string;
  end: string;
  remind: string;
}

const NUMBER_LABELS = {
  lateUploadMaxMin: '离线补传时限',
  correctionsPerMonth: '每月补卡次数',
  retentionDays: '原始定位保留天数',
} as const;

function formOf(s: Schedule) {
  return {
    windows: s.windows.map((w): WindowForm => ({ id: w.id, name: w.name, start: w.start, end: w.end, remind: String(w.remindBeforeMin) })),
    lateUpload: String(s.lateUploadMaxMin),
    corrections: String(s.correctionsPerMonth),
    retention: String(s.retentionDays),
  };
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const hhmm = (min: number) => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;

/** A whole number as typed, or null. */
function whole(typed: string): number | null {
  const t = typed.trim();
  return /^\d{1,5}$/.test(t) ? Number(t) : null;
}

/** An id not yet taken: `w3` for the third window, or the next free one. */
function newWindowId(windows: readonly WindowForm[]): string {
  const taken = new Set(windows.map((w) => w.id));
  let n = windows.length + 1;
  while (taken.has(`w${n}`)) n++;
  return `w${n}`;
}

/** A new window an hour after the latest one closes, an hour long (the server judges what does not fit). */
function newWindow(windows: readonly WindowForm[]): WindowForm {
  const latest = windows.reduce((m, w) => Math.max(m, /^\d\d:\d\d$/.test(w.end) ? minutesOf(w.end) : 0), 0);
  const start = Math.min(latest + 60, 22 * 60);
  return { id: newWindowId(windows), name: `时段${windows.length + 1}`, start: hhmm(start), end: hhmm(start + 60), remind: '15' };
}

/** The server's message, its issues named by the window or the setting they are about. */
function scheduleError(a: ErrorAnswer, windows: readonly WindowForm[]): string {
  const labels: Record<string, string> = { ...NUMBER_LABELS };
  const issues = (a.issues ?? []).map((i) => {
    const path = i.path.replace(/^schedule\./, '');
    const m = /^windows\.(\d+)(?:\.(\w+))?/.exec(path);
    if (m) {
      const index = Number(m[1]);
      const name = windows[index]?.name.trim() || `第${index + 1}个时段`;
      const field = m[2] === 'remindBeforeMin' ? '提前提醒' : m[2] === 'name' ? '名称' : '';
      const key = `window${index}${field}`;
      labels[key] = `${name}${field}`;
      return { ...i, path: key };
    }
    return { ...i, path };
  });
  return errorText({ ...a, issues }, labels);
}


Component({
  data: {
    status: 'loading' as Status,
    error: '',
    counties: [] as County[],
    countyNames: [] as string[],
    countyIndex: 0,
    countyId: '',
    scheduleStatus: 'loading' as Status,
    scheduleError: '',
    windows: [] as WindowForm[],
    lateUpload: '',
    corrections: '',
    retention: '',
    maxWindows: MAX_WINDOWS,
    saving: false,
    saveError: '',
    notice: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      void this.load(queryValue(query, 'countyId'));
    },

    async load(countyId: string): Promise<void> {
      if (await openOnCounty(this, countyId, '签到时段按县（区）统一设置')) await this.loadSchedule();
    },

    async loadSchedule(): Promise<void> {
      const { countyId } = this.data;
      this.setData({ scheduleStatus: 'loading', scheduleError: '', saveError: '', notice: '' });
      const a = await call('checkin.getSchedule', { countyId });
      if (countyId !== this.data.countyId) return;
      if (!a.ok) {
        this.setData({ scheduleStatus: a.code === 'forbidden' ? 'forbidden' : 'error', scheduleError: a.message, windows: [] });
        return;
      }
      this.setData({ scheduleStatus: 'ok', ...formOf(a.data) });
    },

    onPickCounty(e: WechatMiniprogram.PickerChange): void {
      if (pickCounty(this, e.detail.value)) void this.loadSchedule();
    },

    /** One field of one window (`data-index`, `data-field`), and the last answer is no longer current. */
    setWindow(e: { currentTarget: { dataset: Record<string, unknown> } }, field: keyof WindowForm, value: string): void {
      const i = Number(e.currentTarget.dataset.index);
      if (!this.data.windows[i]) return;
      this.setData({ [`windows[${i}].${field}`]: value, saveError: '', notice: '' });
    },

    onName(e: WechatMiniprogram.Input): void {
      this.setWindow(e, 'name', e.detail.value);
    },

    onStart(e: WechatMiniprogram.PickerChange): void {
      this.setWindow(e, 'start', String(e.detail.value));
    },

    onEnd(e: WechatMiniprogram.PickerChange): void {
      this.setWindow(e, 'end', String(e.detail.value));
    },

    onRemind(e: WechatMiniprogram.Input): void {
      this.setWindow(e, 'remind', e.detail.value);
    },

    onAdd(): void {
      const { windows } = this.data;
      if (windows.length >= MAX_WINDOWS) return;
      this.setData({ windows: [...windows, newWindow(windows)], saveError: '', notice: '' });
    },

    onRemove(e: WechatMiniprogram.TouchEvent): void {
      const i = Number(e.currentTarget.dataset.index);
      const { windows } = this.data;
      if (!windows[i] || windows.length <= 1) return;
      this.setData({ windows: windows.filter((_, j) => j !== i), saveError: '', notice: '' });
    },

    onLateUpload(e: WechatMiniprogram.Input): void {
      this.setData({ lateUpload: e.detail.value, saveError: '', notice: '' });
    },

    onCorrections(e: WechatMiniprogram.Input): void {
      this.setData({ corrections: e.detail.value, saveError: '', notice: '' });
    },

    onRetention(e: WechatMiniprogram.Input): void {
      this.setData({ retention: e.detail.value, saveError: '', notice: '' });
    },

    /** The form as `checkin.setSchedule` takes it, or what to fix first (numbers that are not numbers). */
    scheduleOfForm(): InputOf<'checkin.setSchedule'>['schedule'] | string {
      const { windows, lateUpload, corrections, retention } = this.data;
      const wins = [];
      for (const [i, w] of windows.entries()) {
        const remind = whole(w.remind);
        if (remind === null) return `${w.name.trim() || `第${i + 1}个时段`}：提前提醒的分钟数请填写整数`;
        if (!WINDOW_ID.test(w.id)) return '签到时段的标识有误，请刷新后重试';
        wins.push({ id: w.id, name: w.name.trim(), start: w.start, end: w.end, remindBeforeMin: remind });
      }
      const numbers = { lateUploadMaxMin: whole(lateUpload), correctionsPerMonth: whole(corrections), retentionDays: whole(retention) };
      for (const [key, value] of Object.entries(numbers)) {
        if (value === null) return `${NUMBER_LABELS[key as keyof typeof NUMBER_LABELS]}请填写整数`;
      }
      return { windows: wins, lateUploadMaxMin: numbers.lateUploadMaxMin!, correctionsPerMonth: numbers.correctionsPerMonth!, retentionDays: numbers.retentionDays! };
    },

    async onSave(): Promise<void> {
      if (this.data.saving || this.data.scheduleStatus !== 'ok') return;
      const schedule = this.scheduleOfForm();
      if (typeof schedule === 'string') {
        this.setData({ saveError: schedule, notice: '' });
        return;
      }
      const { countyId, windows } = this.data;
      this.setData({ saving: true, saveError: '', notice: '' });
      const a = await call('checkin.setSchedule', { countyId, schedule });
      if (countyId !== this.data.countyId) {
        this.setData({ saving: false });
        return;
      }
      if (!a.ok) {
        this.setData({ saving: false, saveError: scheduleError(a, windows) });
        return;
      }
      this.setData({ saving: false, ...formOf(a.data), notice: '已保存' });
    },

    onRetry(): void {
      if (this.data.status === 'error') void this.load(this.data.countyId);
      else void this.loadSchedule();
    },
  },
});
