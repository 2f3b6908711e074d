/**
 * The app shell: app.json's pages (main package and subpackages) exist and render, the
 * platform declarations are in place, staff pages stay out of the main package, app.ts connects
 * to CloudBase in cloud mode only, and only api/ touches `wx.cloud`.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { inviteQrText } from '../server/features/people/rules';
import { setTransport } from './api/index';
import { config } from './config';
import { ROUTES } from './utils/nav';
import { MINIPROGRAM_ROOT, render, textOf, waitFor } from './testing/simulate';

interface AppJson {
  pages: string[];
  subpackages: { root: string; name: string; pages: string[] }[];
  preloadRule: Record<string, { network: string; packages: string[] }>;
  window: { navigationBarTitleText: string };
  requiredPrivateInfos: string[];
  permission: Record<string, { desc: string }>;
  useExtendedLib: { weui: boolean };
  lazyCodeLoading: string;
  style: string;
  sitemapLocation: string;
  __usePrivacyCheck__: boolean;
}

const app = JSON.parse(readFileSync(join(MINIPROGRAM_ROOT, 'app.json'), 'utf8')) as AppJson;
/** Every page, the subpackages' with their root in front. */
const routes = [...app.pages, ...app.subpackages.flatMap((p) => p.pages.map((page) => `${p.root.replace(/\/?$/, '/')}${page}`))];

