/**
 * The demo county: plain data that `npm start` loads into the local cloud.
 *
 * One real prefecture (湘西土家族苗族自治州, the home of seed 001's village WeChat groups), two real
 * counties (花垣县, 保靖县), two real townships in each, five real villages in each township, and
 * about seventy invented people (names, phones and openids are fictitious; nobody here is a real
 * official). Only types defined in this file are used: no imports, no helpers.
 *
 * ── Where the names come from ─────────────────────────────────────────────────────────────────
 * - 双龙镇 was formed on 2015-11-30 from 排料乡, 排碧乡 and 董马库乡 (Wikipedia "Shuanglong, Hunan").
 *   十八洞村 (Xinhua / 花垣县文旅广电局: "位于双龙镇西南部… 距矮寨大桥8公里, 距县城34公里") and 金龙村
 *   (新湖南 2024-10-03: "花垣县双龙镇金龙村… 位于花垣、保靖、吉首交界处") are confirmed.
 *   双龙村 is named in 湖南日报 2018-01-31 ("华天集团驻花垣县双龙村扶贫工作队"); 排碧村 and 董马库村
 *   are the villages named after the seats of the merged townships. These three names are the
 *   least certain in this file (villages were merged again in 2016): check before showing them
 *   to real users.
 * - 边城镇 (formerly 茶峒镇): 和平村, 隘门村, 磨老村, 大寨村, 板栗村 are in the town's 2020 list of
 *   villages (national statistical division codes 433124108xxx, as mirrored by tcmap-style sites).
 * - 吕洞山镇 (formerly 夯沙乡, seat 夯沙村): 夯沙村, 吕洞村, 夯吉村, 黄金村, 排捧村 are named in the
 *   town's 2023 self-description (15 villages; 黄金村 moved here from 葫芦镇).
 * - 葫芦镇: 葫芦村 (seat), 枫香村, 国茶村, 木耳村, 尖岩村 are in its June-2020 list of 11 villages.
 *
 * ── How reliable the coordinates are (read this before relying on a fence) ────────────────────
 * All coordinates are GCJ-02, the system of Chinese maps and of `wx.getLocation({ type: 'gcj02' })`.
 * They were first fixed in WGS-84 and then shifted to GCJ-02 with the standard WGS-84→GCJ-02
 * formula (the `gcoord` package; the shift here is about 450 m east and 380 m south).
 * - Anchors: 保靖县 seat 28.7114N 109.6477E and 双龙镇 28.4318N 109.5753E are the coordinates given
 *   by Wikipedia; 花垣县 seat (28.5717N 109.4822E) and the 吉首 centre are from general knowledge.
 *   These are good to about 1 km.
 * - Villages and the 边城/吕洞山/葫芦 seats were NOT read off a map: no map service is reachable
 *   from here. They were placed from published distances and bearings (e.g. 十八洞 8 km by road
 *   from the 矮寨 bridge and south-west of the 双龙镇 seat; 夯沙乡 bordered on the south by 排料乡 and
 *   董马库乡; 葫芦镇 35 km from 保靖县城 and 15 km from 吉首) and general knowledge of the area.
 *   Each village states its estimated error in `centerAccuracyM` (2–5 km). They are in the right
 *   township and the right corner of it, not on the village office. For a field trial, re-pick
 *   every village centre on a GCJ-02 map (e.g. the Tencent map coordinate picker) and redraw
 *   the fences around the real houses; the shapes and radii below are sized for a village but
 *   drawn around the estimated centre.
 */

// ── Types ──────────────────────────────────────────────────────────────────────────────────────

/** The coordinate system of every `lat`/`lng` in this file. */
export type DemoCoordinateSystem = 'gcj02';
export const DEMO_COORDINATE_SYSTEM: DemoCoordinateSystem = 'gcj02';

/** A point in GCJ-02 degrees. */
export interface DemoLatLng {
  readonly lat: number;
  readonly lng: number;
}

export type DemoOrgLevel = 'city' | 'county' | 'township' | 'village';

export type DemoCityId = `city-${string}`;
export type DemoCountyId = `county-${string}`;
export type DemoTownshipId = `town-${string}`;
export type DemoVillageId = `vil-${string}`;
export type DemoOrgUnitId = DemoCityId | DemoCountyId | DemoTownshipId | DemoVillageId;

export interface DemoCircleFence {
  readonly kind: 'circle';
  readonly center: DemoLatLng;
  /** 500–1500 m. */
  readonly radiusM: number;
}

export interface DemoPolygonFence {
  readonly kind: 'polygon';
  /** 4–8 vertices, in order, not closed (the last point is not a repeat of the first). */
  readonly points: readonly DemoLatLng[];
}

export type DemoFence = DemoCircleFence | DemoPolygonFence;

export interface DemoCity {
  readonly id: DemoCityId;
  readonly level: 'city';
  readonly name: string;
  readonly parentId: null;
  /** The seat of the prefecture's government (吉首). */
  readonly center: DemoLatLng;
}

export interface DemoCounty {
  readonly id: DemoCountyId;
  readonly level: 'county';
  readonly name: string;
  readonly parentId: DemoCityId;
  /** The county seat. */
  readonly center: DemoLatLng;
}

export interface DemoTownship {
  readonly id: DemoTownshipId;
  readonly level: 'township';
  readonly name: string;
  readonly parentId: DemoCountyId;
  /** The seat of the township government. */
  readonly center: DemoLatLng;
}

export interface DemoVillage {
  readonly id: DemoVillageId;
  readonly level: 'village';
  readonly name: string;
  readonly parentId: DemoTownshipId;
  /** Approximate centre of the village (GCJ-02). */
  readonly center: DemoLatLng;
  /** Estimated error of `center`, in metres (see the header comment). */
  readonly centerAccuracyM: number;
  /** Where a check-in counts as "in the village". */
  readonly fence: DemoFence;
}

export type DemoOrgUnit = DemoCity | DemoCounty | DemoTownship | DemoVillage;

export type DemoRole =
  | 'cadre'
  | 'staff'
  | 'approver'
  | 'discipline'
  | 'department'
  | 'groupAdmin'
  | 'tutor'
  | 'villager';

