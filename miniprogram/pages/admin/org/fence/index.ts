/**
 * The fence editor (`?id=` a village): where a check-in counts as "in the village". The map
 * shows the fence — a circle (`circles`) or a polygon (`polygons`) — with a marker at the
 * centre. A tap on the map moves the circle's centre, or adds the polygon's next point; a
 * slider sets the radius (50–3000 m). 保存 writes it with org.updateUnit. Coordinates are
 * GCJ-02, as the map gives them.
 */
import { call } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { queryValue } from '../../../../utils/nav';
import type { Fence, LatLng, Unit } from '../../../../utils/org';

type Status = 'loading' | 'ok' | 'notVillage' | 'error';
type Mode = 'circle' | 'polygon';

const RADIUS_MIN = 50;
const RADIUS_MAX = 3000;
const DEFAULT_RADIUS = 500;
const MAX_POINTS = 200;
/** Where the map opens when the village has no position at all (the middle of China). */
const NOWHERE: LatLng = { lat: 34.5, lng: 108.9 };
const ICON = '/pages/admin/org/fence/point.png';

interface Shape {
  mode: Mode;
  center: LatLng | null;
  radiusM: number;
  points: LatLng[];
}

/** Six decimals: about 0.1 m, finer than any phone's fix. */
const round = (v: number) => Math.round(v * 1e6) / 1e6;
const toMap = (p: LatLng) => ({ latitude: p.lat, longitude: p.lng });

function shapeOf(fence: Fence | null, center: LatLng | null): Shape {
  if (fence?.kind === 'polygon') return { mode: 'polygon', center: center ?? centroid(fence.points), radiusM: DEFAULT_RADIUS, points: fence.points.map((p) => ({ ...p })) };
  if (fence?.kind === 'circle') return { mode: 'circle', center: { ...fence.center }, radiusM: fence.radiusM, points: [] };
  return { mode: 'circle', center, radiusM: DEFAULT_RADIUS, points: [] };
}

function centroid(points: LatLng[]): LatLng | null {
  if (points.length === 0) return null;
  return { lat: round(points.reduce((s, p) => s + p.lat, 0) / points.length), lng: round(points.reduce((s, p) => s + p.lng, 0) / points.length) };
}

/** The points that frame a circle on the map (its bounding box). */
function circleFrame(c: LatLng, radiusM: number): LatLng[] {
  const dLat = radiusM / 111_320;
  const dLng = radiusM / (111_320 * Math.cos((c.lat * Math.PI) / 180));
  return [
    { lat: c.lat - dLat, lng: c.lng - dLng },
    { lat: c.lat + dLat, lng: c.lng + dLng },
  ];
}

function fenceOf(s: Shape): Fence | string {
  if (s.mode === 'circle') {
    if (!s.center) return '请在地图上点一下，定下围栏的中心';
    return { kind: 'circle', center: s.center, radiusM: s.radiusM };
  }
  if (s.points.length < 3) return `多边形围栏至少需要 3 个点，现在有 ${s.points.length} 个，请继续在地图上沿村界点选`;
  return { kind: 'polygon', points: s.points };
}

function sameShape(a: Shape, b: Shape): boolean {
  const fa = fenceOf(a);
  const fb = fenceOf(b);
  return JSON.stringify(fa) === JSON.stringify(fb);
}

/** What the map draws, and the line of text that says the same. */
function draw(s: Shape) {
  const marker = (p: LatLng, id: number, label?: string) => ({
    id,
    latitude: p.lat,
    longitude: p.lng,
    iconPath: ICON,
    width: 24,
    height: 24,
    anchor: { x: 0.5, y: 0.5 },
    ...(label ? { label: { content: label, color: '#1a1a1a', fontSize: 14, anchorX: 10, anchorY: -10 } } : {}),
  });
  if (s.mode === 'circle') {
    return {
      circles: s.center ? [{ ...toMap(s.center), radius: s.radiusM, color: '#07c160ff', fillColor: '#07c16033', strokeWidth: 3 }] : [],
      polygons: [],
      polyline: [],
      markers: s.center ? [marker(s.center, 0)] : [],
      summary: s.center ? `圆形围栏：中心 北纬 ${s.center.lat}，东经 ${s.center.lng}，半径 ${s.radiusM} 米` : '圆形围栏：还没有中心，请在地图上点一下',
    };
  }
  const n = s.points.length;
  return {
    circles: [],
    polygons: n >= 3 ? [{ points: s.points.map(toMap), strokeWidth: 3, strokeColor: '#1a73e8ff', fillColor: '#1a73e833' }] : [],
    polyline: n === 2 ? [{ points: s.points.map(toMap), color: '#1a73e8ff', width: 3 }] : [],
    markers: s.points.map((p, i) => marker(p, i + 1, String(i + 1))),
    summary: n >= 3 ? `多边形围栏：${n} 个点` : `多边形围栏：已点 ${n} 个点，至少需要 3 个`,
  };
}

/** The shape as loaded or last saved, for 恢复 and for telling unsaved changes. */
const savedShapes = new WeakMap<object, Shape>();

