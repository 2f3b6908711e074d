/**
 * 我的村: the page a card shared in a village WeChat group opens (issue 9). Villagers are often
 * elderly: the village's name, three big buttons — 我要反映, 我的诉求, 村务公开 — and nothing else,
 * but for a fourth, 民主测评, while a survey of the village's cadres runs that they have not answered.
 *
 * Opened from the group, the group's cloudID (`groupCloudId()`, from the card's shareTicket; in
 * local mode signed by the local cloud for the page query `group=`, kept, or the demo group) goes
 * to `village.enter`, which makes the WeChat user a villager of the group's village. A group not
 * bound to a village yet (`group_unbound`): a 村群管理员 (`people.me`) is offered to bind it to one
 * of their villages (`village.bindGroup`), anyone else is told to ask their 村群管理员. Opened
 * elsewhere (or `?from=home`): the villages the user came from before (`village.mine`), and with
 * none, how to open the page from the group. The share menu carries a shareTicket, so that a
 * 村群管理员 can share this page into the group as the card.
 */
import { call, groupCloudId, isLocalMode, setLocalGroup } from '../../../api/index';
import { errorText } from '../../../utils/answer';
import { go, queryValue, ROUTES, withQuery } from '../../../utils/nav';

type Status = 'loading' | 'ok' | 'none' | 'unbound' | 'wechat' | 'error';

interface Village {
  id: string;
  name: string;
}

interface State {
  seq: number;
  gone: boolean;
}
const states = new WeakMap<object, State>();
function stateOf(page: object): State {
  let s = states.get(page);
  if (!s) states.set(page, (s = { seq: 0, gone: false }));
  return s;
}

