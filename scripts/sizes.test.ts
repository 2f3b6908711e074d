import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { ignoredBy, miniprogramPackages, type IgnoreRule } from './sizes';
import { ROOT } from './functions';

describe('ignoredBy (packOptions.ignore)', () => {
  it('reads each kind of rule as DevTools documents it, ignoring case', () => {
    const cases: [IgnoreRule, string, boolean][] = [
      [{ type: 'folder', value: 'testing' }, 'testing/wx.ts', true],
      [{ type: 'folder', value: 'testing' }, 'pages/testing/index.ts', false],
      [{ type: 'folder', value: './Testing/' }, 'testing/a/b.ts', true],
      [{ type: 'file', value: 'tsconfig.json' }, 'tsconfig.json', true],
      [{ type: 'file', value: 'tsconfig.json' }, 'pages/tsconfig.json', false],
      [{ type: 'suffix', value: '.webp' }, 'images/a.WEBP', true],
      [{ type: 'prefix', value: 'test-' }, 'utils/test-data.ts', true],
      [{ type: 'prefix', value: 'test-' }, 'test-dir/data.ts', false],
      [{ type: 'regexp', value: 'index\\.js$' }, 'pages/home/index.js', true],
      [{ type: 'glob', value: '**/*.test.ts' }, 'app.test.ts', true],
      [{ type: 'glob', value: '**/*.test.ts' }, 'pages/home/index/index.test.ts', true],
      [{ type: 'glob', value: '**/*.test.ts' }, 'pages/home/index/index.ts', false],
      [{ type: 'glob', value: 'pages/*/index.ts' }, 'pages/home/index.ts', true],
      [{ type: 'glob', value: 'pages/*/index.ts' }, 'pages/home/index/index.ts', false],
      [{ type: 'glob', value: 'pages/**' }, 'pages/home/index/index.ts', true],
    ];
    for (const [rule, path, ignored] of cases) expect([rule, path, ignoredBy([rule], path)]).toEqual([rule, path, ignored]);
  });
});

describe('miniprogramPackages', () => {
  let dir: string;
  const put = (path: string, bytes: number) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), 'x'.repeat(bytes));
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mp-sizes-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('splits the files by subpackage root and leaves out what packOptions ignores', () => {
    writeFileSync(join(dir, 'project.config.json'), JSON.stringify({ miniprogramRoot: 'mp/', packOptions: { ignore: [{ type: 'glob', value: '**/*.test.ts' }, { type: 'folder', value: 'testing' }] } }));
    mkdirSync(join(dir, 'mp'));
    writeFileSync(join(dir, 'mp', 'app.json'), JSON.stringify({ pages: ['pages/home/index'], subpackages: [{ root: 'pages/admin/', name: 'admin', pages: ['a/index'] }, { root: 'pkg2', pages: ['b/index'] }] }));
    // An inner project.config.json adds its own rules.
    writeFileSync(join(dir, 'mp', 'project.config.json'), JSON.stringify({ packOptions: { ignore: [{ type: 'suffix', value: '.md' }] } }));
    put('mp/pages/home/index.ts', 100);
    put('mp/pages/home/index.test.ts', 5000);
    put('mp/testing/helper.ts', 5000);
    put('mp/README.md', 5000);
    put('mp/pages/admin/a/index.ts', 300);
    put('mp/pages/admin/a/index.test.ts', 5000);
    put('mp/pages/administer/x.ts', 40); // not under the admin root: main package
    put('mp/pkg2/b/index.wxml', 20);
    put('outside.ts', 9999); // not under miniprogramRoot
    const sizes = miniprogramPackages(dir);
    const appJson = JSON.stringify({ pages: ['pages/home/index'], subpackages: [{ root: 'pages/admin/', name: 'admin', pages: ['a/index'] }, { root: 'pkg2', pages: ['b/index'] }] }).length;
    const innerConfig = JSON.stringify({ packOptions: { ignore: [{ type: 'suffix', value: '.md' }] } }).length;
    expect(sizes).toEqual([
      { name: 'main', root: '', bytes: 100 + 40 + appJson + innerConfig, files: 4 },
      { name: 'admin', root: 'pages/admin', bytes: 300, files: 1 },
      { name: 'pkg2', root: 'pkg2', bytes: 20, files: 1 },
    ]);
  });

  it('measures this project without its tests, test helpers, tsconfig.json and the config example', () => {
    const sizes = miniprogramPackages(ROOT);
    expect(sizes[0]!.name).toBe('main');
    expect(sizes.map((s) => s.name)).toEqual(expect.arrayContaining(['main', 'admin']));
    for (const s of sizes) expect(s.files).toBeGreaterThan(0);
    // The same folder measured without project.config.json's rules: the difference is exactly
    // the files that are not uploaded.
    const mp = join(ROOT, 'miniprogram');
    writeFileSync(join(dir, 'project.config.json'), JSON.stringify({ miniprogramRoot: relative(dir, mp) }));
    const unfiltered = miniprogramPackages(dir);
    const subRoots = sizes.slice(1).map((s) => `${s.root}/`);
    const notUploaded = (function walk(d: string): number {
      return readdirSync(d, { withFileTypes: true }).reduce((sum, e) => {
        const p = join(d, e.name);
        const rel = relative(mp, p).split(sep).join('/');
        if (e.isDirectory()) return sum + walk(p);
        const main = !subRoots.some((r) => rel.startsWith(r));
        const dropped = /\.test\.ts$/.test(e.name) || rel.startsWith('testing/') || rel === 'tsconfig.json' || rel === 'config.local.example.ts';
        return main && dropped ? sum + statSync(p).size : sum;
      }, 0);
    })(mp);
    expect(notUploaded).toBeGreaterThan(0);
    expect(unfiltered[0]!.bytes - sizes[0]!.bytes).toBe(notUploaded);
  });
});
