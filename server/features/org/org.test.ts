/** The organisation tree: subtree queries, creating and editing units and fences, within scope. */
import { startTestCloud, type TestCloud } from '../../../test/harness';
import { seedDemo } from '../../../scripts/demo/seed';
import { distanceM, fenceProblem, childLevel } from './rules';
import { listSubtree } from './service';

describe('rules', () => {
  it('orders the levels', () => {
    expect(childLevel('city')).toBe('county');
    expect(childLevel('township')).toBe('village');
    expect(childLevel('village')).toBeNull();
  });

  it('measures distance on GCJ-02 points', () => {
    // One thousandth of a degree of latitude is about 111 m anywhere.
    expect(distanceM({ lat: 28.38, lng: 109.55 }, { lat: 28.381, lng: 109.55 })).toBeCloseTo(110.9, 0);
    expect(distanceM({ lat: 28.38, lng: 109.55 }, { lat: 28.38, lng: 109.55 })).toBe(0);
  });

  it('accepts a concave polygon and refuses a self-crossing one', () => {
    const concave = { kind: 'polygon' as const, points: [{ lat: 28.0, lng: 109.0 }, { lat: 28.0, lng: 109.02 }, { lat: 28.01, lng: 109.01 }, { lat: 28.02, lng: 109.02 }, { lat: 28.02, lng: 109.0 }] };
    expect(fenceProblem(concave)).toBeNull();
    const bowtie = { kind: 'polygon' as const, points: [{ lat: 28.0, lng: 109.0 }, { lat: 28.01, lng: 109.01 }, { lat: 28.0, lng: 109.01 }, { lat: 28.01, lng: 109.0 }] };
    expect(fenceProblem(bowtie)).toBe('围栏的边不能相互交叉');
    const flat = { kind: 'polygon' as const, points: [{ lat: 28.0, lng: 109.0 }, { lat: 28.0, lng: 109.0 }, { lat: 28.01, lng: 109.01 }] };
    expect(fenceProblem(flat)).toBe('围栏至少需要三个不同的点');
  });
});

describe('through the api', () => {
  let t: TestCloud;
  const COUNTY = 'demo-hy-staff';
  const TOWN = 'demo-sl-staff';
  beforeAll(async () => {
    t = await startTestCloud();
    t.cloud.clock.set('2026-05-12T10:00:00+08:00', { frozen: true });
    await seedDemo();
  }, 60_000);
  afterAll(() => t.stop());

  it('finds a whole subtree in one indexed query', async () => {
    const before = t.cloud.database.ops.reads;
    const villages = await listSubtree('county-huayuan', { level: 'village' });
    expect(villages).toHaveLength(10);
    expect(villages.every((v) => v.path[1] === 'county-huayuan')).toBe(true);
    expect(t.cloud.database.ops.reads - before).toBe(1);
  });

  it('creates a village under a township with a fence, and lists it', async () => {
    const fence = { kind: 'circle', center: { lat: 28.4, lng: 109.58 }, radiusM: 800 };
    const r = await t.call<any>('org.createUnit', { parentId: 'town-shuanglong', name: '新寨村', fence }, TOWN);
    expect(r).toMatchObject({ ok: true, data: { level: 'village', parentId: 'town-shuanglong', path: ['city-xiangxi', 'county-huayuan', 'town-shuanglong', expect.any(String)], center: { lat: 28.4, lng: 109.58 }, fence } });
    const list = await t.call<any>('org.listUnits', { parentId: 'town-shuanglong' }, TOWN);
    expect(list.ok && list.data.map((u: any) => u.name)).toContain('新寨村');
    expect(await t.call('org.createUnit', { parentId: 'town-shuanglong', name: '新寨村' }, TOWN)).toMatchObject({ ok: false, code: 'conflict' });
    expect(await t.call('org.createUnit', { parentId: r.data.id, name: '组' }, TOWN)).toMatchObject({ ok: false, code: 'invalid_input' });
  });

  it('edits a village fence, refusing fences on townships and crossing polygons', async () => {
    const polygon = { kind: 'polygon', points: [{ lat: 28.38, lng: 109.55 }, { lat: 28.38, lng: 109.57 }, { lat: 28.39, lng: 109.56 }] };
    const r = await t.call<any>('org.updateUnit', { id: 'vil-jinlong', fence: polygon }, TOWN);
    expect(r).toMatchObject({ ok: true, data: { fence: polygon, center: { lat: expect.closeTo(28.3833, 3), lng: 109.56 } } });
    const log = await t.call<any>('org.auditLog', { unitId: 'vil-jinlong' }, TOWN);
    expect(log.ok && log.data[0]).toMatchObject({ action: 'org.updateUnit', actorName: expect.any(String), before: { fence: { kind: expect.any(String) } }, after: { fence: polygon } });
    expect(log.ok && log.data[0].before.fence).not.toEqual(polygon);
    expect(await t.call('org.updateUnit', { id: 'vil-jinlong', fence: { kind: 'polygon', points: [{ lat: 28.0, lng: 109.0 }, { lat: 28.01, lng: 109.01 }, { lat: 28.0, lng: 109.01 }, { lat: 28.01, lng: 109.0 }] } }, TOWN)).toMatchObject({ ok: false, code: 'invalid_input', message: '围栏的边不能相互交叉' });
    expect(await t.call('org.updateUnit', { id: 'town-shuanglong', fence: polygon }, COUNTY)).toMatchObject({ ok: false, code: 'invalid_input', message: '只有村（社区）可以设置围栏' });
    expect(await t.call('org.updateUnit', { id: 'vil-jinlong', fence: { kind: 'circle', center: { lat: 91, lng: 109 }, radiusM: 500 } }, TOWN)).toMatchObject({ ok: false, code: 'invalid_input' });
  });

  it('two staff creating the same village at once: one unit', async () => {
    const answers = await Promise.all([1, 2, 3].map(() => t.call<any>('org.createUnit', { parentId: 'town-shuanglong', name: '同名村' }, TOWN)));
    expect(answers.filter((a) => a.ok)).toHaveLength(1);
    expect(answers.filter((a) => !a.ok).every((a) => a.code === 'conflict')).toBe(true);
  });

  it('a unit is kept by the staff above it, not by its own', async () => {
    expect(await t.call('org.updateUnit', { id: 'town-shuanglong', name: '双龙镇（新）' }, TOWN)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('org.updateUnit', { id: 'town-shuanglong', name: '双龙镇' }, COUNTY)).toMatchObject({ ok: true });
    expect(await t.call('org.updateUnit', { id: 'county-huayuan', name: '花垣' }, COUNTY)).toMatchObject({ ok: false, code: 'forbidden' });
  });
});