const SHARE_TITLE = '村民服务：反映诉求、查看村务公开';

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    /** The village shown. */
    village: null as Village | null,
    /** Other villages the user came from (switch between them). */
    others: [] as Village[],
    /** The page was opened from the village's group. */
    fromGroup: false,
    /** The caller is a 村群管理员: their villages (to bind this group to, or to share the card for). */
    adminVillages: [] as Village[],
    binding: '',
    bindError: '',
    notice: '',
    /** A 民主测评 of the village is running and this person has not answered it. */
    survey: false,
  },

  lifetimes: {
    attached(): void {
      stateOf(this).gone = false;
      try {
        wx.showShareMenu({ withShareTicket: true, menus: ['shareAppMessage'] });
      } catch (err) {
        console.warn('[village] showShareMenu failed', err);
      }
    },

    detached(): void {
      stateOf(this).gone = true;
    },
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const group = queryValue(query, 'group');
      if (group && isLocalMode()) setLocalGroup(group === 'none' ? null : group);
      void this.load(queryValue(query, 'from') === 'home');
    },

    /** `elsewhere`: opened from inside the app, not from a group card. */
    async load(elsewhere = false): Promise<void> {
      const s = stateOf(this);
      const seq = ++s.seq;
      this.setData({ status: 'loading', error: '', bindError: '' });
      const cloudId = elsewhere ? null : await groupCloudId();
      if (seq !== s.seq || s.gone) return;
      if (!cloudId) return this.fromMine(seq);
      const a = await call('village.enter', { groupCloudId: cloudId });
      if (seq !== s.seq || s.gone) return;
      if (a.ok) return this.show(a.data.village, [], true);
      if (a.code === 'group_unbound') return this.unbound(seq, a.message);
      if (a.code === 'not_bound') return this.setData({ status: 'wechat' });
      this.setData({ status: 'error', error: a.message });
    },

    show(village: Village, others: Village[], fromGroup: boolean): void {
      this.setData({ status: 'ok', village, others: others.filter((v) => v.id !== village.id), fromGroup, survey: false });
      void this.checkSurvey(village.id);
    },

    /** 民主测评: offered only while a survey of the village runs that this person has not answered. */
    async checkSurvey(villageId: string): Promise<void> {
      const a = await call('assessment.openSurveys', { villageId });
      if (stateOf(this).gone || this.data.village?.id !== villageId) return;
      this.setData({ survey: a.ok && a.data.surveys.some((x) => !x.answered) });
    },

    /** Not from a group: the villages the user came from before, the latest first. */
    async fromMine(seq: number): Promise<void> {
      const s = stateOf(this);
      const a = await call('village.mine');
      if (seq !== s.seq || s.gone) return;
      if (!a.ok) return this.setData({ status: 'error', error: a.message });
      const [first] = a.data.villages;
      if (first) return this.show(first, a.data.villages, false);
      this.setData({ status: 'none', adminVillages: await this.adminVillages() });
    },

    /** The group is bound to no village yet: a 村群管理员 may bind it. */
    async unbound(seq: number, message: string): Promise<void> {
      const villages = await this.adminVillages();
      if (seq !== stateOf(this).seq) return;
      this.setData({ status: 'unbound', error: message, adminVillages: villages });
    },

    /** The villages the caller is 村群管理员 of (none for a villager, who is no bound person). */
    async adminVillages(): Promise<Village[]> {
      const me = await call('people.me');
      if (!me.ok) return [];
      const out: Village[] = [];
      for (const r of me.data.roles) {
        if (r.role === 'groupAdmin' && !out.some((v) => v.id === r.orgUnitId)) out.push({ id: r.orgUnitId, name: r.unitName || r.orgUnitId });
      }
      return out;
    },

    /** 绑定: this group becomes the village's group, and the 村群管理员 enters it like anyone in it. */
    async onBind(e: WechatMiniprogram.TouchEvent): Promise<void> {
      const villageId = String(e.currentTarget.dataset.id ?? '');
      if (!villageId || this.data.binding) return;
      this.setData({ binding: villageId, bindError: '' });
      const cloudId = await groupCloudId();
      if (!cloudId) {
        this.setData({ binding: '', bindError: '无法确认所在的村群，请从村群里的小程序卡片重新打开' });
        return;
      }
      const bound = await call('village.bindGroup', { villageId, groupCloudId: cloudId });
      if (!bound.ok) {
        this.setData({ binding: '', bindError: errorText(bound) });
        return;
      }
      const again = await groupCloudId();
      const entered = again ? await call('village.enter', { groupCloudId: again }) : null;
      const village = entered?.ok ? entered.data.village : bound.data.village;
      this.setData({ binding: '', notice: `本群已绑定为「${village.name}」的村群。请告诉群里的村民：点开群里的这张卡片，就能反映诉求、查看村务公开。` });
      this.show(village, [], true);
    },

    onSwitch(e: WechatMiniprogram.TouchEvent): void {
      const id = String(e.currentTarget.dataset.id ?? '');
      const all = [...(this.data.village ? [this.data.village] : []), ...this.data.others];
      const v = all.find((x) => x.id === id);
      if (v) this.show(v, all, this.data.fromGroup && v.id === this.data.village?.id);
    },

    onRaise(): void {
      if (this.data.village) go(withQuery(ROUTES.complaintRaise, { villageId: this.data.village.id }));
    },

    onMine(): void {
      go(ROUTES.complaintMine);
    },

    onNotices(): void {
      if (this.data.village) go(withQuery(ROUTES.noticeList, { villageId: this.data.village.id }));
    },

    onSurvey(): void {
      if (this.data.village) go(withQuery(ROUTES.assessAnswer, { villageId: this.data.village.id }));
    },

    onRetry(): void {
      if (this.data.status !== 'loading') void this.load();
    },

    /** The card a 村群管理员 shares into the group: it opens this page, with the group's shareTicket. */
    onShareAppMessage(): WechatMiniprogram.Page.ICustomShareContent {
      const name = this.data.village?.name ?? '';
      return { title: name ? `${name}${SHARE_TITLE}` : SHARE_TITLE, path: ROUTES.villageHome };
    },
  },
});
