/**
 * The organisation tree, from the caller's own units down (`?parentId=` shows one unit and its
 * children). Staff rename children, add a child unit, open a unit's people, its location ledger
 * (位置共享台账) and its corrections (补卡审批), and for a village open its fence editor;
 * approvers and discipline staff browse. With exactly one unit of their
 * own, the page opens on it.
 */
import { call } from '../../../../api/index';
import type { OutputOf } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { go, queryValue, replace, ROUTES, withQuery } from '../../../../utils/nav';
import { childLevel, levelName } from '../../../../utils/org';
import { READER_ROLES } from '../../../../utils/roles';

type Status = 'loading' | 'ok' | 'forbidden' | 'error';
type UnitView = OutputOf<'org.getUnit'>;

interface Item {
  id: string;
  name: string;
  levelName: string;
  village: boolean;
  /** 围栏：圆形 / 多边形 / 未设置 (villages). */
  fenceText: string;
  /** May the caller open this unit's people (a staff grant covers it)? */
  people: boolean;
}

const LABELS = { name: '名称' };

function fenceText(u: UnitView): string {
  if (u.level !== 'village') return '';
  if (!u.fence) return '围栏：未设置';
  return u.fence.kind === 'circle' ? `围栏：圆形，半径 ${u.fence.radiusM} 米` : `围栏：多边形，${u.fence.points.length} 个点`;
}