/** Every role, once. */
export const DEMO_ROLES: readonly DemoRole[] = [
  'cadre',
  'staff',
  'approver',
  'discipline',
  'department',
  'groupAdmin',
  'tutor',
  'villager',
];

export type DemoCadreKind = 'firstSecretary' | 'teamMember' | 'stationedLeader';

/** `YYYY-MM-DD`. */
export type DemoIsoDate = `${number}-${number}-${number}`;

/** A cadre's posting to a village (选派/派驻). */
export interface DemoAssignment {
  readonly villageId: DemoVillageId;
  /** 派出单位: where the cadre normally works. */
  readonly dispatchingUnit: string;
  readonly start: DemoIsoDate;
  readonly end?: DemoIsoDate;
}

export interface DemoCadreGrant {
  readonly role: 'cadre';
  /** The village the cadre is stationed in (the same as `assignment.villageId`). */
  readonly orgUnitId: DemoVillageId;
  readonly kind: DemoCadreKind;
  readonly assignment: DemoAssignment;
}

export interface DemoStaffGrant {
  readonly role: 'staff';
  /** The organisation department's area: its whole subtree. */
  readonly orgUnitId: DemoCityId | DemoCountyId | DemoTownshipId;
}

export interface DemoApproverGrant {
  readonly role: 'approver';
  /** Approves leave at this level (township → county → city). */
  readonly orgUnitId: DemoCityId | DemoCountyId | DemoTownshipId;
}

export interface DemoDisciplineGrant {
  readonly role: 'discipline';
  readonly orgUnitId: DemoCountyId;
}

export interface DemoDepartmentGrant {
  readonly role: 'department';
  readonly orgUnitId: DemoCountyId;
  /** The functional department (职能部门) the person handles complaints for. */
  readonly department: { readonly id: `dept-${string}`; readonly name: string };
}

export interface DemoGroupAdminGrant {
  readonly role: 'groupAdmin';
  /** One grant per village WeChat group the person administers. */
  readonly orgUnitId: DemoVillageId;
}

export interface DemoTutorGrant {
  readonly role: 'tutor';
  readonly orgUnitId: DemoCityId | DemoCountyId;
  readonly specialty: string;
}

export interface DemoVillagerGrant {
  readonly role: 'villager';
  readonly orgUnitId: DemoVillageId;
}

export type DemoGrant =
  | DemoCadreGrant
  | DemoStaffGrant
  | DemoApproverGrant
  | DemoDisciplineGrant
  | DemoDepartmentGrant
  | DemoGroupAdminGrant
  | DemoTutorGrant
  | DemoVillagerGrant;

export type DemoPersonId = `p-${string}`;
/** A demo stand-in for a WeChat OPENID. */
export type DemoOpenid = `demo-${string}`;
/** Fictitious numbers only: 1380000xxxx. */
export type DemoPhone = `1380000${string}`;

export interface DemoPerson {
  readonly id: DemoPersonId;
  readonly openid: DemoOpenid;
  /** Invented name. */
  readonly name: string;
  readonly phone: DemoPhone;
  /** Post, as shown in lists (职务). */
  readonly title: string;
  readonly grants: readonly DemoGrant[];
}

/** One representative login per role, for the README and the `npm start` banner. */
export interface DemoLogin {
  readonly id: DemoPersonId;
  readonly name: string;
  readonly openid: DemoOpenid;
  readonly role: DemoRole;
  readonly unitId: DemoOrgUnitId;
  readonly unitName: string;
}

// ── Organisation tree ──────────────────────────────────────────────────────────────────────────

export const DEMO_CITY: DemoCity = {
  id: 'city-xiangxi',
  level: 'city',
  name: '湘西土家族苗族自治州',
  parentId: null,
  center: { lat: 28.272583, lng: 109.716701 },
};

export const DEMO_COUNTIES: readonly DemoCounty[] = [
  { id: 'county-huayuan', level: 'county', name: '花垣县', parentId: 'city-xiangxi', center: { lat: 28.568432, lng: 109.486965 } },
  { id: 'county-baojing', level: 'county', name: '保靖县', parentId: 'city-xiangxi', center: { lat: 28.708018, lng: 109.652296 } },
];

export const DEMO_TOWNSHIPS: readonly DemoTownship[] = [
  // Seat from Wikipedia (28.4318N 109.5753E WGS-84).
  { id: 'town-shuanglong', level: 'township', name: '双龙镇', parentId: 'county-huayuan', center: { lat: 28.428257, lng: 109.579824 } },
  // 茶洞, about 25 km by road west of the county seat; estimated, ±3 km.
  { id: 'town-biancheng', level: 'township', name: '边城镇', parentId: 'county-huayuan', center: { lat: 28.466667, lng: 109.294648 } },
  // Seat at 夯沙村; estimated, ±3 km.
  { id: 'town-lvdongshan', level: 'township', name: '吕洞山镇', parentId: 'county-baojing', center: { lat: 28.421487, lng: 109.649571 } },
  // Seat at 葫芦村; estimated, ±4 km.
  { id: 'town-hulu', level: 'township', name: '葫芦镇', parentId: 'county-baojing', center: { lat: 28.451595, lng: 109.704692 } },
];

