// Lint rules, including the import boundaries of ARCHITECTURE.md ("Boundaries that keep the house simple").
import tseslint from 'typescript-eslint';

const sdkOnlyInPlatform = {
  paths: [
    { name: 'wx-server-sdk', message: 'Only server/platform/cloud.ts imports wx-server-sdk.' },
    { name: '@cloudbase/node-sdk', message: 'Only server/platform/cloud.ts talks to CloudBase.' },
  ],
  patterns: [{ group: ['**/localcloud', '**/localcloud/**'], message: 'Only localcloud/ (and the scripts and tests that start it) know the local cloud exists.' }],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'build/**', '**/dist/**', 'coverage/**', '.localcloud/**', 'miniprogram/miniprogram_npm/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  // Feature code, the kernel and the function entries: no SDK, no local cloud.
  {
    files: ['server/**/*.ts', 'cloudfunctions/**/*.ts', 'typings/**/*.ts'],
    ignores: ['server/platform/cloud.ts', '**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', sdkOnlyInPlatform] },
  },
  // `import { z } from 'zod'` pulls all of zod (every locale) into a bundle; `import * as z` tree-shakes.
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', { selector: "ImportDeclaration[source.value='zod'][importKind!='type'] > ImportSpecifier[imported.name='z']", message: "Write `import * as z from 'zod'`: it lets esbuild tree-shake the bundles." }],
    },
  },
  // The platform module may import the SDK, never the local cloud.
  {
    files: ['server/platform/cloud.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: sdkOnlyInPlatform.patterns }] },
  },
  // The local cloud is domain-free: it never imports the project's backend or pages.
  {
    files: ['localcloud/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: sdkOnlyInPlatform.paths,
        patterns: [{ group: ['**/server/**', '**/miniprogram/**', '**/cloudfunctions/**'], message: 'The local cloud knows nothing of this project: keep it publishable on its own.' }],
      }],
    },
  },
  // The mini program reaches the backend only through miniprogram/api, and never imports server code (types aside).
  {
    files: ['miniprogram/**/*.ts'],
    ignores: ['**/*.test.ts', 'miniprogram/api/**', 'miniprogram/testing/**'],
    rules: { 'no-restricted-properties': ['error', { object: 'wx', property: 'cloud', message: 'Only miniprogram/api/ touches wx.cloud.' }] },
  },
  {
    files: ['miniprogram/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: sdkOnlyInPlatform.paths,
        patterns: [
          { group: ['**/server/**', '**/localcloud/**', 'zod'], allowTypeImports: true, message: 'Pages use types from typings/ only; no backend code enters the mini program.' },
        ],
      }],
    },
  },
);
