/** Integrity of the demo county data (scripts/demo/data.ts). */
import {
  DEMO_CITY,
  DEMO_COMPLAINT_LOGINS,
  DEMO_COUNTIES,
  DEMO_LOGINS,
  DEMO_ORG_UNITS,
  DEMO_PEOPLE,
  DEMO_ROLES,
  DEMO_TOWNSHIPS,
  DEMO_VILLAGES,
  type DemoGrant,
  type DemoLatLng,
  type DemoOrgLevel,
  type DemoOrgUnit,
  type DemoPolygonFence,
  type DemoRole,
} from './data';

// ── Small geometry, local metres around a reference point (enough at village scale) ───────────

const EARTH_R = 6371008.8;
const rad = (d: number) => (d * Math.PI) / 180;

function distanceM(a: DemoLatLng, b: DemoLatLng): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_R * Math.asin(Math.sqrt(h));
}

/** Equirectangular projection to metres around `origin`. */
function toXY(p: DemoLatLng, origin: DemoLatLng): [number, number] {
  return [rad(p.lng - origin.lng) * EARTH_R * Math.cos(rad(origin.lat)), rad(p.lat - origin.lat) * EARTH_R];
}

function pointInPolygon(p: DemoLatLng, poly: readonly DemoLatLng[]): boolean {
  const [x, y] = [p.lng, p.lat];
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi, xj, yj] = [poly[i].lng, poly[i].lat, poly[j].lng, poly[j].lat];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function distanceToSegmentM(p: DemoLatLng, a: DemoLatLng, b: DemoLatLng): number {
  const [ax, ay] = toXY(a, p);
  const [bx, by] = toXY(b, p);
  const [dx, dy] = [bx - ax, by - ay];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
  return Math.hypot(ax + t * dx, ay + t * dy);
}

function distanceToPolygonM(p: DemoLatLng, poly: readonly DemoLatLng[]): number {
  if (pointInPolygon(p, poly)) return 0;
  return Math.min(...poly.map((a, i) => distanceToSegmentM(p, a, poly[(i + 1) % poly.length])));
}

function cross(o: [number, number], a: [number, number], b: [number, number]): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

/** True if some turn goes the other way from the rest. */
function isConcave(fence: DemoPolygonFence): boolean {
  const origin = fence.points[0];
  const xy = fence.points.map((p) => toXY(p, origin));
  const signs = xy.map((p, i) => Math.sign(cross(p, xy[(i + 1) % xy.length], xy[(i + 2) % xy.length])));
  return signs.includes(1) && signs.includes(-1);
}

function segmentsCross(a: [number, number], b: [number, number], c: [number, number], d: [number, number]): boolean {
  const d1 = cross(c, d, a);
  const d2 = cross(c, d, b);
  const d3 = cross(a, b, c);
  const d4 = cross(a, b, d);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

function isSimple(fence: DemoPolygonFence): boolean {
  const origin = fence.points[0];
  const xy = fence.points.map((p) => toXY(p, origin));
  const n = xy.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (j === i + 1 || (i === 0 && j === n - 1)) continue; // neighbouring edges share a vertex
      if (segmentsCross(xy[i], xy[(i + 1) % n], xy[j], xy[(j + 1) % n])) return false;
    }
  }
  return true;
}

// ── Lookups ───────────────────────────────────────────────────────────────────────────────────

const unitById = new Map<string, DemoOrgUnit>(DEMO_ORG_UNITS.map((u) => [u.id, u]));
const levelOf = (id: string): DemoOrgLevel | undefined => unitById.get(id)?.level;

/** Where each role may be granted. */
const GRANT_LEVELS: Record<DemoRole, readonly DemoOrgLevel[]> = {
  cadre: ['village'],
  staff: ['city', 'county', 'township'],
  approver: ['city', 'county', 'township'],
  discipline: ['county'],
  department: ['county'],
  groupAdmin: ['village'],
  tutor: ['city', 'county'],
  villager: ['village'],
};