export const DEMO_VILLAGES: readonly DemoVillage[] = [
  // 双龙镇 ------------------------------------------------------------------------------------
  {
    // South-west of the town seat; four hamlets strung along a gorge, hence a long, bent fence.
    id: 'vil-shibadong', level: 'village', name: '十八洞村', parentId: 'town-shuanglong',
    center: { lat: 28.381476, lng: 109.559549 }, centerAccuracyM: 3000,
    fence: {
      kind: 'polygon',
      points: [
        { lat: 28.375188, lng: 109.544233 }, { lat: 28.37923, lng: 109.552402 }, { lat: 28.378332, lng: 109.559549 },
        { lat: 28.382823, lng: 109.567717 }, { lat: 28.389561, lng: 109.572822 }, { lat: 28.390908, lng: 109.566696 },
        { lat: 28.385069, lng: 109.56057 }, { lat: 28.38462, lng: 109.548318 },
      ],
    },
  },
  {
    // "Cliff-top Miao village" where 花垣, 保靖 and 吉首 meet; crescent along the cliff edge.
    id: 'vil-jinlong', level: 'village', name: '金龙村', parentId: 'town-shuanglong',
    center: { lat: 28.388439, lng: 109.612517 }, centerAccuracyM: 3000,
    fence: {
      kind: 'polygon',
      points: [
        { lat: 28.383947, lng: 109.605369 }, { lat: 28.3826, lng: 109.612517 }, { lat: 28.384397, lng: 109.619665 },
        { lat: 28.390685, lng: 109.621196 }, { lat: 28.388439, lng: 109.61558 }, { lat: 28.389786, lng: 109.610475 },
        { lat: 28.391134, lng: 109.604859 },
      ],
    },
  },
  {
    id: 'vil-shuanglong', level: 'village', name: '双龙村', parentId: 'town-shuanglong',
    center: { lat: 28.446482, lng: 109.564545 }, centerAccuracyM: 5000,
    fence: { kind: 'circle', center: { lat: 28.446482, lng: 109.564545 }, radiusM: 1000 },
  },
  {
    // By the town seat (the former 排碧乡 seat).
    id: 'vil-paibi', level: 'village', name: '排碧村', parentId: 'town-shuanglong',
    center: { lat: 28.426459, lng: 109.577526 }, centerAccuracyM: 2000,
    fence: { kind: 'circle', center: { lat: 28.426459, lng: 109.577526 }, radiusM: 800 },
  },
  {
    // The former 董马库乡 seat, between the town seat and 金龙村.
    id: 'vil-dongmaku', level: 'village', name: '董马库村', parentId: 'town-shuanglong',
    center: { lat: 28.401452, lng: 109.626532 }, centerAccuracyM: 4000,
    fence: { kind: 'circle', center: { lat: 28.401452, lng: 109.626532 }, radiusM: 900 },
  },

  // 边城镇 (placed around the 茶洞 seat; ±5 km) -------------------------------------------------
  {
    id: 'vil-aimen', level: 'village', name: '隘门村', parentId: 'town-biancheng',
    center: { lat: 28.451694, lng: 109.314693 }, centerAccuracyM: 5000,
    fence: { kind: 'circle', center: { lat: 28.451694, lng: 109.314693 }, radiusM: 1000 },
  },
  {
    id: 'vil-molao', level: 'village', name: '磨老村', parentId: 'town-biancheng',
    center: { lat: 28.486724, lng: 109.324721 }, centerAccuracyM: 5000,
    fence: { kind: 'circle', center: { lat: 28.486724, lng: 109.324721 }, radiusM: 900 },
  },
  {
    id: 'vil-dazhai', level: 'village', name: '大寨村', parentId: 'town-biancheng',
    center: { lat: 28.441642, lng: 109.279619 }, centerAccuracyM: 5000,
    fence: { kind: 'circle', center: { lat: 28.441642, lng: 109.279619 }, radiusM: 800 },
  },
  {
    id: 'vil-heping', level: 'village', name: '和平村', parentId: 'town-biancheng',
    center: { lat: 28.476643, lng: 109.264602 }, centerAccuracyM: 5000,
    fence: { kind: 'circle', center: { lat: 28.476643, lng: 109.264602 }, radiusM: 1000 },
  },
  {
    id: 'vil-banli', level: 'village', name: '板栗村', parentId: 'town-biancheng',
    center: { lat: 28.496692, lng: 109.304672 }, centerAccuracyM: 5000,
    fence: { kind: 'circle', center: { lat: 28.496692, lng: 109.304672 }, radiusM: 700 },
  },

  // 吕洞山镇 ------------------------------------------------------------------------------------
  {
    // Town seat; the village spreads up two valleys, hence an L-shaped fence.
    id: 'vil-hangsha', level: 'village', name: '夯沙村', parentId: 'town-lvdongshan',
    center: { lat: 28.421487, lng: 109.649571 }, centerAccuracyM: 3000,
    fence: {
      kind: 'polygon',
      points: [
        { lat: 28.416097, lng: 109.6414 }, { lat: 28.416097, lng: 109.6557 }, { lat: 28.420589, lng: 109.6557 },
        { lat: 28.420589, lng: 109.651103 }, { lat: 28.427775, lng: 109.651103 }, { lat: 28.427775, lng: 109.6414 },
      ],
    },
  },
  {
    // At the foot of 吕洞山, south-east of the seat.
    id: 'vil-lvdong', level: 'village', name: '吕洞村', parentId: 'town-lvdongshan',
    center: { lat: 28.408514, lng: 109.666607 }, centerAccuracyM: 3000,
    fence: {
      kind: 'polygon',
      points: [
        { lat: 28.405819, lng: 109.659969 }, { lat: 28.403124, lng: 109.666607 }, { lat: 28.405819, lng: 109.673245 },
        { lat: 28.411658, lng: 109.673245 }, { lat: 28.414353, lng: 109.666607 }, { lat: 28.411658, lng: 109.659969 },
      ],
    },
  },
  {
    id: 'vil-hangji', level: 'village', name: '夯吉村', parentId: 'town-lvdongshan',
    center: { lat: 28.428465, lng: 109.632542 }, centerAccuracyM: 4000,
    fence: { kind: 'circle', center: { lat: 28.428465, lng: 109.632542 }, radiusM: 800 },
  },
  {
    // Home of 保靖黄金茶; north of the seat, towards 葫芦镇 (it belonged to 葫芦镇 until 2015).
    id: 'vil-huangjin', level: 'village', name: '黄金村', parentId: 'town-lvdongshan',
    center: { lat: 28.444523, lng: 109.666609 }, centerAccuracyM: 4000,
    fence: { kind: 'circle', center: { lat: 28.444523, lng: 109.666609 }, radiusM: 1200 },
  },
  {
    id: 'vil-paipeng', level: 'village', name: '排捧村', parentId: 'town-lvdongshan',
    center: { lat: 28.414461, lng: 109.632541 }, centerAccuracyM: 4000,
    fence: { kind: 'circle', center: { lat: 28.414461, lng: 109.632541 }, radiusM: 700 },
  },

  // 葫芦镇 ------------------------------------------------------------------------------------
  {
    // Town seat (镇人民政府驻葫芦村一组水井湾).
    id: 'vil-hulu', level: 'village', name: '葫芦村', parentId: 'town-hulu',
    center: { lat: 28.451595, lng: 109.704692 }, centerAccuracyM: 4000,
    fence: {
      kind: 'polygon',
      points: [
        { lat: 28.446654, lng: 109.69754 }, { lat: 28.446205, lng: 109.711333 },
        { lat: 28.455637, lng: 109.712355 }, { lat: 28.457434, lng: 109.699073 },
      ],
    },
  },
  {
    id: 'vil-fengxiang', level: 'village', name: '枫香村', parentId: 'town-hulu',
    center: { lat: 28.466582, lng: 109.694673 }, centerAccuracyM: 4000,
    fence: { kind: 'circle', center: { lat: 28.466582, lng: 109.694673 }, radiusM: 900 },
  },
  {
    id: 'vil-guocha', level: 'village', name: '国茶村', parentId: 'town-hulu',
    center: { lat: 28.438571, lng: 109.692667 }, centerAccuracyM: 4000,
    fence: { kind: 'circle', center: { lat: 28.438571, lng: 109.692667 }, radiusM: 1000 },
  },
  {
    id: 'vil-muer', level: 'village', name: '木耳村', parentId: 'town-hulu',
    center: { lat: 28.461623, lng: 109.722723 }, centerAccuracyM: 4000,
    fence: { kind: 'circle', center: { lat: 28.461623, lng: 109.722723 }, radiusM: 800 },
  },
  {
    id: 'vil-jianyan', level: 'village', name: '尖岩村', parentId: 'town-hulu',
    center: { lat: 28.444622, lng: 109.726727 }, centerAccuracyM: 4000,
    fence: { kind: 'circle', center: { lat: 28.444622, lng: 109.726727 }, radiusM: 900 },
  },
];

