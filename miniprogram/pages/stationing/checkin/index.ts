/**
 * 驻点日签到, for the stationed cadre: this week's stationing day (驻点日) of their township, in
 * big words — today, moved past a holiday, still to come, over, or none — and on the day itself
 * two steps: 1. take the stationing photos (1–9, `wx.chooseMedia`), 2. one big 定位并提交 that
 * takes a fresh fix (`wx.getLocation`), uploads the photos into the cadre's folder and sends
 * `stationing.submit` (a clientId kept across retries of one attempt: the server records it once).
 * The server judges the fence; outside it the page says so and the cadre may try again from the
 * village. Below: their team and who has checked in, and their nights (住夜) this week.
 */
import { call } from '../../../api/index';
import type { OutputOf } from '../../../api/index';
import { errorText } from '../../../utils/answer';
import { distanceText } from '../../../utils/checkin';
import { locate, newClientId } from '../../../utils/location';
import { go, ROUTES } from '../../../utils/nav';
import { choosePhotos, uploadPhotos } from '../../../utils/photos';
import type { FormPhoto } from '../../../utils/photos';
import { openPrivacyContract } from '../../../utils/privacy';
import { answerPrivacy, FIELD_LABELS, MAX_PHOTOS, privacyHolder, startPrivacy, stopPrivacy } from '../stationing';
import type { PrivacyHolder } from '../stationing';

type Status = 'loading' | 'ok' | 'notCadre' | 'error';
type Week = OutputOf<'stationing.today'>;
/** What a tap is doing now ('' for nothing). */
type Stage = '' | 'locating' | 'uploading' | 'sending';

interface State extends PrivacyHolder {
  /** One attempt's id: kept across its retries (a lost answer), new after the server answered. */
  clientId: string;
}
const states = new WeakMap<object, State>();
function stateOf(page: object): State {
  let s = states.get(page);
  if (!s) states.set(page, (s = { clientId: newClientId(), ...privacyHolder() }));
  return s;
}

interface Member {
  personId: string;
  name: string;
  kindName: string;
  me: boolean;
  present: boolean;
}

/** The week's stationing day in words. */
function dayWords(w: Week): { title: string; note: string } {
  const moved = w.day?.moved ? `（${w.day.fixedLabel}是节假日，顺延）` : '';
  switch (w.state) {
    case 'today':
      return { title: `今天是驻点日`, note: `${w.day!.label}${moved}。请到${w.village.name}，拍驻点照片并签到。` };
    case 'upcoming':
      return { title: '今天不是驻点日', note: `本周驻点日是 ${w.day!.label}${moved}。` };
    case 'past':
      return { title: '本周驻点日已过', note: `本周驻点日是 ${w.day!.label}${moved}。` };
    case 'none':
      return { title: '本周没有驻点日', note: `${w.township.name}的驻点日是每${w.township.weekdayName}，本周遇节假日，已没有工作日可以顺延。` };
    default:
      return { title: '还没有设定驻点日', note: `${w.township.name || '乡镇（街道）'}还没有设定每周的驻点日，请联系乡镇（街道）组织委员。` };
  }
}

/** The cadre's nights this week in words. */
function nightWords(n: Week['nights']): { line: string; note: string; ok: boolean } {
  if (!n.measured) return { line: '本县（区）还没有设置夜间签到时段，暂不统计住夜', note: '', ok: true };
  if (n.required === 0) return { line: '本周不需要住夜', note: n.leaveDays ? `本周工作日都在请假中` : '本周没有工作日', ok: true };
  const leave = n.leaveDays ? `请假 ${n.leaveDays} 天，要求相应减少。` : '';
  const status = n.status === 'met' ? '已达到要求。' : n.status === 'open' ? `还差 ${n.required - n.had} 晚，请在夜间签到时段签到。` : '本周未达到要求。';
  return { line: `本周住夜：已 ${n.had} 晚，需 ${n.required} 晚`, note: `每周工作日在村住夜不少于 ${n.nightsPerWeek} 晚。${leave}${status}`, ok: n.status === 'met' };
}

