/**
 * 约请规则 of a county for organisation staff (`?countyId=`, else a picker of the counties the
 * caller's staff grants cover: their county, or the counties under their city): the minutes a
 * cadre has to answer, the working hours in which spot checks are issued
 * (`<picker mode="time">`), the period over which misses are counted, and the misses at which
 * the ladder raises a notice (通报批评), a talk (约谈) and a recall suggestion (召回). 保存 sends
 * them to `spotCheck.setSettings`, which judges them (ranges, the end after the start, the
 * thresholds increasing) and answers in Chinese. Working days follow the national calendar; the
 * page only says so.
 */
import { call } from '../../../../api/index';
import type { ErrorAnswer, InputOf, OutputOf } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { queryValue } from '../../../../utils/nav';
import { openOnCounty, pickCounty } from '../../../../utils/staff-page';
import type { County } from '../../../../utils/org';

type Status = 'loading' | 'ok' | 'forbidden' | 'error';
type Settings = OutputOf<'spotCheck.getSettings'>;

/** The numbers of the form, by the server's field names. */
const NUMBER_LABELS = {
  deadlineMin: '响应时限',
  periodDays: '统计周期',
  noticeAt: '通报批评次数',
  talkAt: '约谈次数',
  recallAt: '召回次数',
} as const;
type NumberField = keyof typeof NUMBER_LABELS;

const LABELS: Record<string, string> = { ...NUMBER_LABELS, workHours: '工作时间' };

function formOf(s: Settings) {
  return {
    deadlineMin: String(s.deadlineMin),
    start: s.workHours.start,
    end: s.workHours.end,
    periodDays: String(s.periodDays),
    noticeAt: String(s.noticeAt),
    talkAt: String(s.talkAt),
    recallAt: String(s.recallAt),
  };
}

/** A whole number as typed, or null. */
function whole(typed: string): number | null {
  const t = typed.trim();
  return /^\d{1,5}$/.test(t) ? Number(t) : null;
}

/**
 * The server's message, each issue named by its setting — except the one about the order of the
 * thresholds, which names them all itself.
 */
function settingsError(a: ErrorAnswer): string {
  const issues = (a.issues ?? []).map((i) => {
    const path = i.path.replace(/^settings\./, '');
    return { ...i, path: /依次/.test(i.message) ? '' : path };
  });
  return errorText({ ...a, issues }, LABELS);
}


const FIELDS = new Set(['deadlineMin', 'start', 'end', 'periodDays', 'noticeAt', 'talkAt', 'recallAt']);

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    counties: [] as County[],
    countyNames: [] as string[],
    countyIndex: 0,
    countyId: '',
    settingsStatus: 'loading' as Status,
    settingsError: '',
    deadlineMin: '',
    start: '',
    end: '',
    periodDays: '',
    noticeAt: '',
    talkAt: '',
    recallAt: '',
    saving: false,
    saveError: '',
    notice: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      void this.load(queryValue(query, 'countyId'));
    },

    async load(countyId: string): Promise<void> {
      if (await openOnCounty(this, countyId, '约请规则按县（区）统一设置')) await this.loadSettings();
    },

    async loadSettings(): Promise<void> {
      const { countyId } = this.data;
      this.setData({ settingsStatus: 'loading', settingsError: '', saveError: '', notice: '' });
      const a = await call('spotCheck.getSettings', { countyId });
      if (countyId !== this.data.countyId) return;
      if (!a.ok) {
        this.setData({ settingsStatus: a.code === 'forbidden' ? 'forbidden' : 'error', settingsError: a.message });
        return;
      }
      this.setData({ settingsStatus: 'ok', ...formOf(a.data) });
    },

    onPickCounty(e: WechatMiniprogram.PickerChange): void {
      if (pickCounty(this, e.detail.value)) void this.loadSettings();
    },

    /** One field typed or picked (`data-field`); the last answer is no longer current. */
    onField(e: WechatMiniprogram.Input | WechatMiniprogram.PickerChange): void {
      const field = String(e.currentTarget.dataset.field ?? '');
      if (!FIELDS.has(field)) return;
      this.setData({ [field]: String(e.detail.value ?? ''), saveError: '', notice: '' });
    },

    /** The form as `spotCheck.setSettings` takes it, or what to fix first (numbers that are not numbers). */
    settingsOfForm(): InputOf<'spotCheck.setSettings'>['settings'] | string {
      const numbers = {} as Record<NumberField, number>;
      for (const key of Object.keys(NUMBER_LABELS) as NumberField[]) {
        const n = whole(this.data[key]);
        if (n === null) return `${NUMBER_LABELS[key]}请填写整数`;
        numbers[key] = n;
      }
      return { ...numbers, workHours: { start: this.data.start, end: this.data.end } };
    },

    async onSave(): Promise<void> {
      if (this.data.saving || this.data.settingsStatus !== 'ok') return;
      const settings = this.settingsOfForm();
      if (typeof settings === 'string') {
        this.setData({ saveError: settings, notice: '' });
        return;
      }
      const { countyId } = this.data;
      this.setData({ saving: true, saveError: '', notice: '' });
      const a = await call('spotCheck.setSettings', { countyId, settings });
      if (countyId !== this.data.countyId) {
        this.setData({ saving: false });
        return;
      }
      if (!a.ok) {
        this.setData({ saving: false, saveError: settingsError(a) });
        return;
      }
      this.setData({ saving: false, ...formOf(a.data), notice: '已保存' });
    },

    onRetry(): void {
      if (this.data.status === 'error') void this.load(this.data.countyId);
      else void this.loadSettings();
    },
  },
});
