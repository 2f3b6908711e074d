/**
 * Location is taken only on a tap (issue 12: privacy). Every mini program source is read, the
 * TypeScript parsed with the compiler and the WXML's tags and attributes tokenised, and the
 * test fails when:
 * - any source names a continuous, background or user-picked location API
 *   (`startLocationUpdate`, `startLocationUpdateBackground`, `onLocationChange`,
 *   `chooseLocation`, …), or app.json declares `requiredBackgroundModes: ["location"]` or asks
 *   for one of them in `requiredPrivateInfos`;
 * - `wx.getLocation` is called anywhere but `utils/location.ts`;
 * - a call of `utils/location.ts`'s locating function (`locate`) can be reached from anything
 *   but a tap: in each page the methods that reach it (directly, through other methods, or
 *   through the file's own functions) must be reached only from handlers bound in the page's
 *   WXML to `tap` (`bindtap`, `catchtap`, `bind:tap`, …, or the privacy dialog's
 *   `<button open-type="agreePrivacyAuthorization">`, which is a tap on that button) — never from
 *   a lifetime (`attached`, `onShow`, …), an observer, another event (`bindchange`), a timer, or
 *   a method passed on as a value.
 * The checker is tried on made-up pages that break each rule, so that it is known to fail.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import * as ts from 'typescript';
import { MINIPROGRAM_ROOT } from '../testing/simulate';

/** APIs that take the location continuously, in the background, or as a point the user picks. */
const FORBIDDEN = ['startLocationUpdate', 'startLocationUpdateBackground', 'onLocationChange', 'onLocationChangeError', 'chooseLocation', 'choosePoi', 'getFuzzyLocation'];
const LOCATION_MODULE = 'utils/location.ts';
/** Lifetimes and page events: they run without the person tapping anything. */
const LIFECYCLE = new Set(['created', 'attached', 'ready', 'moved', 'detached', 'error', 'onLoad', 'onShow', 'onReady', 'onHide', 'onUnload', 'onPullDownRefresh', 'onReachBottom', 'onShareAppMessage', 'onShareTimeline', 'onAddToFavorites', 'onPageScroll', 'onResize', 'onTabItemTap', 'onSaveExitState', 'show', 'hide', 'resize', 'routeDone']);
/** Callbacks that run later or on their own: a locating call inside one is not the tap's. */
const DEFERRING = /^(setTimeout|setInterval|requestAnimationFrame|nextTick|on[A-Z]\w*)$/;

interface Violation {
  file: string;
  line: number;
  message: string;
}

type Kind = 'method' | 'lifecycle' | 'function';
interface Node {
  name: string;
  kind: Kind;
  body: ts.Node;
  exported: boolean;
}