/** The whole tree, parents before children. */
export const DEMO_ORG_UNITS: readonly DemoOrgUnit[] = [DEMO_CITY, ...DEMO_COUNTIES, ...DEMO_TOWNSHIPS, ...DEMO_VILLAGES];

// ── People ─────────────────────────────────────────────────────────────────────────────────────
// All names are invented; phones are in the fictitious 1380000xxxx range.

export const DEMO_PEOPLE: readonly DemoPerson[] = [
  // 湘西州 (city) ---------------------------------------------------------------------------------
  {
    id: 'p-city-staff-xiang', openid: 'demo-city-staff-xiang', name: '向晓岚', phone: '13800000001',
    title: '州委组织部组织二科科长', grants: [{ role: 'staff', orgUnitId: 'city-xiangxi' }],
  },
  {
    id: 'p-city-staff-peng', openid: 'demo-city-staff-peng', name: '彭立军', phone: '13800000002',
    title: '州委组织部驻村办干部', grants: [{ role: 'staff', orgUnitId: 'city-xiangxi' }],
  },
  {
    id: 'p-city-approver', openid: 'demo-city-approver', name: '田茂松', phone: '13800000003',
    title: '州委组织部副部长', grants: [{ role: 'approver', orgUnitId: 'city-xiangxi' }],
  },
  {
    id: 'p-tutor', openid: 'demo-tutor', name: '麻绍华', phone: '13800000004',
    title: '驻村辅导师（州农业科学院退休研究员）',
    grants: [{ role: 'tutor', orgUnitId: 'city-xiangxi', specialty: '茶叶、猕猴桃种植与村级集体经济' }],
  },

  // 花垣县 (county) -------------------------------------------------------------------------------
  {
    id: 'p-hy-staff', openid: 'demo-hy-staff', name: '石慧敏', phone: '13800000005',
    title: '花垣县委组织部组织股股长', grants: [{ role: 'staff', orgUnitId: 'county-huayuan' }],
  },
  {
    id: 'p-hy-approver', openid: 'demo-hy-approver', name: '吴国平', phone: '13800000006',
    title: '花垣县委组织部常务副部长', grants: [{ role: 'approver', orgUnitId: 'county-huayuan' }],
  },
  {
    id: 'p-hy-discipline', openid: 'demo-hy-discipline', name: '麻建军', phone: '13800000064',
    title: '花垣县纪委监委第二监督检查室主任', grants: [{ role: 'discipline', orgUnitId: 'county-huayuan' }],
  },
  {
    id: 'p-hy-dept-civil', openid: 'demo-hy-dept-civil', name: '吴春兰', phone: '13800000065',
    title: '花垣县民政局社会救助股股长',
    grants: [{ role: 'department', orgUnitId: 'county-huayuan', department: { id: 'dept-huayuan-civil', name: '花垣县民政局' } }],
  },
  {
    id: 'p-hy-dept-transport', openid: 'demo-hy-dept-transport', name: '龙海波', phone: '13800000066',
    title: '花垣县交通运输局公路建设股干部',
    grants: [{ role: 'department', orgUnitId: 'county-huayuan', department: { id: 'dept-huayuan-transport', name: '花垣县交通运输局' } }],
  },

  // 保靖县 (county) -------------------------------------------------------------------------------
  {
    id: 'p-bj-staff', openid: 'demo-bj-staff', name: '彭雪芳', phone: '13800000007',
    title: '保靖县委组织部组织股干部', grants: [{ role: 'staff', orgUnitId: 'county-baojing' }],
  },
  {
    id: 'p-bj-approver', openid: 'demo-bj-approver', name: '向勇', phone: '13800000008',
    title: '保靖县委组织部副部长', grants: [{ role: 'approver', orgUnitId: 'county-baojing' }],
  },
  {
    id: 'p-bj-discipline', openid: 'demo-bj-discipline', name: '张晓红', phone: '13800000009',
    title: '保靖县纪委监委第三监督检查室主任', grants: [{ role: 'discipline', orgUnitId: 'county-baojing' }],
  },
  {
    id: 'p-bj-dept-police', openid: 'demo-bj-dept-police', name: '梁志刚', phone: '13800000010',
    title: '保靖县公安局指挥中心民警',
    grants: [{ role: 'department', orgUnitId: 'county-baojing', department: { id: 'dept-baojing-police', name: '保靖县公安局' } }],
  },
  {
    id: 'p-bj-dept-agri', openid: 'demo-bj-dept-agri', name: '田玉兰', phone: '13800000011',
    title: '保靖县农业农村局办公室干部',
    grants: [{ role: 'department', orgUnitId: 'county-baojing', department: { id: 'dept-baojing-agri', name: '保靖县农业农村局' } }],
  },

  // Townships: organisation staff, leave approver, stationed leader ----------------------------
  {
    id: 'p-sl-staff', openid: 'demo-sl-staff', name: '龙小燕', phone: '13800000012',
    title: '双龙镇党委组织委员', grants: [{ role: 'staff', orgUnitId: 'town-shuanglong' }],
  },
  {
    id: 'p-sl-approver', openid: 'demo-sl-approver', name: '石光明', phone: '13800000013',
    title: '双龙镇党委书记', grants: [{ role: 'approver', orgUnitId: 'town-shuanglong' }],
  },
  {
    id: 'p-sl-leader', openid: 'demo-sl-leader', name: '杨永贵', phone: '13800000014',
    title: '双龙镇党委副书记（驻点董马库村）',
    grants: [{
      role: 'cadre', orgUnitId: 'vil-dongmaku', kind: 'stationedLeader',
      assignment: { villageId: 'vil-dongmaku', dispatchingUnit: '双龙镇党委', start: '2026-01-05' },
    }],
  },
  {
    id: 'p-bc-staff', openid: 'demo-bc-staff', name: '吴丽萍', phone: '13800000015',
    title: '边城镇党委组织委员', grants: [{ role: 'staff', orgUnitId: 'town-biancheng' }],
  },
  {
    id: 'p-bc-approver', openid: 'demo-bc-approver', name: '杨德胜', phone: '13800000016',
    title: '边城镇党委书记', grants: [{ role: 'approver', orgUnitId: 'town-biancheng' }],
  },
  {
    id: 'p-ld-staff', openid: 'demo-ld-staff', name: '龙春花', phone: '13800000017',
    title: '吕洞山镇党委组织委员', grants: [{ role: 'staff', orgUnitId: 'town-lvdongshan' }],
  },
  {
    id: 'p-ld-approver', openid: 'demo-ld-approver', name: '石成章', phone: '13800000018',
    title: '吕洞山镇党委书记', grants: [{ role: 'approver', orgUnitId: 'town-lvdongshan' }],
  },
  {
    id: 'p-ld-leader', openid: 'demo-ld-leader', name: '梁宏', phone: '13800000019',
    title: '吕洞山镇党委副书记（驻点吕洞村）',
    grants: [{
      role: 'cadre', orgUnitId: 'vil-lvdong', kind: 'stationedLeader',
      assignment: { villageId: 'vil-lvdong', dispatchingUnit: '吕洞山镇党委', start: '2026-01-05' },
    }],
  },
  {
    id: 'p-hl-staff', openid: 'demo-hl-staff', name: '麻金凤', phone: '13800000020',
    title: '葫芦镇党委组织委员', grants: [{ role: 'staff', orgUnitId: 'town-hulu' }],
  },
  {
    id: 'p-hl-approver', openid: 'demo-hl-approver', name: '彭德华', phone: '13800000021',
    title: '葫芦镇党委书记', grants: [{ role: 'approver', orgUnitId: 'town-hulu' }],
  },
  {
    id: 'p-hl-leader', openid: 'demo-hl-leader', name: '田军', phone: '13800000022',
    title: '葫芦镇副镇长（驻点国茶村）',
    grants: [{
      role: 'cadre', orgUnitId: 'vil-guocha', kind: 'stationedLeader',
      assignment: { villageId: 'vil-guocha', dispatchingUnit: '葫芦镇人民政府', start: '2026-01-05' },
    }],
  },

  // Village-group administrators -----------------------------------------------------------------
  {
    id: 'p-ga-lvdongshan', openid: 'demo-ga-lvdongshan', name: '石秀珍', phone: '13800000023',
    title: '吕洞山镇党政办干部（村群管理员）',
    grants: [
      { role: 'groupAdmin', orgUnitId: 'vil-hangsha' },
      { role: 'groupAdmin', orgUnitId: 'vil-lvdong' },
      { role: 'groupAdmin', orgUnitId: 'vil-hangji' },
    ],
  },
  {
    id: 'p-ga-shuanglong', openid: 'demo-ga-shuanglong', name: '龙彩霞', phone: '13800000024',
    title: '双龙镇便民服务中心干部（村群管理员）',
    grants: [
      { role: 'groupAdmin', orgUnitId: 'vil-shibadong' },
      { role: 'groupAdmin', orgUnitId: 'vil-jinlong' },
    ],
  },
  {
    id: 'p-ga-biancheng', openid: 'demo-ga-biancheng', name: '吴金莲', phone: '13800000067',
    title: '边城镇便民服务中心干部（村群管理员）',
    grants: [
      { role: 'groupAdmin', orgUnitId: 'vil-aimen' },
      { role: 'groupAdmin', orgUnitId: 'vil-molao' },
      { role: 'groupAdmin', orgUnitId: 'vil-heping' },
    ],
  },
  {
    id: 'p-ga-hulu', openid: 'demo-ga-hulu', name: '彭春燕', phone: '13800000068',
    title: '葫芦镇党政办干部（村群管理员）',
    grants: [
      { role: 'groupAdmin', orgUnitId: 'vil-hulu' },
      { role: 'groupAdmin', orgUnitId: 'vil-guocha' },
      { role: 'groupAdmin', orgUnitId: 'vil-muer' },
      { role: 'groupAdmin', orgUnitId: 'vil-jianyan' },
    ],
  },
  {
    // A village's own 村支书 may run its group (seed 001).
    id: 'p-ga-huangjin', openid: 'demo-ga-huangjin', name: '向光辉', phone: '13800000069',
    title: '黄金村党支部书记（村群管理员）', grants: [{ role: 'groupAdmin', orgUnitId: 'vil-huangjin' }],
  },

  // First secretaries (第一书记), one per village, and team members (驻村工作队员) ------------------
  // 双龙镇
  {
    id: 'p-fs-shibadong', openid: 'demo-fs-shibadong', name: '蒋文博', phone: '13800000025',
    title: '十八洞村第一书记、驻村工作队队长',
    grants: [{
      role: 'cadre', orgUnitId: 'vil-shibadong', kind: 'firstSecretary',
      assignment: { villageId: 'vil-shibadong', dispatchingUnit: '湘西州财政局', start: '2026-01-05' },
    }],
  },
  {
    id: 'p-tm-shibadong-1', openid: 'demo-tm-shibadong-1', name: '石婷', phone: '13800000026',
    title: '十八洞村驻村工作队员',
    grants: [{
      role: 'cadre', orgUnitId: 'vil-shibadong', kind: 'teamMember',
      assignment: { villageId: 'vil-shibadong', dispatchingUnit: '花垣县人民医院', start: '2026-01-05' },
    }],
  },
  {
    id: 'p-tm-shibadong-2', openid: 'demo-tm-shibadong-2', name: '龙俊杰', phone: '13800000027',
    title: '十八洞村驻村工作队员',
    grants: [{
      role: 'cadre', orgUnitId: 'vil-shibadong', kind: 'teamMember',
      assignment: { villageId: 'vil-shibadong', dispatchingUnit: '国网花垣县供电公司', start: '2026-03-02' },
    }],
  },
  {
    id: 'p-fs-jinlong', openid: 'demo-fs-jinlong', name: '欧阳靖', phone: '13800000028',
    title: '金龙村第一书记',
    grants: [{
      role: 'cadre', orgUnitId: 'vil-jinlong', kind: 'firstSecretary',
      assignment: { villageId: 'vil-jinlong', dispatchingUnit: '湘西州文化旅游广电局', start: '2026-01-05' },
    }],
  },
  {
    id: 'p-tm-jinlong', openid: 'demo-tm-jinlong', name: '吴磊', phone: '13800000029',
    title: '金龙村驻村工作队员',
    grants: [{
      role: 'cadre', orgUnitId: 'vil-jinlong', kind: 'teamMember',
      assignment: { villageId: 'vil-jinlong', dispatchingUnit: '花垣县文化旅游广电局', start: '2026-01-05' },
    }],
  },
  {
    id: 'p-fs-shuanglong', openid: 'demo-fs-shuanglong', name: '彭亚楠', phone: '13800000030',
    title: '双龙村第一书记',
    grants: [{
      role: 'cadre', orgUnitId: 'vil-shuanglong', kind: 'firstSecretary',
      assignment: { villageId: 'vil-shuanglong', dispatchingUnit: '湘西州交通运输局', start: '2026-01-05' },
    }],
  },
  {
    id: 'p-fs-paibi', openid: 'demo-fs-paibi', name: '滕建华', phone: '13800000031',
    title: '排碧村第一书记',
    grants: [{
      role: 'cadre', orgUnitId: 'vil-paibi', kind: 'firstSecretary',
      assignment: { villageId: 'vil-paibi', dispatchingUnit: '花垣县自然资源局', start: '2026-01-05' },
    }],
  },
  {
    id: 'p-fs-dongmaku', openid: 'demo-fs-dongmaku', name: '唐晓峰', phone: '13800000032',
    title: '董马库村第一书记',
    grants: [{
      role: 'cadre', orgUnitId: 'vil-dongmaku', kind: 'firstSecretary',
      assignment: { villageId: 'vil-dongmaku', dispatchingUnit: '中国农业银行湘西分行', start: '2026-01-05' },
    }],
  },
  // 边城镇
  {
    id: 'p-fs-aimen', openid: 'demo-fs-aimen', name: '胡志强', phone: '13800000033',
    title: '隘门村第一书记',
    grants: [{
      role: 'cadre', orgUnitId: 'vil-aimen', kind: 'firstSecretary',
      assignment: { villageId: 'vil-aimen', dispatchingUnit: '花垣县人民医院', start: '2026-01-05' },
    }],
  },
  {
    id: 'p-tm-aimen', openid: 'demo-tm-aimen', name: '宋雅琴', phone: '13800000034',
    title: '隘门村驻村工作队员',
    grants: [{
      role: 'cadre', orgUnitId: 'vil-aimen', kind: 'teamMember',
      assignment: { villageId: 'vil-aimen', dispatchingUnit: '花垣县教育和体育局', start: '2026-01-05' },
    }],
  },
  {
    id: 'p-fs-molao', openid: 'demo-fs-molao', name: '符晓东', phone: '13800000035',
    title: '磨老村第一书记',
    grants: [{
      role: 'cadre', orgUnitId: 'vil-molao', kind: 'firstSecretary',
      assignment: { villageId: 'vil-molao', dispatchingUnit: '湘西州生态环境局', start: '2026-01-05' },
    }],
  },
  {
    id: 'p-fs-dazhai', openid: 'demo-fs-dazhai', name: '瞿丽娟', phone: '13800000036',
    title: '大寨村第一书记',
    grants: [{
      role: 'cadre', orgUnitId: 'vil-dazhai', kind: 'firstSecretary',
      assignment: { villageId: 'vil-dazhai', dispatchingUnit: '花垣县农业农村局', start: '2026-01-05' },
    }],
  },
  {
    id: 'p-fs-heping', openid: 'demo-fs-heping', name: '谭振宇', phone: '13800000037',
    title: '和平村第一书记',
    grants: [{
      role: 'cadre', orgUnitId: 'vil-heping', kind: 'firstSecretary',
      assignment: { villageId: 'vil-heping', dispatchingUnit: '湘西州水利局', start: '2026-01-05' },
    }],
  },
  {
    id: 'p-fs-banli', openid: 'demo-fs-banli', name: '梁海燕', phone: '13800000038',
    title: '板栗村第一书记',
    grants: [{
      role: 'cadre', orgUnitId: 'vil-banli', kind: 'firstSecretary',
      assignment: { villageId: 'vil-banli', dispatchingUnit: '花垣县住房和城乡建设局', start: '2026-01-05' },
    }],
  },
  // 吕洞山镇
  {
    id: 'p-fs-hangsha', openid: 'demo-fs-hangsha', name: '刘振邦', phone: '13800000039',
    title: '夯沙村第一书记、驻村工作队队长',
    grants: [{
      role: 'cadre', orgUnitId: 'vil-hangsha', kind: 'firstSecretary',
      assignment: { villageId: 'vil-hangsha', dispatchingUnit: '湘西州人民医院', start: '2026-01-05' },
    }],
  },
  {
    id: 'p-tm-hangsha', openid: 'demo-tm-hangsha', name: '田晓雪', phone: '13800000040',
    title: '夯沙村驻村工作队员',
    grants: [{
      role: 'cadre', orgUnitId: 'vil-hangsha', kind: 'teamMember',
      assignment: { villageId: 'vil-hangsha', dispatchingUnit: '保靖县卫生健康局', start: '2026-01-05' },
    }],
  },
  {
    id: 'p-fs-lvdong', openid: 'demo-fs-lvdong', name: '龙泽宇', phone: '13800000041',
    title: '吕洞村第一书记',
    grants: [{
      role: 'cadre', orgUnitId: 'vil-lvdong', kind: 'firstSecretary',
      assignment: { villageId: 'vil-lvdong', dispatchingUnit: '吉首大学', start: '2026-01-05' },
    }],
  },
  {
    id: 'p-fs-hangji', openid: 'demo-fs-hangji', name: '石云飞', phone: '13800000042',
    title: '夯吉村第一书记',
    grants: [{
      role: 'cadre', orgUnitId: 'vil-hangji', kind: 'firstSecretary',
      assignment: { villageId: 'vil-hangji', dispatchingUnit: '保靖县教育局', start: '2026-01-05' },
    }],
  },
  {
    id: 'p-fs-huangjin', openid: 'demo-fs-huangjin', name: '彭晓玲', phone: '13800000043',
    title: '黄金村第一书记',
    grants: [{
      role: 'cadre', orgUnitId: 'vil-huangjin', kind: 'firstSecretary',
      assignment: { villageId: 'vil-huangjin', dispatchingUnit: '湘西州农业农村局', start: '2026-01-05' },
    }],
  },
  {
    id: 'p-fs-paipeng', openid: 'demo-fs-paipeng', name: '向阳', phone: '13800000044',
    title: '排捧村第一书记',
    grants: [{
      role: 'cadre', orgUnitId: 'vil-paipeng', kind: 'firstSecretary',
      assignment: { villageId: 'vil-paipeng', dispatchingUnit: '保靖县林业局', start: '2026-01-05' },
    }],
  },
  // 葫芦镇
  {
    id: 'p-fs-hulu', openid: 'demo-fs-hulu', name: '张志华', phone: '13800000045',
    title: '葫芦村第一书记',
    grants: [{
      role: 'cadre', orgUnitId: 'vil-hulu', kind: 'firstSecretary',
      assignment: { villageId: 'vil-hulu', dispatchingUnit: '保靖县人民医院', start: '2026-01-05' },
    }],
  },
  {
    id: 'p-tm-hulu', openid: 'demo-tm-hulu', name: '麻晓娟', phone: '13800000046',
    title: '葫芦村驻村工作队员',
    grants: [{
      role: 'cadre', orgUnitId: 'vil-hulu', kind: 'teamMember',
      assignment: { villageId: 'vil-hulu', dispatchingUnit: '保靖县人力资源和社会保障局', start: '2026-03-02' },
    }],
  },
  {
    id: 'p-fs-fengxiang', openid: 'demo-fs-fengxiang', name: '吴天宇', phone: '13800000047',
    title: '枫香村第一书记',
    grants: [{
      role: 'cadre', orgUnitId: 'vil-fengxiang', kind: 'firstSecretary',
      assignment: { villageId: 'vil-fengxiang', dispatchingUnit: '湘西州商务局', start: '2026-01-05' },
    }],
  },
  {
    id: 'p-fs-guocha', openid: 'demo-fs-guocha', name: '杨丽', phone: '13800000048',
    title: '国茶村第一书记',
    grants: [{
      role: 'cadre', orgUnitId: 'vil-guocha', kind: 'firstSecretary',
      assignment: { villageId: 'vil-guocha', dispatchingUnit: '湘西州住房和城乡建设局', start: '2026-01-05' },
    }],
  },
  {
    id: 'p-fs-muer', openid: 'demo-fs-muer', name: '黄永刚', phone: '13800000049',
    title: '木耳村第一书记',
    grants: [{
      role: 'cadre', orgUnitId: 'vil-muer', kind: 'firstSecretary',
      assignment: { villageId: 'vil-muer', dispatchingUnit: '保靖县水利局', start: '2026-01-05' },
    }],
  },
  {
    id: 'p-fs-jianyan', openid: 'demo-fs-jianyan', name: '宋文杰', phone: '13800000050',
    title: '尖岩村第一书记',
    grants: [{
      role: 'cadre', orgUnitId: 'vil-jianyan', kind: 'firstSecretary',
      assignment: { villageId: 'vil-jianyan', dispatchingUnit: '湘西州民族宗教事务委员会', start: '2026-01-05' },
    }],
  },

  // Villagers (村民) --------------------------------------------------------------------------------
  {
    id: 'p-vl-shibadong-1', openid: 'demo-vl-shibadong-1', name: '龙金秀', phone: '13800000051',
    title: '村民', grants: [{ role: 'villager', orgUnitId: 'vil-shibadong' }],
  },
  {
    id: 'p-vl-shibadong-2', openid: 'demo-vl-shibadong-2', name: '施光荣', phone: '13800000052',
    title: '村民', grants: [{ role: 'villager', orgUnitId: 'vil-shibadong' }],
  },
  {
    id: 'p-vl-jinlong', openid: 'demo-vl-jinlong', name: '吴德明', phone: '13800000053',
    title: '村民', grants: [{ role: 'villager', orgUnitId: 'vil-jinlong' }],
  },
  {
    id: 'p-vl-aimen', openid: 'demo-vl-aimen', name: '杨秀英', phone: '13800000054',
    title: '村民', grants: [{ role: 'villager', orgUnitId: 'vil-aimen' }],
  },
  {
    id: 'p-vl-molao', openid: 'demo-vl-molao', name: '田仁贵', phone: '13800000055',
    title: '村民', grants: [{ role: 'villager', orgUnitId: 'vil-molao' }],
  },
  {
    id: 'p-vl-heping', openid: 'demo-vl-heping', name: '向春梅', phone: '13800000056',
    title: '村民', grants: [{ role: 'villager', orgUnitId: 'vil-heping' }],
  },
  {
    id: 'p-vl-hangsha', openid: 'demo-vl-hangsha', name: '石昌友', phone: '13800000057',
    title: '村民', grants: [{ role: 'villager', orgUnitId: 'vil-hangsha' }],
  },
  {
    id: 'p-vl-lvdong', openid: 'demo-vl-lvdong', name: '龙翠英', phone: '13800000058',
    title: '村民', grants: [{ role: 'villager', orgUnitId: 'vil-lvdong' }],
  },
  {
    id: 'p-vl-huangjin', openid: 'demo-vl-huangjin', name: '麻正清', phone: '13800000059',
    title: '村民（茶农）', grants: [{ role: 'villager', orgUnitId: 'vil-huangjin' }],
  },
  {
    id: 'p-vl-hulu', openid: 'demo-vl-hulu', name: '彭桂芝', phone: '13800000060',
    title: '村民', grants: [{ role: 'villager', orgUnitId: 'vil-hulu' }],
  },
  {
    id: 'p-vl-guocha', openid: 'demo-vl-guocha', name: '田忠义', phone: '13800000061',
    title: '村民（茶农）', grants: [{ role: 'villager', orgUnitId: 'vil-guocha' }],
  },
  {
    id: 'p-vl-jianyan', openid: 'demo-vl-jianyan', name: '吴小梅', phone: '13800000062',
    title: '村民', grants: [{ role: 'villager', orgUnitId: 'vil-jianyan' }],
  },
  {
    id: 'p-vl-muer', openid: 'demo-vl-muer', name: '梁志成', phone: '13800000063',
    title: '村民', grants: [{ role: 'villager', orgUnitId: 'vil-muer' }],
  },
];

