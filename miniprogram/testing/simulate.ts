/**
 * Test-only: rendering pages with miniprogram-simulate.
 *
 * `simulate.load()` runs the page's `.ts` through `require()` (ts-jest compiles it), and Jest
 * keeps that module cached, so a second `load()` of the same page in one test file would not
 * call `Component()` again. Load each page once per file (here) and render it as often as needed.
 */
import * as path from 'node:path';

/**
 * The part of miniprogram-simulate we use. Its own typings pull in j-component's older copy of
 * miniprogram-api-typings, whose global `Component` overloads clash with ours and break the
 * typing of every page, so it is required untyped and described here.
 */
export interface Rendered {
  readonly dom: { textContent: string | null } | undefined;
  readonly data: Record<string, any>;
  readonly instance: Record<string, any>;
  attach(parent: unknown): void;
  detach(): void;
  querySelector(selector: string): Rendered | undefined;
  querySelectorAll(selector: string): Rendered[];
  dispatchEvent(eventName: string, options?: Record<string, unknown>): void;
}

const simulate = require('miniprogram-simulate') as {
  load(componentPath: string, options?: { rootPath?: string; compiler?: 'official' | 'simulate'; compilerOptions?: { maxBuffer?: number } }): string;
  render(id: string, properties?: Record<string, unknown>): Rendered;
};

/** The mini program's root folder (project.config.json: miniprogramRoot). */
export const MINIPROGRAM_ROOT = path.resolve(__dirname, '..');

const loaded = new Map<string, string>();

/** Load a page or component by its route (`pages/home/index/index`), once per test file. */
export function load(route: string): string {
  let id = loaded.get(route);
  if (!id) {
    // The official compiler compiles every page's WXML at once; its output passed the 1 MB that
    // spawnSync buffers by default once the app had some seventy pages.
    id = simulate.load(path.join(MINIPROGRAM_ROOT, route), { rootPath: MINIPROGRAM_ROOT, compilerOptions: { maxBuffer: 64 * 1024 * 1024 } });
    loaded.set(route, id);
  }
  return id;
}

/** Render a loaded page and attach it (which runs its `attached` lifetime). */
export function render(route: string): Rendered {
  const comp = simulate.render(load(route));
  // The DOM is jsdom's; the mini program's own typings have no `document`.
  const doc = (globalThis as unknown as { document: { createElement(tag: string): never } }).document;
  comp.attach(doc.createElement('parent-wrapper'));
  // WeChat ignores setData on a page that is gone; miniprogram-simulate would throw from the
  // page's pending call (and take the test process down with it). Do as WeChat does.
  const detach = comp.detach.bind(comp);
  let attached = true;
  comp.detach = () => {
    if (!attached) return;
    attached = false;
    live.delete(comp);
    detach();
    comp.instance.setData = () => undefined;
  };
  live.add(comp);
  return comp;
}

/**
 * Pages still on screen. Each is detached after its test: a page's call that answers later
 * (after the test file's jsdom is gone) must not render into a document that no longer exists.
 */
const live = new Set<Rendered>();
afterEach(() => {
  for (const comp of [...live]) comp.detach();
});

interface TextNode {
  nodeType: number;
  textContent: string | null;
  childNodes?: ArrayLike<TextNode>;
}

/** The rendered text, one space between the texts of separate nodes. */
export function textOf(comp: Rendered): string {
  const parts: string[] = [];
  const walk = (node: TextNode) => {
    if (node.nodeType === 3) parts.push((node.textContent ?? '').trim());
    else for (const child of Array.from(node.childNodes ?? [])) walk(child);
  };
  if (comp.dom) walk(comp.dom as TextNode);
  return parts.filter(Boolean).join(' ').replace(/\s+/g, ' ');
}

/**
 * Render a loaded page, load it with `query` (its `onLoad`), and wait until `ready` holds — by
 * default until its status is no longer loading.
 */
export async function openPage(route: string, query: Record<string, string> = {}, ready: (page: Rendered) => boolean = (p) => p.data.status !== 'loading', what = 'the page'): Promise<Rendered> {
  const page = render(route);
  page.instance.onLoad(query);
  await waitFor(() => ready(page), what);
  return page;
}

/** Wait until `check` holds (the page's calls are asynchronous). */
export async function waitFor(check: () => boolean, what = 'condition', timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The element `selector` finds in a rendered page; a missing one fails the test with its selector. */
export function el(comp: Rendered, selector: string): Rendered {
  const found = comp.querySelector(selector);
  if (!found) throw new Error(`no element ${selector} on the page; its text: ${textOf(comp)}`);
  return found;
}

/** Let the events dispatched so far run (miniprogram-simulate delivers them asynchronously). */
export function settle(): Promise<void> {
  return new Promise((r) => setTimeout(r, 0));
}

/** A tap, as a finger makes it (`bindtap`); `detail` as a `<map>` gives it ({ latitude, longitude }). */
export async function tap(comp: Rendered, selector: string, detail?: Record<string, unknown>): Promise<void> {
  el(comp, selector).dispatchEvent('tap', detail ? { detail } : {});
  await settle();
}

/** Typing into an `<input>` (`bindinput`): the whole new value. */
export async function type(comp: Rendered, selector: string, value: string): Promise<void> {
  el(comp, selector).dispatchEvent('input', { detail: { value, cursor: value.length } });
  await settle();
}

/** A `<picker>` or `<slider>` choice (`bindchange`): the picked index, the day, or the value. */
export async function pick(comp: Rendered, selector: string, value: unknown): Promise<void> {
  el(comp, selector).dispatchEvent('change', { detail: { value } });
  await settle();
}
