/** config.ts: local mode by default; a checkout's git-ignored config.local.ts overrides it. */
import type { AppConfig } from './config';

const load = (): AppConfig => {
  let config: AppConfig | undefined;
  jest.isolateModules(() => {
    config = (require('./config') as typeof import('./config')).config;
  });
  return config!;
};

afterEach(() => jest.dontMock('./config.local'));

it('is local mode on 127.0.0.1:3700 when the checkout sets nothing (as in every test)', () => {
  expect(load()).toEqual({ mode: 'local', cloudEnv: '', localUrl: 'http://127.0.0.1:3700' });
});

it('takes what config.local.ts sets over the defaults, and keeps the rest', () => {
  jest.doMock('./config.local', () => ({ config: { mode: 'cloud', cloudEnv: 'onpost-prod-1a2b' } }));
  expect(load()).toEqual({ mode: 'cloud', cloudEnv: 'onpost-prod-1a2b', localUrl: 'http://127.0.0.1:3700' });
});

it('keeps the defaults when config.local.ts exports no config', () => {
  jest.doMock('./config.local', () => ({}));
  expect(load().mode).toBe('local');
});

it('keeps the defaults when config.local.ts cannot be loaded', () => {
  jest.doMock('./config.local', () => {
    throw new Error("module 'config.local.js' is not defined");
  });
  expect(load().mode).toBe('local');
});