const allGrants: { personId: string; grant: DemoGrant }[] = DEMO_PEOPLE.flatMap((p) => p.grants.map((grant) => ({ personId: p.id, grant })));
const cadreGrants = allGrants.flatMap(({ grant }) => (grant.role === 'cadre' ? [grant] : []));

/** 湘西州 lies within 27°44′–29°38′N, 109°10′–110°23′E; a little margin around that. */
const XIANGXI_BOX = { minLat: 27.7, maxLat: 29.7, minLng: 109.1, maxLng: 110.5 };
const inXiangxi = (p: DemoLatLng) =>
  p.lat >= XIANGXI_BOX.minLat && p.lat <= XIANGXI_BOX.maxLat && p.lng >= XIANGXI_BOX.minLng && p.lng <= XIANGXI_BOX.maxLng;

function allPoints(u: DemoOrgUnit): DemoLatLng[] {
  if (u.level !== 'village') return [u.center];
  return [u.center, ...(u.fence.kind === 'circle' ? [u.fence.center] : u.fence.points)];
}

// ── Tests ─────────────────────────────────────────────────────────────────────────────────────

describe('demo org tree', () => {
  test('has exactly 1 city, 2 counties, 4 townships and 20 villages', () => {
    const count = (level: DemoOrgLevel) => DEMO_ORG_UNITS.filter((u) => u.level === level).length;
    expect(count('city')).toBe(1);
    expect(count('county')).toBe(2);
    expect(count('township')).toBe(4);
    expect(count('village')).toBe(20);
    expect(DEMO_ORG_UNITS).toHaveLength(1 + DEMO_COUNTIES.length + DEMO_TOWNSHIPS.length + DEMO_VILLAGES.length);
    expect(DEMO_ORG_UNITS[0]).toBe(DEMO_CITY);
  });

  test('unit ids are unique ASCII slugs with the prefix of their level, names are Chinese and unique', () => {
    const ids = DEMO_ORG_UNITS.map((u) => u.id);
    expect(new Set(ids).size).toBe(ids.length);
    const prefix: Record<DemoOrgLevel, string> = { city: 'city-', county: 'county-', township: 'town-', village: 'vil-' };
    for (const u of DEMO_ORG_UNITS) {
      expect(u.id).toMatch(/^[a-z]+-[a-z0-9-]+$/);
      expect(u.id.startsWith(prefix[u.level])).toBe(true);
      expect(u.name).toMatch(/^[\u4e00-\u9fff]+$/);
    }
    const names = DEMO_ORG_UNITS.map((u) => u.name);
    expect(new Set(names).size).toBe(names.length);
  });

  test('every parent resolves to a unit one level up; 2 townships per county, 5 villages per township', () => {
    const parentLevel: Record<DemoOrgLevel, DemoOrgLevel | null> = { city: null, county: 'city', township: 'county', village: 'township' };
    for (const u of DEMO_ORG_UNITS) {
      const expected = parentLevel[u.level];
      if (expected === null) expect(u.parentId).toBeNull();
      else expect(levelOf(u.parentId as string)).toBe(expected);
    }
    for (const c of DEMO_COUNTIES) expect(DEMO_TOWNSHIPS.filter((t) => t.parentId === c.id)).toHaveLength(2);
    for (const t of DEMO_TOWNSHIPS) expect(DEMO_VILLAGES.filter((v) => v.parentId === t.id)).toHaveLength(5);
  });

  test('villages are named 村, townships 镇/乡, counties 县/市', () => {
    for (const v of DEMO_VILLAGES) expect(v.name.endsWith('村')).toBe(true);
    for (const t of DEMO_TOWNSHIPS) expect(/[镇乡]$/.test(t.name)).toBe(true);
    for (const c of DEMO_COUNTIES) expect(/[县市]$/.test(c.name)).toBe(true);
  });

  test('every coordinate lies in the 湘西 bounding box', () => {
    for (const u of DEMO_ORG_UNITS) for (const p of allPoints(u)) expect(inXiangxi(p)).toBe(true);
  });

  test('children lie near their parent (villages within 15 km of the township seat, townships within 45 km of the county seat)', () => {
    for (const v of DEMO_VILLAGES) expect(distanceM(v.center, (unitById.get(v.parentId) as DemoOrgUnit).center)).toBeLessThan(15_000);
    for (const t of DEMO_TOWNSHIPS) expect(distanceM(t.center, (unitById.get(t.parentId) as DemoOrgUnit).center)).toBeLessThan(45_000);
  });

  test('village centres are at least 1 km apart', () => {
    for (let i = 0; i < DEMO_VILLAGES.length; i++) {
      for (let j = i + 1; j < DEMO_VILLAGES.length; j++) {
        expect(distanceM(DEMO_VILLAGES[i].center, DEMO_VILLAGES[j].center)).toBeGreaterThan(1000);
      }
    }
  });

  test('every village states how accurate its centre is', () => {
    for (const v of DEMO_VILLAGES) {
      expect(v.centerAccuracyM).toBeGreaterThan(0);
      expect(v.centerAccuracyM).toBeLessThanOrEqual(10_000);
    }
  });
});