// ── Representative logins ──────────────────────────────────────────────────────────────────────
// Written out (not derived) so the README and the start banner can quote it; the test checks it
// against DEMO_PEOPLE and the tree.

export const DEMO_LOGINS: readonly DemoLogin[] = [
  { id: 'p-fs-shibadong', name: '蒋文博', openid: 'demo-fs-shibadong', role: 'cadre', unitId: 'vil-shibadong', unitName: '十八洞村' },
  { id: 'p-hy-staff', name: '石慧敏', openid: 'demo-hy-staff', role: 'staff', unitId: 'county-huayuan', unitName: '花垣县' },
  { id: 'p-sl-approver', name: '石光明', openid: 'demo-sl-approver', role: 'approver', unitId: 'town-shuanglong', unitName: '双龙镇' },
  { id: 'p-bj-discipline', name: '张晓红', openid: 'demo-bj-discipline', role: 'discipline', unitId: 'county-baojing', unitName: '保靖县' },
  { id: 'p-bj-dept-police', name: '梁志刚', openid: 'demo-bj-dept-police', role: 'department', unitId: 'county-baojing', unitName: '保靖县' },
  { id: 'p-ga-lvdongshan', name: '石秀珍', openid: 'demo-ga-lvdongshan', role: 'groupAdmin', unitId: 'vil-hangsha', unitName: '夯沙村' },
  { id: 'p-tutor', name: '麻绍华', openid: 'demo-tutor', role: 'tutor', unitId: 'city-xiangxi', unitName: '湘西土家族苗族自治州' },
  { id: 'p-vl-shibadong-1', name: '龙金秀', openid: 'demo-vl-shibadong-1', role: 'villager', unitId: 'vil-shibadong', unitName: '十八洞村' },
];

