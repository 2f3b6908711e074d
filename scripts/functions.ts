/**
 * The project's cloud functions as the local cloud runs them: from source (tests, `npm start`)
 * or from the bundles `npm run build` writes (the smoke test of the build).
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FunctionSpec, FunctionConfig } from '../localcloud';

export const ROOT = resolve(__dirname, '..');
export const FUNCTIONS_DIR = join(ROOT, 'cloudfunctions');
export const BUILD_DIR = join(ROOT, 'build', 'functions');

export function functionNames(): string[] {
  return readdirSync(FUNCTIONS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(FUNCTIONS_DIR, d.name, 'index.ts')))
    .map((d) => d.name)
    .sort();
}

export function functionConfig(name: string): FunctionConfig {
  return JSON.parse(readFileSync(join(FUNCTIONS_DIR, name, 'config.json'), 'utf8')) as FunctionConfig;
}

/** Functions loaded from their TypeScript sources (same process, same modules as the caller). */
export function sourceFunctions(): FunctionSpec[] {
  return functionNames().map((name) => ({
    name,
    config: functionConfig(name),
    load: () => require(join(FUNCTIONS_DIR, name, 'index.ts')),
  }));
}

/** Functions loaded from built bundles in `dir` (each `<dir>/<name>/index.js`). */
export function bundledFunctions(dir = BUILD_DIR): FunctionSpec[] {
  return functionNames().map((name) => ({
    name,
    config: JSON.parse(readFileSync(join(dir, name, 'config.json'), 'utf8')) as FunctionConfig,
    load: () => require(join(dir, name, 'index.js')),
  }));
}