describe('demo fences', () => {
  test('circles are 500–1500 m and contain the village centre', () => {
    for (const v of DEMO_VILLAGES) {
      if (v.fence.kind !== 'circle') continue;
      expect(v.fence.radiusM).toBeGreaterThanOrEqual(500);
      expect(v.fence.radiusM).toBeLessThanOrEqual(1500);
      expect(distanceM(v.fence.center, v.center)).toBeLessThanOrEqual(v.fence.radiusM);
    }
  });

  test('polygons have 4–8 points, are simple, village-sized, and contain (or come within 300 m of) the centre', () => {
    for (const v of DEMO_VILLAGES) {
      if (v.fence.kind !== 'polygon') continue;
      const pts = v.fence.points;
      expect(pts.length).toBeGreaterThanOrEqual(4);
      expect(pts.length).toBeLessThanOrEqual(8);
      expect(isSimple(v.fence)).toBe(true);
      expect(distanceToPolygonM(v.center, pts)).toBeLessThanOrEqual(300);
      for (const p of pts) {
        expect(distanceM(p, v.center)).toBeGreaterThan(100);
        expect(distanceM(p, v.center)).toBeLessThan(2500);
      }
    }
  });

  test('at least four polygons, at least one of them concave', () => {
    const polygons = DEMO_VILLAGES.flatMap((v) => (v.fence.kind === 'polygon' ? [v.fence] : []));
    expect(polygons.length).toBeGreaterThanOrEqual(4);
    expect(polygons.some(isConcave)).toBe(true);
  });

  test('the geometry helpers themselves behave', () => {
    const square: DemoPolygonFence = {
      kind: 'polygon',
      points: [{ lat: 28, lng: 109 }, { lat: 28, lng: 109.01 }, { lat: 28.01, lng: 109.01 }, { lat: 28.01, lng: 109 }],
    };
    const dart: DemoPolygonFence = {
      kind: 'polygon',
      points: [{ lat: 28, lng: 109 }, { lat: 28.005, lng: 109.005 }, { lat: 28, lng: 109.01 }, { lat: 28.01, lng: 109.005 }],
    };
    const bowtie: DemoPolygonFence = {
      kind: 'polygon',
      points: [{ lat: 28, lng: 109 }, { lat: 28.01, lng: 109.01 }, { lat: 28, lng: 109.01 }, { lat: 28.01, lng: 109 }],
    };
    expect(pointInPolygon({ lat: 28.005, lng: 109.005 }, square.points)).toBe(true);
    expect(pointInPolygon({ lat: 28.02, lng: 109.005 }, square.points)).toBe(false);
    expect(isConcave(square)).toBe(false);
    expect(isConcave(dart)).toBe(true);
    expect(isSimple(square)).toBe(true);
    expect(isSimple(bowtie)).toBe(false);
    expect(distanceM({ lat: 28, lng: 109 }, { lat: 28.01, lng: 109 })).toBeCloseTo(1112, -1);
  });
});