Component({
  data: {
    id: '',
    status: 'loading' as Status,
    error: '',
    name: '',
    mode: 'circle' as Mode,
    center: null as LatLng | null,
    radiusM: DEFAULT_RADIUS,
    points: [] as LatLng[],
    radiusMin: RADIUS_MIN,
    radiusMax: RADIUS_MAX,
    mapLat: NOWHERE.lat,
    mapLng: NOWHERE.lng,
    scale: 14,
    includePoints: [] as { latitude: number; longitude: number }[],
    circles: [] as unknown[],
    polygons: [] as unknown[],
    polyline: [] as unknown[],
    markers: [] as unknown[],
    summary: '',
    dirty: false,
    saving: false,
    notice: '',
    actionError: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const id = queryValue(query, 'id');
      if (!id) {
        this.setData({ status: 'error', error: '没有指定村（社区），请从组织管理进入' });
        return;
      }
      this.setData({ id });
      void this.load();
    },

    async load(): Promise<void> {
      this.setData({ status: 'loading', error: '' });
      const answer = await call('org.getUnit', { id: this.data.id });
      if (!answer.ok) {
        this.setData({ status: 'error', error: answer.message });
        return;
      }
      const unit: Unit = answer.data;
      if (unit.level !== 'village') {
        this.setData({ status: 'notVillage', name: unit.name });
        return;
      }
      let center = unit.center;
      if (!center && !unit.fence && unit.parentId) {
        // A new village: start the map at its township.
        const parent = await call('org.getUnit', { id: unit.parentId });
        if (parent.ok) center = parent.data.center;
      }
      const shape = shapeOf(unit.fence, center);
      savedShapes.set(this, shape);
      this.setData({ status: 'ok', name: unit.name });
      this.apply(shape, true);
    },

    /** Show `shape`; `frame` also moves the map to it (on load and restore, not on every tap). */
    apply(shape: Shape, frame = false): void {
      const saved = savedShapes.get(this);
      const view: Record<string, unknown> = { ...shape, ...draw(shape), dirty: !!saved && !sameShape(shape, saved) };
      if (frame) {
        const c = shape.center ?? centroid(shape.points) ?? NOWHERE;
        view.mapLat = c.lat;
        view.mapLng = c.lng;
        view.scale = shape.center || shape.points.length ? 14 : 5;
        view.includePoints = (shape.mode === 'polygon' && shape.points.length ? shape.points : shape.center ? circleFrame(shape.center, shape.radiusM) : []).map(toMap);
      }
      this.setData(view);
    },

    shape(): Shape {
      const { mode, center, radiusM, points } = this.data;
      return { mode, center, radiusM, points };
    },

    onMapTap(e: WechatMiniprogram.CustomEvent<{ latitude: number; longitude: number }>): void {
      const { latitude, longitude } = e.detail ?? {};
      if (typeof latitude !== 'number' || typeof longitude !== 'number' || this.data.status !== 'ok') return;
      const p = { lat: round(latitude), lng: round(longitude) };
      const s = this.shape();
      if (s.mode === 'circle') this.apply({ ...s, center: p });
      else if (s.points.length < MAX_POINTS) this.apply({ ...s, points: [...s.points, p] });
      this.setData({ notice: '', actionError: '' });
    },

    onRadius(e: WechatMiniprogram.SliderChange): void {
      const r = Math.min(RADIUS_MAX, Math.max(RADIUS_MIN, Math.round(Number(e.detail.value))));
      if (Number.isFinite(r)) this.apply({ ...this.shape(), radiusM: r });
    },

    onMode(e: WechatMiniprogram.TouchEvent): void {
      const mode = e.currentTarget.dataset.mode === 'polygon' ? 'polygon' : 'circle';
      const s = this.shape();
      if (mode === s.mode) return;
      // The circle's centre stays where the polygon was, so switching back and forth loses nothing.
      const center = s.center ?? centroid(s.points);
      this.apply({ ...s, mode, center }, true);
      this.setData({ notice: '', actionError: '' });
    },

    onUndo(): void {
      const s = this.shape();
      if (s.points.length) this.apply({ ...s, points: s.points.slice(0, -1) });
    },

    onClear(): void {
      this.apply({ ...this.shape(), points: [] });
    },

    onRestore(): void {
      const saved = savedShapes.get(this);
      if (saved) this.apply(saved, true);
      this.setData({ notice: '', actionError: '' });
    },

    async onSave(): Promise<void> {
      if (this.data.saving) return;
      const fence = fenceOf(this.shape());
      if (typeof fence === 'string') {
        this.setData({ actionError: fence, notice: '' });
        return;
      }
      this.setData({ saving: true, actionError: '', notice: '' });
      const answer = await call('org.updateUnit', { id: this.data.id, fence });
      if (!answer.ok) {
        this.setData({ saving: false, actionError: errorText(answer, { fence: '围栏' }) });
        return;
      }
      const saved = shapeOf(answer.data.fence, answer.data.center);
      savedShapes.set(this, saved);
      this.setData({ saving: false, notice: '围栏已保存' });
      this.apply({ ...this.shape(), center: this.shape().center ?? saved.center });
    },

    onRetry(): void {
      void this.load();
    },
  },
});
