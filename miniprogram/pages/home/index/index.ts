/**
 * Home: is the service reachable, what time is it in Beijing, is today a working day; then who
 * am I (people.me): an unbound WeChat user gets one big button to the bind page, a bound person
 * one card per role, each opening that role's start page (utils/roles.ts, START_PAGES). In
 * local mode it also offers the local demo login (pick a person, then every call is made as
 * them). Whoever came from a village group (`village.mine`) gets 我的村, and the roles that handle
 * villagers' complaints and notices their pages (utils/roles.ts, VOICE_LINKS). Written with
 * Component() so that miniprogram-simulate can render it.
 */
import { call, isLocalMode, localOpenid, localPeople, setLocalOpenid } from '../../../api/index';
import type { LocalPerson } from '../../../api/index';
import { beijingTime, dayName } from '../../../utils/day';
import { go, ROUTES, withQuery } from '../../../utils/nav';
import { startCards, voiceLinks } from '../../../utils/roles';
import type { StartCard, StartLink } from '../../../utils/roles';

type Status = 'loading' | 'ok' | 'error';
/** `idle`: not asked yet (the service is not reachable). */
type MeStatus = 'idle' | 'loading' | 'ok' | 'unbound' | 'error';

/** The latest ping of each page instance: an answer to an older one is dropped. */
const latestPing = new WeakMap<object, number>();

Component({
  data: {
    /** Local mode: show the demo login. */
    local: false,
    status: 'loading' as Status,
    error: '',
    /** Server time in Beijing time, e.g. 2026年10月1日 星期四 10:00. */
    time: '',
    /** e.g. 法定节假日（国庆节）. */
    day: '',
    dayKind: '',
    /** Who the server sees: the openid it answered with ('' for nobody). */
    caller: '',
    /** The name of that person, when the demo login list knows it. */
    me: '',
    people: [] as LocalPerson[],
    peopleStatus: 'loading' as Status,
    peopleError: '',
    /** The openid of the chosen demo person. */
    openid: '',
    /** Who I am (people.me). */
    meStatus: 'idle' as MeStatus,
    meError: '',
    myName: '',
    cards: [] as StartCard[],
    /** The complaint and notice pages of the person's roles (issue 9). */
    voices: [] as StartLink[],
    /** The villages whose groups this WeChat user came from (`village.mine`): 我的村. */
    villages: [] as { id: string; name: string }[],
    villageNames: '',
  },

  lifetimes: {
    attached(): void {
      const local = isLocalMode();
      this.setData({ local, openid: local ? localOpenid() : '' });
      void this.ping();
      if (local) void this.loadPeople();
    },
  },

  methods: {
    async ping(): Promise<void> {
      const seq = (latestPing.get(this) ?? 0) + 1;
      latestPing.set(this, seq);
      this.setData({ status: 'loading', error: '', meStatus: 'idle', meError: '', villages: [], villageNames: '', voices: [] });
      const answer = await call('system.ping');
      if (latestPing.get(this) !== seq) return;
      if (!answer.ok) {
        this.setData({ status: 'error', error: answer.message });
        return;
      }
      const { now, today, openid } = answer.data;
      this.setData({
        status: 'ok',
        time: beijingTime(now),
        day: dayName(today),
        dayKind: today.kind,
        caller: openid ?? '',
        meStatus: 'loading',
      });
      this.showMe();
      // A villager is usually no bound person: their villages come from the groups they opened the card from.
      const [me, mine] = await Promise.all([call('people.me'), call('village.mine')]);
      if (latestPing.get(this) !== seq) return;
      const villages = mine.ok ? mine.data.villages : [];
      this.setData({ villages, villageNames: villages.map((v) => v.name).join('、') });
      if (!me.ok) {
        this.setData(me.code === 'not_bound' ? { meStatus: 'unbound', cards: [], voices: [] } : { meStatus: 'error', meError: me.message, cards: [], voices: [] });
        return;
      }
      this.setData({ meStatus: 'ok', myName: me.data.name, cards: startCards(me.data.roles), voices: voiceLinks(me.data.roles) });
    },

    async loadPeople(): Promise<void> {
      this.setData({ peopleStatus: 'loading', peopleError: '' });
      const answer = await localPeople();
      if (!answer.ok) {
        this.setData({ peopleStatus: 'error', peopleError: answer.message });
        return;
      }
      this.setData({ peopleStatus: 'ok', people: answer.data });
      this.showMe();
    },

    /** The name of the person the server sees, from the demo list when it has them. */
    showMe(): void {
      const { caller, people } = this.data;
      const person = people.find((p) => p.openid === caller);
      this.setData({ me: caller ? (person ? person.name : caller) : '未登录' });
    },

    onRetry(): void {
      if (this.data.status === 'loading') return;
      void this.ping();
    },

    onBind(): void {
      go(ROUTES.bind);
    },

    /** 我的村: the villages' page, opened from here (not from a group card). */
    onMyVillage(): void {
      go(withQuery(ROUTES.villageHome, { from: 'home' }));
    },

    /** 我的个人信息: what is held about me, and who looked at it. */
    onMyData(): void {
      go(ROUTES.myData);
    },

    onOpenCard(e: WechatMiniprogram.TouchEvent): void {
      const url = String(e.currentTarget.dataset.url ?? '');
      if (url) go(url);
    },

    onRetryPeople(): void {
      if (this.data.peopleStatus === 'loading') return;
      void this.loadPeople();
    },

    onPickPerson(e: WechatMiniprogram.TouchEvent): void {
      const openid = String(e.currentTarget.dataset.openid ?? '');
      if (!openid || openid === this.data.openid) return;
      setLocalOpenid(openid);
      this.setData({ openid });
      void this.ping();
    },

    /** Local mode: act as a WeChat user nobody has bound yet, to try the bind page. */
    onNewUser(): void {
      const openid = `local-new-${Date.now().toString(36)}`;
      setLocalOpenid(openid);
      this.setData({ openid });
      void this.ping();
    },

    onLogout(): void {
      setLocalOpenid(null);
      this.setData({ openid: '' });
      void this.ping();
    },
  },
});
