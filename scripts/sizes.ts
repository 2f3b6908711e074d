/**
 * The mini program's packages as WeChat DevTools and miniprogram-ci pack them for upload: the
 * files under `miniprogramRoot` that `packOptions.ignore` of project.config.json (and of
 * `<miniprogramRoot>/project.config.json`, if there is one) does not drop, split by app.json's
 * subpackage roots; everything outside a subpackage root is the main package.
 *
 * Sizes are of the files as written (TypeScript before DevTools compiles it, WXML and WXSS
 * before minifying): an upper bound of what is uploaded, which is minified.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { ROOT } from './functions';

/** One rule of `packOptions.ignore`; path values are relative to `miniprogramRoot`. */
export interface IgnoreRule {
  type: 'folder' | 'file' | 'suffix' | 'prefix' | 'regexp' | 'glob';
  value: string;
}

export interface PackageSize {
  /** `main`, or the subpackage's name (its root when it has none). */
  name: string;
  /** The package's root inside `miniprogramRoot` ('' for the main package). */
  root: string;
  bytes: number;
  files: number;
}

interface ProjectConfig {
  miniprogramRoot?: string;
  packOptions?: { ignore?: IgnoreRule[] };
}

/** A glob of packOptions (`*`, `**`, `?`) as a regular expression over a `/`-separated path. */
function globRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      // `**/` matches any number of folders, none included; a trailing `**` matches everything.
      if (glob[i + 2] === '/') {
        re += '(?:.*/)?';
        i += 2;
      } else {
        re += '.*';
        i += 1;
      }
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'i');
}

const trimSlashes = (s: string) => s.replace(/^\.?\/+/, '').replace(/\/+$/, '');

/**
 * Whether a file (its path relative to `miniprogramRoot`, `/`-separated) is left out of the
 * upload. As DevTools documents: every rule ignores case; `folder` and `file` are paths from
 * the root, `suffix` and `prefix` apply to the file's name.
 */
export function ignoredBy(rules: readonly IgnoreRule[], path: string): boolean {
  const lower = path.toLowerCase();
  const name = lower.slice(lower.lastIndexOf('/') + 1);
  return rules.some((r) => {
    const v = r.value.toLowerCase();
    switch (r.type) {
      case 'folder': {
        const dir = trimSlashes(v);
        return lower === dir || lower.startsWith(`${dir}/`);
      }
      case 'file':
        return lower === trimSlashes(v);
      case 'suffix':
        return name.endsWith(v);
      case 'prefix':
        return name.startsWith(v);
      case 'regexp':
        return new RegExp(r.value, 'i').test(path);
      case 'glob':
        return globRegExp(trimSlashes(r.value)).test(path);
      default:
        return false;
    }
  });
}

function readJson<T>(file: string): T | null {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : null;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    return d.isDirectory() ? filesUnder(p) : d.isFile() ? [p] : [];
  });
}

/** The main package first, then each subpackage in app.json's order. */
export function miniprogramPackages(projectDir = ROOT): PackageSize[] {
  const project = readJson<ProjectConfig>(join(projectDir, 'project.config.json')) ?? {};
  const mpRoot = join(projectDir, project.miniprogramRoot ?? '');
  const inner = readJson<ProjectConfig>(join(mpRoot, 'project.config.json'));
  const rules = [...(project.packOptions?.ignore ?? []), ...(inner?.packOptions?.ignore ?? [])];
  const app = readJson<{ subpackages?: { root: string; name?: string }[]; subPackages?: { root: string; name?: string }[] }>(join(mpRoot, 'app.json'));
  if (!app) throw new Error(`no app.json in ${mpRoot}`);
  const subs = (app.subpackages ?? app.subPackages ?? []).map((s) => ({ name: s.name ?? trimSlashes(s.root), root: trimSlashes(s.root) }));
  const packages: PackageSize[] = [{ name: 'main', root: '', bytes: 0, files: 0 }, ...subs.map((s) => ({ ...s, bytes: 0, files: 0 }))];
  for (const file of filesUnder(mpRoot)) {
    const path = relative(mpRoot, file).split(sep).join('/');
    if (ignoredBy(rules, path)) continue;
    const pkg = packages.find((p, i) => i > 0 && (path === p.root || path.startsWith(`${p.root}/`))) ?? packages[0]!;
    pkg.bytes += statSync(file).size;
    pkg.files += 1;
  }
  return packages;
}