describe('app.json', () => {
  it('declares what the platform requires', () => {
    expect(app.pages[0]).toBe('pages/home/index/index');
    expect(app.window.navigationBarTitleText).toBe('在岗');
    // Exactly the private APIs the code uses (a check-in takes one fix on a tap; nobody picks a point on a map).
    expect(app.requiredPrivateInfos).toEqual(['getLocation']);
    // WeChat shows this when asking for the location: at most 30 characters.
    expect(app.permission['scope.userLocation']!.desc.length).toBeGreaterThan(0);
    expect(app.permission['scope.userLocation']!.desc.length).toBeLessThanOrEqual(30);
    expect(app).toMatchObject({ useExtendedLib: { weui: true }, lazyCodeLoading: 'requiredComponents', style: 'v2', __usePrivacyCheck__: true });
    expect(existsSync(join(MINIPROGRAM_ROOT, app.sitemapLocation))).toBe(true);
  });

  it('keeps the people’s own pages in the main package and the staff pages in the admin subpackage', () => {
    expect(app.pages).toEqual(expect.arrayContaining(['pages/home/index/index', 'pages/people/bind/index', 'pages/people/me/index']));
    const admin = app.subpackages.find((p) => p.name === 'admin')!;
    expect(admin.root).toBe('pages/admin/');
    expect(app.pages.filter((p) => p.startsWith(admin.root))).toEqual([]);
    // Every subpackage is preloaded by a page that exists.
    for (const [page, rule] of Object.entries(app.preloadRule)) {
      expect(app.pages).toContain(page);
      for (const name of rule.packages) expect(app.subpackages.map((p) => p.name)).toContain(name);
    }
  });

  it('registers every page the code links to, and the page an invitation’s QR code opens', () => {
    for (const url of Object.values(ROUTES)) expect(routes).toContain(url.replace(/^\//, ''));
    expect(routes).toContain(inviteQrText('ABCDEFGH').split('?')[0]);
  });

  it('keeps the main package under 300 KB (our budget 400 KB, WeChat allows 2 MB): a villager’s card and a cadre’s check-in open fast', () => {
    const subRoots = app.subpackages.map((p) => join(MINIPROGRAM_ROOT, p.root));
    const size = (dir: string): number =>
      readdirSync(dir, { withFileTypes: true }).reduce((sum, d) => {
        const p = join(dir, d.name);
        if (d.isDirectory()) return subRoots.some((r) => p.startsWith(r.replace(/\/$/, ''))) || d.name === 'testing' || d.name === 'miniprogram_npm' ? sum : sum + size(p);
        return /\.test\.ts$/.test(d.name) || d.name === 'tsconfig.json' ? sum : sum + statSync(p).size;
      }, 0);
    expect(size(MINIPROGRAM_ROOT)).toBeLessThan(300 * 1024);
  });

  describe.each(routes)('%s', (route) => {
    it('has its .json, .wxml, .ts and .wxss', () => {
      for (const ext of ['json', 'wxml', 'ts', 'wxss']) expect(existsSync(join(MINIPROGRAM_ROOT, `${route}.${ext}`))).toBe(true);
      expect(JSON.parse(readFileSync(join(MINIPROGRAM_ROOT, `${route}.json`), 'utf8'))).toHaveProperty('usingComponents');
    });

    it('renders', async () => {
      // No backend here: every call fails, and the page must still render (its error state).
      jest.spyOn(console, 'warn').mockImplementation(() => undefined);
      setTransport(() => Promise.reject(new Error('no backend in this test')));
      try {
        const page = render(route);
        // As WeChat does for a page: onLoad with its query (none here) after attached.
        if (typeof page.instance.onLoad === 'function') page.instance.onLoad({});
        await waitFor(() => textOf(page).length > 0, 'some text');
        await new Promise((r) => setTimeout(r, 20));
        expect(page.dom).toBeDefined();
        expect(textOf(page)).not.toBe('');
        page.detach();
      } finally {
        setTransport(null);
        jest.restoreAllMocks();
      }
    });
  });
});

describe('app.ts', () => {
  let launch: (() => void) | undefined;
  let init: jest.Mock;
  let cfg: typeof config;

  const g = globalThis as unknown as { wx: unknown; App: unknown };
  const saved = { wx: g.wx, App: g.App };
  afterEach(() => Object.assign(g, saved));

  beforeEach(() => {
    init = jest.fn();
    g.wx = { cloud: { init } };
    g.App = (options: { onLaunch(): void }) => {
      launch = () => options.onLaunch();
    };
    // A fresh app.ts with its own config module, so the tests can switch modes freely.
    jest.isolateModules(() => {
      cfg = (require('./config') as typeof import('./config')).config;
      require('./app');
    });
  });

  it('connects to the CloudBase environment in cloud mode', () => {
    Object.assign(cfg, { mode: 'cloud', cloudEnv: 'onpost-prod-1a2b' });
    launch!();
    expect(init).toHaveBeenCalledWith({ env: 'onpost-prod-1a2b', traceUser: true });
  });

  it('does not touch wx.cloud in local mode', () => {
    Object.assign(cfg, { mode: 'local' });
    launch!();
    expect(init).not.toHaveBeenCalled();
  });
});

describe('boundaries', () => {
  function sources(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
      const p = join(dir, d.name);
      if (d.isDirectory()) return sources(p);
      return /\.ts$/.test(d.name) && !/\.test\.ts$/.test(d.name) ? [p] : [];
    });
  }

  const withoutComments = (src: string) => src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');

  it('takes a location only in utils/location.ts, on a tap, never in the background or from a picked point', () => {
    const code = sources(MINIPROGRAM_ROOT).map((p) => [relative(MINIPROGRAM_ROOT, p), withoutComments(readFileSync(p, 'utf8'))] as const);
    expect(code.filter(([, src]) => /wx\.getLocation\b/.test(src)).map(([p]) => p)).toEqual(['utils/location.ts']);
    expect(code.filter(([p, src]) => !p.startsWith('testing/') && /startLocationUpdate|onLocationChange|chooseLocation|getFuzzyLocation/.test(src)).map(([p]) => p)).toEqual([]);
  });

  it('only api/ touches wx.cloud', () => {
    const offenders = sources(MINIPROGRAM_ROOT)
      .map((p) => relative(MINIPROGRAM_ROOT, p))
      .filter((p) => !p.startsWith('api/') && /wx\.cloud\b/.test(withoutComments(readFileSync(join(MINIPROGRAM_ROOT, p), 'utf8'))));
    expect(offenders).toEqual([]);
  });
});