/** A login for trying the village-group complaints (诉求), with what to try as that person. */
export interface DemoComplaintLogin extends DemoLogin {
  /** Shown in the `npm start` banner. */
  readonly tryIt: string;
}

/**
 * Who to log in as to follow a complaint of 十八洞村 from the village group to its rating (the
 * demo complaints seeded for `npm start` are there). Written out, like DEMO_LOGINS.
 */
export const DEMO_COMPLAINT_LOGINS: readonly DemoComplaintLogin[] = [
  { id: 'p-vl-shibadong-1', name: '龙金秀', openid: 'demo-vl-shibadong-1', role: 'villager', unitId: 'vil-shibadong', unitName: '十八洞村', tryIt: '提诉求、看办理进度，评价已答复的诉求' },
  { id: 'p-vl-shibadong-2', name: '施光荣', openid: 'demo-vl-shibadong-2', role: 'villager', unitId: 'vil-shibadong', unitName: '十八洞村', tryIt: '跟踪交办到县交通运输局的诉求' },
  { id: 'p-ga-shuanglong', name: '龙彩霞', openid: 'demo-ga-shuanglong', role: 'groupAdmin', unitId: 'vil-shibadong', unitName: '十八洞村', tryIt: '受理、分类村群里的诉求' },
  { id: 'p-sl-staff', name: '龙小燕', openid: 'demo-sl-staff', role: 'staff', unitId: 'town-shuanglong', unitName: '双龙镇', tryIt: '受理、交办职能部门，审批延期，督办逾期' },
  { id: 'p-hy-dept-civil', name: '吴春兰', openid: 'demo-hy-dept-civil', role: 'department', unitId: 'county-huayuan', unitName: '花垣县', tryIt: '花垣县民政局：办理、答复交办的诉求' },
  { id: 'p-hy-dept-transport', name: '龙海波', openid: 'demo-hy-dept-transport', role: 'department', unitId: 'county-huayuan', unitName: '花垣县', tryIt: '花垣县交通运输局：办理交办的诉求，申请延期' },
  { id: 'p-hy-discipline', name: '麻建军', openid: 'demo-hy-discipline', role: 'discipline', unitId: 'county-huayuan', unitName: '花垣县', tryIt: '查看信访举报件，督办长期逾期的诉求' },
];