describe('demo people', () => {
  test('there are 60–80 people', () => {
    expect(DEMO_PEOPLE.length).toBeGreaterThanOrEqual(60);
    expect(DEMO_PEOPLE.length).toBeLessThanOrEqual(80);
  });

  test('ids, openids and phones are unique and well-formed; ids do not collide with unit ids', () => {
    const ids = DEMO_PEOPLE.map((p) => p.id);
    const openids = DEMO_PEOPLE.map((p) => p.openid);
    const phones = DEMO_PEOPLE.map((p) => p.phone);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(openids).size).toBe(openids.length);
    expect(new Set(phones).size).toBe(phones.length);
    for (const p of DEMO_PEOPLE) {
      expect(p.id).toMatch(/^p-[a-z0-9-]+$/);
      expect(p.openid).toMatch(/^demo-[a-z0-9-]+$/);
      expect(p.phone).toMatch(/^1380000\d{4}$/);
      expect(p.name).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
      expect(p.title.length).toBeGreaterThan(0);
      expect(p.grants.length).toBeGreaterThan(0);
      expect(unitById.has(p.id)).toBe(false);
    }
  });

  test('every grant points at an existing unit of a level its role allows', () => {
    for (const { grant } of allGrants) {
      expect(unitById.has(grant.orgUnitId)).toBe(true);
      expect(GRANT_LEVELS[grant.role]).toContain(levelOf(grant.orgUnitId));
    }
  });

  test('every role is granted to someone, and DEMO_ROLES lists each role once', () => {
    expect(new Set(DEMO_ROLES).size).toBe(DEMO_ROLES.length);
    expect([...DEMO_ROLES].sort()).toEqual(Object.keys(GRANT_LEVELS).sort());
    const granted = new Set(allGrants.map(({ grant }) => grant.role));
    for (const role of DEMO_ROLES) expect(granted.has(role)).toBe(true);
  });

  test('cadre assignments: same village as the grant, a dispatching unit, a real 2026 start date', () => {
    for (const g of cadreGrants) {
      expect(g.assignment.villageId).toBe(g.orgUnitId);
      expect(levelOf(g.assignment.villageId)).toBe('village');
      expect(g.assignment.dispatchingUnit).toMatch(/^[\u4e00-\u9fff]{3,}$/);
      expect(g.assignment.start).toMatch(/^2026-\d{2}-\d{2}$/);
      const d = new Date(`${g.assignment.start}T00:00:00Z`);
      expect(d.toISOString().slice(0, 10)).toBe(g.assignment.start);
      if (g.assignment.end !== undefined) expect(g.assignment.end > g.assignment.start).toBe(true);
    }
  });

  test('each village has exactly one first secretary; there are team members and stationed leaders', () => {
    for (const v of DEMO_VILLAGES) {
      expect(cadreGrants.filter((g) => g.kind === 'firstSecretary' && g.orgUnitId === v.id)).toHaveLength(1);
    }
    expect(cadreGrants.some((g) => g.kind === 'teamMember')).toBe(true);
    const leaderTownships = new Set(
      cadreGrants.filter((g) => g.kind === 'stationedLeader').map((g) => (unitById.get(g.orgUnitId) as DemoOrgUnit).parentId),
    );
    expect(leaderTownships.size).toBeGreaterThanOrEqual(2);
  });

  test('organisation staff at every township, every county and the city; leave approvers at every level', () => {
    const unitsWith = (role: DemoRole) => new Set(allGrants.filter(({ grant }) => grant.role === role).map(({ grant }) => grant.orgUnitId));
    const staffUnits = unitsWith('staff');
    const approverUnits = unitsWith('approver');
    for (const u of [DEMO_CITY, ...DEMO_COUNTIES, ...DEMO_TOWNSHIPS]) {
      expect(staffUnits.has(u.id)).toBe(true);
      expect(approverUnits.has(u.id)).toBe(true);
    }
  });

  test('in each county one discipline officer and two departments', () => {
    const discipline = allGrants.filter(({ grant }) => grant.role === 'discipline');
    const departments = allGrants.flatMap(({ grant }) => (grant.role === 'department' ? [grant] : []));
    expect(discipline).toHaveLength(2);
    expect(departments).toHaveLength(4);
    for (const c of DEMO_COUNTIES) {
      expect(discipline.filter(({ grant }) => grant.orgUnitId === c.id)).toHaveLength(1);
      expect(departments.filter((d) => d.orgUnitId === c.id)).toHaveLength(2);
    }
    expect(new Set(departments.map((d) => d.department.id)).size).toBe(4);
    for (const d of departments) {
      expect(d.department.id).toMatch(/^dept-[a-z0-9-]+$/);
      // Named as the county's own bureau (花垣县民政局), as the complaint pages show it.
      expect(d.department.name.startsWith(unitById.get(d.orgUnitId)!.name)).toBe(true);
    }
  });

  test('every village with a demo villager has a 村群管理员 (its group is seeded bound)', () => {
    const administered = new Set(allGrants.filter(({ grant }) => grant.role === 'groupAdmin').map(({ grant }) => grant.orgUnitId));
    for (const { grant } of allGrants) if (grant.role === 'villager') expect(administered.has(grant.orgUnitId)).toBe(true);
  });

  test('a group admin administers several villages', () => {
    const byPerson = DEMO_PEOPLE.map((p) => p.grants.filter((g) => g.role === 'groupAdmin').length);
    expect(Math.max(...byPerson)).toBeGreaterThanOrEqual(2);
  });

  test('at least two villagers per township, each with a village', () => {
    for (const t of DEMO_TOWNSHIPS) {
      const villagers = allGrants.filter(
        ({ grant }) => grant.role === 'villager' && (unitById.get(grant.orgUnitId) as DemoOrgUnit).parentId === t.id,
      );
      expect(villagers.length).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('DEMO_LOGINS', () => {
  test('one login per role, each matching a person who holds that role at that unit', () => {
    expect(DEMO_LOGINS.map((l) => l.role).sort()).toEqual([...DEMO_ROLES].sort());
    for (const login of DEMO_LOGINS) {
      const person = DEMO_PEOPLE.find((p) => p.id === login.id);
      expect(person).toBeDefined();
      expect(person?.name).toBe(login.name);
      expect(person?.openid).toBe(login.openid);
      expect(person?.grants.some((g) => g.role === login.role && g.orgUnitId === login.unitId)).toBe(true);
      expect(unitById.get(login.unitId)?.name).toBe(login.unitName);
    }
  });
});

describe('DEMO_COMPLAINT_LOGINS', () => {
  test('a villager, a 村群管理员, the township, departments and discipline staff of one village, each matching a person', () => {
    expect(new Set(DEMO_COMPLAINT_LOGINS.map((l) => l.role))).toEqual(new Set(['villager', 'groupAdmin', 'staff', 'department', 'discipline']));
    const village = unitById.get('vil-shibadong')!;
    const path = ['city-xiangxi', 'county-huayuan', 'town-shuanglong', village.id];
    for (const login of DEMO_COMPLAINT_LOGINS) {
      const person = DEMO_PEOPLE.find((p) => p.id === login.id);
      expect(person).toMatchObject({ name: login.name, openid: login.openid });
      expect(person?.grants.some((g) => g.role === login.role && g.orgUnitId === login.unitId)).toBe(true);
      expect(unitById.get(login.unitId)?.name).toBe(login.unitName);
      // Everyone reaches 十八洞村, where the demo complaints are.
      expect(path).toContain(login.unitId);
      expect(login.tryIt).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