function item(u: UnitView, people: boolean): Item {
  return { id: u.id, name: u.name, levelName: levelName(u.level), village: u.level === 'village', fenceText: fenceText(u), people };
}

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    /** The unit shown with its children; '' shows the caller's own units. */
    parentId: '',
    parentName: '',
    parentLevelName: '',
    childLevelName: '',
    items: [] as Item[],
    /** Staff over this unit: rename and add children, open people and fences. */
    canEdit: false,
    /** Where 上一级 goes ('' for nowhere). */
    upUrl: '',
    renamingId: '',
    renameValue: '',
    adding: false,
    newName: '',
    busy: false,
    notice: '',
    actionError: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      void this.load(queryValue(query, 'parentId'));
    },

    async load(parentId: string): Promise<void> {
      this.setData({ status: 'loading', error: '', renamingId: '', adding: false });
      const me = await call('people.me');
      if (!me.ok) {
        this.setData({ status: me.code === 'not_bound' ? 'forbidden' : 'error', error: me.message });
        return;
      }
      const roots = me.data.roles.filter((r) => READER_ROLES.includes(r.role));
      const rootIds = roots.map((r) => r.orgUnitId).filter((id, i, all) => all.indexOf(id) === i);
      if (rootIds.length === 0) {
        this.setData({ status: 'forbidden' });
        return;
      }
      const staffIds = me.data.roles.filter((r) => r.role === 'staff').map((r) => r.orgUnitId);
      if (!parentId && rootIds.length === 1) parentId = rootIds[0]!;
      if (!parentId) await this.showRoots(rootIds, staffIds);
      else await this.showUnit(parentId, rootIds, staffIds);
    },

    /** The caller's own units. */
    async showRoots(rootIds: string[], staffIds: string[]): Promise<void> {
      const answers = await Promise.all(rootIds.map((id) => call('org.getUnit', { id })));
      const failed = answers.find((a) => !a.ok);
      if (failed && !failed.ok) {
        this.setData({ status: 'error', error: failed.message });
        return;
      }
      const items = answers.map((a) => (a.ok ? item(a.data, staffIds.includes(a.data.id)) : null)).filter((i): i is Item => !!i);
      this.setData({ status: 'ok', parentId: '', parentName: '我的辖区', parentLevelName: '', childLevelName: '', items, canEdit: false, upUrl: '' });
    },

    async showUnit(parentId: string, rootIds: string[], staffIds: string[]): Promise<void> {
      const [unit, children] = await Promise.all([call('org.getUnit', { id: parentId }), call('org.listUnits', { parentId })]);
      if (!unit.ok || !children.ok) {
        const bad = !unit.ok ? unit : !children.ok ? children : null;
        this.setData({ status: 'error', error: bad ? bad.message : '' });
        return;
      }
      const u = unit.data;
      const canEdit = u.path.some((id) => staffIds.includes(id));
      // Up a level while the caller may still see it; from their own unit, to the list of their units.
      const above = u.path.slice(0, -1);
      const upUrl = u.parentId && above.some((id) => rootIds.includes(id)) ? withQuery(ROUTES.units, { parentId: u.parentId }) : rootIds.length > 1 ? ROUTES.units : '';
      const next = childLevel(u.level);
      this.setData({
        status: 'ok',
        parentId,
        parentName: u.name,
        parentLevelName: levelName(u.level),
        childLevelName: next ? levelName(next) : '',
        items: children.data.map((c) => item(c, canEdit)),
        canEdit,
        upUrl,
      });
    },

    reload(): Promise<void> {
      return this.load(this.data.parentId);
    },

    onRetry(): void {
      void this.reload();
    },

    onOpen(e: WechatMiniprogram.TouchEvent): void {
      const id = String(e.currentTarget.dataset.id ?? '');
      const target = this.data.items.find((i) => i.id === id);
      if (target && !target.village) go(withQuery(ROUTES.units, { parentId: id }));
    },

    onUp(): void {
      if (this.data.upUrl) replace(this.data.upUrl);
    },

    onPeople(e: WechatMiniprogram.TouchEvent): void {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (id) go(withQuery(ROUTES.peopleList, { unitId: id }));
    },

    onLedger(e: WechatMiniprogram.TouchEvent): void {
      const unitId = String(e.currentTarget.dataset.id ?? '');
      if (unitId) go(withQuery(ROUTES.ledger, { unitId }));
    },

    onCorrections(e: WechatMiniprogram.TouchEvent): void {
      const unitId = String(e.currentTarget.dataset.id ?? '');
      if (unitId) go(withQuery(ROUTES.corrections, { unitId }));
    },

    onFence(e: WechatMiniprogram.TouchEvent): void {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (id) go(withQuery(ROUTES.fence, { id }));
    },

    // ── Rename ──────────────────────────────────────────────────────────────────────────────
    onStartRename(e: WechatMiniprogram.TouchEvent): void {
      const id = String(e.currentTarget.dataset.id ?? '');
      const target = this.data.items.find((i) => i.id === id);
      if (target) this.setData({ renamingId: id, renameValue: target.name, adding: false, actionError: '', notice: '' });
    },

    onRenameInput(e: WechatMiniprogram.Input): void {
      this.setData({ renameValue: e.detail.value });
    },

    onCancel(): void {
      this.setData({ renamingId: '', adding: false, actionError: '' });
    },

    async onRename(): Promise<void> {
      const id = this.data.renamingId;
      const name = this.data.renameValue.trim();
      if (!id || this.data.busy) return;
      if (!name) {
        this.setData({ actionError: '请填写名称' });
        return;
      }
      this.setData({ busy: true, actionError: '' });
      const answer = await call('org.updateUnit', { id, name });
      if (!answer.ok) {
        this.setData({ busy: false, actionError: errorText(answer, LABELS) });
        return;
      }
      this.setData({ busy: false, renamingId: '', notice: `已改名为“${answer.data.name}”` });
      await this.reload();
    },

    // ── Add a child ─────────────────────────────────────────────────────────────────────────
    onStartAdd(): void {
      this.setData({ adding: true, newName: '', renamingId: '', actionError: '', notice: '' });
    },

    onNewName(e: WechatMiniprogram.Input): void {
      this.setData({ newName: e.detail.value });
    },

    async onAdd(): Promise<void> {
      const name = this.data.newName.trim();
      if (this.data.busy) return;
      if (!name) {
        this.setData({ actionError: '请填写名称' });
        return;
      }
      this.setData({ busy: true, actionError: '' });
      const answer = await call('org.createUnit', { parentId: this.data.parentId, name });
      if (!answer.ok) {
        this.setData({ busy: false, actionError: errorText(answer, LABELS) });
        return;
      }
      this.setData({ busy: false, adding: false, notice: `已添加“${answer.data.name}”` });
      await this.reload();
    },
  },
});