const lineOf = (sf: ts.SourceFile, n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
const nameOf = (n: ts.PropertyName | undefined): string | undefined => (n && (ts.isIdentifier(n) || ts.isStringLiteral(n)) ? n.text : undefined);
const isFn = (n: ts.Node | undefined): n is ts.FunctionLikeDeclaration => !!n && (ts.isFunctionExpression(n) || ts.isArrowFunction(n) || ts.isMethodDeclaration(n) || ts.isFunctionDeclaration(n));

/** The handlers a WXML binds, by event: `bindtap="onCheckin"` → tap: onCheckin. */
export function wxmlBindings(wxml: string): { event: string; handler: string; tag: string; attrs: Record<string, string> }[] {
  const out: { event: string; handler: string; tag: string; attrs: Record<string, string> }[] = [];
  const source = wxml.replace(/<!--[\s\S]*?-->/g, '');
  for (const tag of source.matchAll(/<([A-Za-z][\w-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'))?)*)\s*\/?>/g)) {
    const attrs: Record<string, string> = {};
    for (const a of tag[2]!.matchAll(/([^\s=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'))?/g)) attrs[a[1]!] = a[2] ?? a[3] ?? '';
    for (const [name, value] of Object.entries(attrs)) {
      const m = /^(?:capture-)?(?:bind|catch|mut-bind)(?::)?([A-Za-z]+)$/.exec(name);
      if (m) out.push({ event: m[1]!.toLowerCase(), handler: value.trim(), tag: tag[1]!, attrs });
    }
  }
  return out;
}

/** A tap: `tap`, or the privacy dialog's agree button (its event is the tap on that button). */
const isTap = (b: { event: string; tag: string; attrs: Record<string, string> }) => b.event === 'tap' || (b.event === 'agreeprivacyauthorization' && b.tag === 'button' && b.attrs['open-type'] === 'agreePrivacyAuthorization');

/**
 * The policy over a set of sources (paths relative to the mini program root, `/` separated):
 * every violation found, with where it is.
 */
export function checkLocationPolicy(files: Map<string, string>): { violations: Violation[]; locating: Map<string, string[]>; pages: string[] } {
  const violations: Violation[] = [];
  const flag = (file: string, line: number, message: string) => violations.push({ file, line, message });

  // app.json (and any other json): no background location, no forbidden private API.
  for (const [file, text] of files) {
    if (!file.endsWith('.json')) continue;
    const json = JSON.parse(text) as { requiredBackgroundModes?: string[]; requiredPrivateInfos?: string[] };
    if (json.requiredBackgroundModes?.includes('location')) flag(file, 1, 'requiredBackgroundModes declares "location": location is taken in the foreground, on a tap');
    for (const api of json.requiredPrivateInfos ?? []) if (FORBIDDEN.includes(api)) flag(file, 1, `requiredPrivateInfos asks for ${api}`);
  }
  // WXML cannot call wx APIs, but a handler named after one would be a sign: none.
  for (const [file, text] of files) {
    if (!file.endsWith('.wxml')) continue;
    text.split('\n').forEach((l, i) => {
      for (const api of FORBIDDEN) if (new RegExp(`\\b${api}\\b`).test(l)) flag(file, i + 1, `names ${api}`);
    });
  }

  const sources = new Map<string, ts.SourceFile>();
  for (const [file, text] of files) if (file.endsWith('.ts') && !file.endsWith('.d.ts')) sources.set(file, ts.createSourceFile(file, text, ts.ScriptTarget.ES2020, true, ts.ScriptKind.TS));

  // No forbidden API by any name, and `getLocation` only in utils/location.ts.
  for (const [file, sf] of sources) {
    const visit = (n: ts.Node): void => {
      if ((ts.isIdentifier(n) || ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) && FORBIDDEN.includes(n.text)) flag(file, lineOf(sf, n), `uses ${n.text}`);
      if ((ts.isIdentifier(n) || ts.isStringLiteral(n)) && n.text === 'getLocation' && file !== LOCATION_MODULE) flag(file, lineOf(sf, n), 'calls wx.getLocation outside utils/location.ts');
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }

  /** Per module, the exported functions that take a fix (location.ts: those that call wx.getLocation). */
  const locating = new Map<string, string[]>();
  const pages: string[] = [];
  const analysed = new Map<string, ReturnType<typeof analyse>>();
  const analyse = (file: string, sf: ts.SourceFile) => {
    // What this file breaks by itself (kept apart: the files are analysed again until the helpers settle).
    const issues: Violation[] = [];
    const flag = (f: string, line: number, message: string) => issues.push({ file: f, line, message });
    // Imported locating functions: local name → true; namespaces importing a locating module.
    const direct = new Set<string>();
    const namespaces = new Map<string, string[]>();
    for (const st of sf.statements) {
      if ((ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) && st.moduleSpecifier.text.startsWith('.')) {
        const target = `${posix.normalize(posix.join(posix.dirname(file), st.moduleSpecifier.text))}.ts`;
        const names = locating.get(target);
        if (!names?.length) continue;
        if (ts.isExportDeclaration(st)) {
          flag(file, lineOf(sf, st), `re-exports ${target}: a locating function must be imported where it is called`);
          continue;
        }
        const bindings = st.importClause?.namedBindings;
        if (bindings && ts.isNamedImports(bindings)) {
          for (const el of bindings.elements) if (names.includes((el.propertyName ?? el.name).text)) direct.add(el.name.text);
        } else if (bindings && ts.isNamespaceImport(bindings)) {
          namespaces.set(bindings.name.text, names);
        }
      }
    }

    // The nodes: the file's functions, and the Component()/Page() options' methods and lifetimes.
    const nodes = new Map<string, Node>();
    const add = (name: string, kind: Kind, body: ts.Node, exported = false) => nodes.set(`${kind === 'function' ? 'fn' : 'm'}:${name}`, { name, kind, body, exported });
    const exportedNames = new Set<string>();
    let component: ts.ObjectLiteralExpression | undefined;
    for (const st of sf.statements) {
      const exported = !!ts.getModifiers(st as ts.HasModifiers)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (ts.isFunctionDeclaration(st) && st.name) add(st.name.text, 'function', st, exported);
      if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name) && isFn(d.initializer)) add(d.name.text, 'function', d.initializer, exported);
      if (ts.isExportDeclaration(st) && st.exportClause && ts.isNamedExports(st.exportClause)) for (const el of st.exportClause.elements) exportedNames.add((el.propertyName ?? el.name).text);
      if (ts.isExpressionStatement(st) && ts.isCallExpression(st.expression) && ts.isIdentifier(st.expression.expression) && ['Component', 'Page'].includes(st.expression.expression.text)) {
        const arg = st.expression.arguments[0];
        if (arg && ts.isObjectLiteralExpression(arg)) component = arg;
      }
    }
    for (const n of nodes.values()) if (exportedNames.has(n.name)) n.exported = true;
    const members = (o: ts.ObjectLiteralExpression, kind: (name: string) => Kind) => {
      for (const p of o.properties) {
        const name = nameOf(p.name);
        if (!name) continue;
        if (ts.isMethodDeclaration(p)) add(name, kind(name), p);
        else if (ts.isPropertyAssignment(p) && isFn(p.initializer)) add(name, kind(name), p.initializer);
      }
    };
    if (component) {
      for (const p of component.properties) {
        const name = nameOf(p.name);
        const value = ts.isPropertyAssignment(p) ? p.initializer : undefined;
        if (name === 'methods' && value && ts.isObjectLiteralExpression(value)) members(value, (n) => (LIFECYCLE.has(n) ? 'lifecycle' : 'method'));
        else if ((name === 'lifetimes' || name === 'pageLifetimes' || name === 'observers') && value && ts.isObjectLiteralExpression(value)) members(value, () => 'lifecycle');
        else if (name && (ts.isMethodDeclaration(p) || (value && isFn(value)))) add(name, LIFECYCLE.has(name) ? 'lifecycle' : 'method', ts.isMethodDeclaration(p) ? p : value!);
      }
    }

    // Edges, direct locating calls, and escapes, found inside each node's body.
    const edges = new Map<string, Set<string>>();
    const locates = new Set<string>();
    const escaped = new Set<string>();
    const deferred = new Set<string>();
    const owner = new Map<ts.Node, string>();
    for (const [key, n] of nodes) owner.set(n.body, key);
    const isLocatingCallee = (e: ts.Expression) =>
      (ts.isIdentifier(e) && direct.has(e.text)) || (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && !!namespaces.get(e.expression.text)?.includes(e.name.text));
    const thisAliases = new Set<string>();
    const walk = (n: ts.Node, key: string | undefined, inDeferred: boolean): void => {
      const own = owner.get(n);
      if (own && own !== key) key = own;
      if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer?.kind === ts.SyntaxKind.ThisKeyword) thisAliases.add(n.name.text);
      const isThis = (e: ts.Expression) => e.kind === ts.SyntaxKind.ThisKeyword || (ts.isIdentifier(e) && thisAliases.has(e.text));
      if (ts.isCallExpression(n)) {
        const callee = n.expression;
        const target = ts.isPropertyAccessExpression(callee) && isThis(callee.expression) ? `m:${callee.name.text}` : ts.isIdentifier(callee) && nodes.has(`fn:${callee.text}`) ? `fn:${callee.text}` : undefined;
        const site = key ?? '<module>';
        if (isLocatingCallee(callee)) {
          if (!key) flag(file, lineOf(sf, n), 'takes a fix when the file loads');
          else locates.add(key);
          if (inDeferred) deferred.add(`${site}->locate@${lineOf(sf, n)}`);
        }
        if (target) {
          if (!edges.has(site)) edges.set(site, new Set());
          edges.get(site)!.add(target);
          if (inDeferred) deferred.add(`${site}->${target}@${lineOf(sf, n)}`);
        }
        const deferring = (ts.isIdentifier(callee) && DEFERRING.test(callee.text)) || (ts.isPropertyAccessExpression(callee) && DEFERRING.test(callee.name.text));
        // `this.start()` is a call, not the method passed on; `this.start.bind(this)` is passed on.
        if (!(target && ts.isPropertyAccessExpression(callee)) && !isLocatingCallee(callee)) walk(callee, key, inDeferred);
        for (const a of n.arguments) walk(a, key, inDeferred || (deferring && isFn(a)));
        return;
      }
      // A method or locating function used as a value (passed on, bound, stored) runs when something else decides.
      if (ts.isPropertyAccessExpression(n) && isThis(n.expression)) escaped.add(`m:${n.name.text}@${lineOf(sf, n)}`);
      if (ts.isIdentifier(n) && direct.has(n.text) && !(ts.isImportSpecifier(n.parent) || ts.isNamespaceImport(n.parent))) flag(file, lineOf(sf, n), `passes ${n.text} on as a value`);
      ts.forEachChild(n, (c) => walk(c, key, inDeferred));
    };
    walk(sf, undefined, false);

    // Which nodes reach a locating call.
    const reaches = new Set(locates);
    for (let grew = true; grew; ) {
      grew = false;
      for (const [from, tos] of edges) if (from !== '<module>' && !reaches.has(from) && [...tos].some((x) => reaches.has(x))) {
        reaches.add(from);
        grew = true;
      }
    }
    return { nodes, edges, reaches, escaped, deferred, component, issues };
  };

  // location.ts first: its locating functions are those that call wx.getLocation.
  const loc = sources.get(LOCATION_MODULE);
  if (!loc) flag(LOCATION_MODULE, 1, 'utils/location.ts is missing');
  else {
    const fns = new Map<string, { exported: boolean; calls: Set<string>; gets: boolean }>();
    for (const st of loc.statements) {
      if (!ts.isFunctionDeclaration(st) || !st.name) continue;
      const info = { exported: !!ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword), calls: new Set<string>(), gets: false };
      const visit = (n: ts.Node): void => {
        if (ts.isPropertyAccessExpression(n) && n.name.text === 'getLocation') info.gets = true;
        if (ts.isCallExpression(n) && ts.isIdentifier(n.expression)) info.calls.add(n.expression.text);
        ts.forEachChild(n, visit);
      };
      visit(st);
      fns.set(st.name.text, info);
    }
    const takes = new Set([...fns].filter(([, f]) => f.gets).map(([n]) => n));
    for (let grew = true; grew; ) {
      grew = false;
      for (const [n, f] of fns) {
        if (takes.has(n) || ![...f.calls].some((c) => takes.has(c))) continue;
        takes.add(n);
        grew = true;
      }
    }
    locating.set(LOCATION_MODULE, [...takes].filter((n) => fns.get(n)!.exported));
  }

  // The other modules, until no helper module adds a locating export of its own.
  for (let grew = true; grew; ) {
    grew = false;
    for (const [file, sf] of sources) {
      if (file === LOCATION_MODULE) continue;
      const a = analyse(file, sf);
      analysed.set(file, a);
      if (a.component) continue;
      const names = [...a.reaches].map((k) => a.nodes.get(k)).filter((n): n is Node => !!n && n.exported).map((n) => n.name);
      if (names.length && names.join() !== (locating.get(file) ?? []).join()) {
        locating.set(file, names);
        grew = true;
      }
    }
  }

  for (const [file, a] of analysed) {
    violations.push(...a.issues);
    if (!a.component || !a.reaches.size) continue;
    pages.push(file);
    const sf = sources.get(file)!;
    const wxml = files.get(file.replace(/\.ts$/, '.wxml')) ?? '';
    const bound = wxmlBindings(wxml);
    for (const b of bound) if (/\{\{/.test(b.handler)) flag(file.replace(/\.ts$/, '.wxml'), 1, `binds a handler by expression (${b.handler}): which method a tap runs must be plain to see`);
    const callers = new Map<string, string[]>();
    for (const [from, tos] of a.edges) for (const to of tos) callers.set(to, [...(callers.get(to) ?? []), from]);
    for (const key of a.reaches) {
      const n = a.nodes.get(key)!;
      const line = lineOf(sf, n.body);
      const taps = bound.filter((b) => b.handler === n.name && key.startsWith('m:'));
      if (n.kind === 'lifecycle') flag(file, line, `${n.name} takes a fix (directly or through what it calls) without a tap`);
      for (const b of taps.filter((x) => !isTap(x))) flag(file, line, `${n.name} takes a fix and is bound to ${b.event}, not to a tap`);
      if (n.kind === 'method' && !taps.some(isTap) && !(callers.get(key) ?? []).length) flag(file, line, `${n.name} takes a fix but no tap is bound to it, and nothing calls it`);
      if (n.kind === 'function' && n.exported) flag(file, line, `${n.name} takes a fix and is exported from a page`);
      for (const e of a.escaped) if (e.startsWith(`${key}@`)) flag(file, Number(e.split('@')[1]), `${n.name} takes a fix and is passed on as a value`);
    }
    for (const d of a.deferred) {
      const [site, rest] = d.split('->');
      const target = rest!.split('@')[0]!;
      if (target === 'locate' || a.reaches.has(target)) flag(file, Number(rest!.split('@')[1]), `${site.replace(/^(m|fn):/, '')} takes a fix inside a timer or event callback, after the tap has passed`);
    }
  }
  return { violations, locating, pages: pages.sort() };
}

// ---- the mini program as it is ------------------------------------------------------------------

function allFiles(dir: string, out: Map<string, string>): Map<string, string> {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const rel = relative(MINIPROGRAM_ROOT, full).split('\\').join('/');
    if (statSync(full).isDirectory()) {
      // Test-only code (fakes of wx) is not the mini program.
      if (!['testing', 'node_modules', 'miniprogram_npm'].includes(name)) allFiles(full, out);
    } else if (/\.(ts|wxml|json)$/.test(name) && !name.endsWith('.test.ts')) out.set(rel, readFileSync(full, 'utf8'));
  }
  return out;
}

it('holds for every source of the mini program', () => {
  const files = allFiles(MINIPROGRAM_ROOT, new Map());
  expect(files.has('app.json')).toBe(true);
  const { violations, locating, pages } = checkLocationPolicy(files);
  expect(violations).toEqual([]);
  // utils/location.ts takes a fix in one function; the pages that use it were all checked.
  expect(locating.get(LOCATION_MODULE)).toEqual(['locate']);
  expect(pages).toEqual(
    expect.arrayContaining(['pages/checkin/index/index.ts', 'pages/spotcheck/answer/index.ts', 'pages/stationing/checkin/index.ts', 'pages/training/mine/index.ts', 'pages/training/course/index.ts', 'pages/inspection/record/index.ts', 'pages/visit/log/index.ts', 'pages/complaint/raise/index.ts']),
  );
  // Every file that imports locate is among them (none escapes the check by not being a page).
  const importers = [...files].filter(([f, text]) => f.endsWith('.ts') && f !== LOCATION_MODULE && /import\s*{[^}]*\blocate\b[^}]*}\s*from\s*'[./]*utils\/location'/.test(text)).map(([f]) => f);
  expect(importers.length).toBeGreaterThanOrEqual(8);
  expect(pages).toEqual(expect.arrayContaining(importers));
});

it('would catch the real check-in page taking a fix when it shows, or its button bound to another event', () => {
  const files = allFiles(MINIPROGRAM_ROOT, new Map());
  const page = 'pages/checkin/index/index.ts';
  const source = files.get(page)!;
  expect(source).toContain('onShow(): void {');
  const shown = new Map(files).set(page, source.replace('onShow(): void {', 'onShow(): void {\n      void this.start();'));
  expect(checkLocationPolicy(shown).violations.map((v) => `${v.file}:${v.message}`)).toEqual([`${page}:onShow takes a fix (directly or through what it calls) without a tap`]);
  const wxml = files.get('pages/checkin/index/index.wxml')!;
  expect(wxml).toContain('bindtap="onCheckin"');
  const rebound = new Map(files).set('pages/checkin/index/index.wxml', wxml.replace('bindtap="onCheckin"', 'bindlongpress="onCheckin"'));
  expect(checkLocationPolicy(rebound).violations.map((v) => v.message)).toEqual(['onCheckin takes a fix and is bound to longpress, not to a tap', 'onCheckin takes a fix but no tap is bound to it, and nothing calls it']);
});

// ---- made-up pages that break it ------------------------------------------------------------------

const LOCATION = `
export function fixOf(res: { latitude: number }) { return res.latitude; }
function ask(resolve: (v: unknown) => void) { wx.getLocation({ type: 'gcj02', success: resolve }); }
export function locate(): Promise<unknown> { return new Promise((resolve) => ask(resolve)); }
export function newClientId() { return 'x'; }
`;
const APP = JSON.stringify({ pages: ['pages/p/index'], requiredPrivateInfos: ['getLocation'] });
const page = (ts: string, wxml: string, more: Record<string, string> = {}) =>
  checkLocationPolicy(new Map([['app.json', APP], [LOCATION_MODULE, LOCATION], ['pages/p/index.ts', ts], ['pages/p/index.wxml', wxml], ...Object.entries(more)]));
const messages = (r: ReturnType<typeof page>) => r.violations.map((v) => `${v.file}:${v.message}`);

describe('the checker', () => {
  const TAPPED = `import { locate } from '../../utils/location';
Component({ methods: { onTap() { void this.start(); }, async start() { await locate(); } } });`;

  it('passes a fix taken from a tap handler, directly or through a method it calls', () => {
    expect(messages(page(TAPPED, '<button bindtap="onTap">签到</button>'))).toEqual([]);
    expect(messages(page(TAPPED, '<view catch:tap="onTap">签到</view>'))).toEqual([]);
    // The privacy dialog's agree button is a tap on that button.
    const agreed = `import { locate } from '../../utils/location';
Component({ methods: { onAgree() { void this.start(); }, async start() { await locate(); } } });`;
    expect(messages(page(agreed, '<button open-type="agreePrivacyAuthorization" bindagreeprivacyauthorization="onAgree">同意</button>'))).toEqual([]);
    expect(page(TAPPED, '<button bindtap="onTap">签到</button>').pages).toEqual(['pages/p/index.ts']);
  });

  it('fails a fix taken from a lifetime, a page event or an observer', () => {
    const onShow = `import { locate } from '../../utils/location';
Component({ lifetimes: { attached() { void this.start(); } }, methods: { onTap() { void this.start(); }, async start() { await locate(); } } });`;
    expect(messages(page(onShow, '<button bindtap="onTap">签到</button>'))).toEqual(['pages/p/index.ts:attached takes a fix (directly or through what it calls) without a tap']);
    const shown = `import { locate } from '../../utils/location';
Component({ methods: { onShow() { void this.onTap(); }, onTap() { void locate(); } } });`;
    expect(messages(page(shown, '<button bindtap="onTap">签到</button>'))).toEqual(['pages/p/index.ts:onShow takes a fix (directly or through what it calls) without a tap']);
    const observed = `import { locate as grab } from '../../utils/location';
Component({ observers: { 'status'() { void grab(); } } });`;
    expect(messages(page(observed, '<view/>'))).toEqual(['pages/p/index.ts:status takes a fix (directly or through what it calls) without a tap']);
  });

  it('fails a method bound to another event, or bound to nothing', () => {
    expect(messages(page(TAPPED, '<picker bindchange="onTap"></picker>'))).toEqual(['pages/p/index.ts:onTap takes a fix and is bound to change, not to a tap', 'pages/p/index.ts:onTap takes a fix but no tap is bound to it, and nothing calls it']);
    expect(messages(page(TAPPED, '<button bindtap="onOther">签到</button>'))).toEqual(['pages/p/index.ts:onTap takes a fix but no tap is bound to it, and nothing calls it']);
    // A button that only looks like the agree button is no tap.
    expect(messages(page(TAPPED, '<button bindagreeprivacyauthorization="onTap">同意</button>'))).toContain('pages/p/index.ts:onTap takes a fix and is bound to agreeprivacyauthorization, not to a tap');
  });

  it('fails a fix deferred to a timer or a callback, and a method passed on as a value', () => {
    const timer = `import { locate } from '../../utils/location';
Component({ methods: { onTap() { setTimeout(() => this.start(), 60000); }, async start() { await locate(); } } });`;
    expect(messages(page(timer, '<button bindtap="onTap">签到</button>'))).toEqual(['pages/p/index.ts:onTap takes a fix inside a timer or event callback, after the tap has passed']);
    const listener = `import { locate } from '../../utils/location';
Component({ methods: { onTap() { wx.onNetworkStatusChange(() => { void locate(); }); } } });`;
    expect(messages(page(listener, '<button bindtap="onTap">签到</button>'))).toEqual(['pages/p/index.ts:onTap takes a fix inside a timer or event callback, after the tap has passed']);
    const passed = `import { locate } from '../../utils/location';
Component({ methods: { onTap() { void this.start(); }, onHide() { wx.onAppShow(this.start); }, async start() { await locate(); } } });`;
    expect(messages(page(passed, '<button bindtap="onTap">签到</button>'))).toEqual(['pages/p/index.ts:start takes a fix and is passed on as a value']);
  });

  it('follows the file’s own functions and helper modules', () => {
    const viaFunction = `import { locate } from '../../utils/location';
async function grab() { return locate(); }
Component({ lifetimes: { ready() { void grab(); } } });`;
    expect(messages(page(viaFunction, '<view/>'))).toEqual(['pages/p/index.ts:ready takes a fix (directly or through what it calls) without a tap']);
    const helper = `import { locate } from './location';\nexport async function freshFix() { return locate(); }`;
    const viaHelper = `import { freshFix } from '../../utils/helper';
Component({ methods: { onLoad() { void freshFix(); } } });`;
    const r = page(viaHelper, '<view/>', { 'utils/helper.ts': helper });
    expect(r.locating.get('utils/helper.ts')).toEqual(['freshFix']);
    expect(messages(r)).toEqual(['pages/p/index.ts:onLoad takes a fix (directly or through what it calls) without a tap']);
  });

  it('fails wx.getLocation outside utils/location.ts, and any continuous, background or picked location', () => {
    const own = `Component({ methods: { onTap() { wx.getLocation({ type: 'gcj02' }); } } });`;
    expect(messages(page(own, '<button bindtap="onTap">签到</button>'))).toEqual(['pages/p/index.ts:calls wx.getLocation outside utils/location.ts']);
    const background = `Component({ methods: { onTap() { wx.startLocationUpdateBackground({}); wx.onLocationChange(() => undefined); } } });`;
    expect(messages(page(background, '<button bindtap="onTap">签到</button>'))).toEqual(['pages/p/index.ts:uses startLocationUpdateBackground', 'pages/p/index.ts:uses onLocationChange']);
    const picked = `const api = 'chooseLocation';\nComponent({ methods: { onTap() { (wx as any)[api]({}); } } });`;
    expect(messages(page(picked, '<button bindtap="onTap">选点</button>'))).toEqual(['pages/p/index.ts:uses chooseLocation']);
    const app = JSON.stringify({ pages: [], requiredPrivateInfos: ['getLocation', 'startLocationUpdate'], requiredBackgroundModes: ['audio', 'location'] });
    const r = checkLocationPolicy(new Map([['app.json', app], [LOCATION_MODULE, LOCATION]]));
    expect(messages(r)).toEqual(['app.json:requiredBackgroundModes declares "location": location is taken in the foreground, on a tap', 'app.json:requiredPrivateInfos asks for startLocationUpdate']);
  });

  it('fails a locating function passed on, re-exported, or called when the file loads', () => {
    const value = `import { locate } from '../../utils/location';\nconst later = [locate];\nComponent({ methods: { onTap() { void later; } } });`;
    expect(messages(page(value, '<button bindtap="onTap">签到</button>'))).toEqual(['pages/p/index.ts:passes locate on as a value']);
    const reexport = `export { locate } from './location';`;
    expect(messages(page(TAPPED, '<button bindtap="onTap">签到</button>', { 'utils/again.ts': reexport }))).toEqual(['utils/again.ts:re-exports utils/location.ts: a locating function must be imported where it is called']);
    const onLoad = `import { locate } from '../../utils/location';\nvoid locate();\nComponent({ methods: {} });`;
    expect(messages(page(onLoad, '<view/>'))).toEqual(['pages/p/index.ts:takes a fix when the file loads']);
  });
});