/** A record (the cadre's own) in words. */
function recordWords(r: NonNullable<Week['mine']>): string {
  if (r.counted) return r.inside === null ? `已签到，上传了 ${r.photos} 张照片（本村还没有设置签到范围，由组织部门核实）` : `已签到：在村内，上传了 ${r.photos} 张照片`;
  return `这次定位不在本村范围内${r.distanceM ? `（距离约 ${distanceText(r.distanceM)}）` : ''}，不计入。请到村里后再提交一次。`;
}

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    todayLabel: '',
    villageName: '',
    state: '' as Week['state'] | '',
    dayTitle: '',
    dayNote: '',
    uploadFolder: '',
    freshMinutes: 10,
    /** The cadre's record of the stationing day, in words ('' without one), and whether it counts. */
    recordText: '',
    counted: false,
    team: [] as Member[],
    teamPresent: false,
    nightLine: '',
    nightNote: '',
    nightOk: true,

    photos: [] as FormPhoto[],
    maxPhotos: MAX_PHOTOS,
    stage: '' as Stage,
    /** Why the last tap did not go through. */
    message: '',
    messageKind: '',
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
    onLoad(): void {
      void this.load();
    },

    /** Back from the check-in page (a night check-in): the week may have changed. */
    onShow(): void {
      if (this.data.status === 'ok' && !this.data.stage) void this.load();
    },

    async load(): Promise<void> {
      const a = await call('stationing.today', {});
      if (stateOf(this).gone) return;
      if (!a.ok) {
        if (a.code === 'forbidden' || a.code === 'not_bound' || a.code === 'not_stationed') this.setData({ status: 'notCadre', error: a.code === 'not_stationed' ? a.message : '' });
        else this.setData({ status: 'error', error: errorText(a) });
        return;
      }
      this.show(a.data);
    },

    show(w: Week): void {
      const day = dayWords(w);
      const nights = nightWords(w.nights);
      this.setData({
        status: 'ok',
        todayLabel: w.todayLabel,
        villageName: w.village.name,
        state: w.state,
        dayTitle: day.title,
        dayNote: day.note,
        uploadFolder: w.uploadFolder,
        freshMinutes: w.freshMinutes,
        recordText: w.mine ? recordWords(w.mine) : '',
        counted: !!w.mine?.counted,
        team: w.team,
        teamPresent: w.teamPresent,
        nightLine: nights.line,
        nightNote: nights.note,
        nightOk: nights.ok,
      });
    },

    async onAddPhoto(): Promise<void> {
      const r = await choosePhotos(MAX_PHOTOS - this.data.photos.length);
      if (stateOf(this).gone) return;
      if ('added' in r) {
        if (r.added.length) this.setData({ photos: [...this.data.photos, ...r.added].slice(0, MAX_PHOTOS), message: '', messageKind: '' });
      } else if (r.refused === 'privacy') {
        this.setData({ message: '您没有同意隐私保护指引，无法拍照或选照片', messageKind: 'privacy' });
      }
    },

    onRemovePhoto(e: WechatMiniprogram.TouchEvent): void {
      const i = Number(e.currentTarget.dataset.index);
      this.setData({ photos: this.data.photos.filter((_p, j) => j !== i) });
    },

    onPreview(e: WechatMiniprogram.TouchEvent): void {
      const url = String(e.currentTarget.dataset.url ?? '');
      if (url) wx.previewImage({ urls: this.data.photos.map((p) => p.path).filter(Boolean), current: url });
    },

    /** 定位并提交: a fresh fix, the photos uploaded, then the check-in. */
    async onSubmit(): Promise<void> {
      if (this.data.stage || this.data.state !== 'today') return;
      if (this.data.photos.length === 0) {
        this.setData({ message: '请先拍至少 1 张驻点照片', messageKind: 'photos' });
        return;
      }
      const s = stateOf(this);
      this.setData({ stage: 'locating', message: '', messageKind: '' });
      const located = await locate();
      if (s.gone) return;
      if (!located.ok) {
        this.setData({ stage: '', message: located.message, messageKind: located.reason });
        return;
      }
      this.setData({ stage: 'uploading' });
      const up = await uploadPhotos(this.data.photos, this.data.uploadFolder, s.clientId);
      if (s.gone) return;
      this.setData({ photos: up.photos });
      if (up.error) {
        this.setData({ stage: '', message: `${up.error}。照片还在，请再点“定位并提交”`, messageKind: 'network' });
        return;
      }
      this.setData({ stage: 'sending' });
      const { fix } = located;
      const a = await call('stationing.submit', { clientId: s.clientId, lat: fix.lat, lng: fix.lng, accuracy: fix.accuracy, ...(fix.speed !== undefined ? { speed: fix.speed } : {}), ...(fix.altitude !== undefined ? { altitude: fix.altitude } : {}), capturedAt: fix.capturedAt, photoFileIds: up.photos.map((p) => p.fileID) });
      if (s.gone) return;
      if (!a.ok) {
        if (a.code === 'network') {
          // The same attempt goes again: if the first reached the server, it is recorded once.
          this.setData({ stage: '', message: `${a.message}。照片还在，请再点“定位并提交”`, messageKind: 'network' });
          return;
        }
        s.clientId = newClientId();
        // Photos the server would not take are chosen again.
        if (/照片/.test(a.message)) this.setData({ photos: [] });
        this.setData({ stage: '', message: errorText(a, FIELD_LABELS), messageKind: a.code });
        return;
      }
      s.clientId = newClientId();
      this.setData({ stage: '', recordText: recordWords(a.data), counted: a.data.counted, ...(a.data.counted ? { photos: [] } : {}) });
      wx.showToast({ title: a.data.counted ? '已签到' : '不在本村范围内', icon: a.data.counted ? 'success' : 'none', duration: 2000 });
      // The team's list follows.
      void this.load();
    },

    onNightCheckin(): void {
      go(ROUTES.checkin);
    },

    onRetry(): void {
      this.setData({ status: 'loading', error: '' });
      void this.load();
    },

    onOpenSetting(): void {
      wx.openSetting({});
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
