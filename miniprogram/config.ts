/**
 * Where the mini program finds its backend.
 *
 * - `local` (the default, for development): every call goes over HTTP to the local cloud that
 *   `npm start` runs (`POST {localUrl}/call/<function>`), as the demo person picked on the home
 *   page. WeChat DevTools must not check request domains for this (project.config.json sets
 *   `urlCheck: false`); on a phone, put the computer's LAN address in `localUrl`.
 * - `cloud`: calls go through `wx.cloud.callFunction` to the CloudBase environment `cloudEnv`.
 *
 * The defaults below are local mode. To switch this checkout to a real environment, copy
 * `config.local.example.ts` to `config.local.ts` (git-ignored) and set `mode: 'cloud'` and
 * `cloudEnv` there: what it sets overrides the defaults, and nothing committed changes. An
 * environment id is not a secret; keys are, and no key ever goes into the mini program.
 * (Tests never see config.local.ts: jest.config.js hides it.)
 */
export interface AppConfig {
  mode: 'local' | 'cloud';
  /** The CloudBase environment id (cloud mode). */
  cloudEnv: string;
  /** The local cloud's HTTP address (local mode), without a trailing slash. */
  localUrl: string;
}

/** This checkout's own settings, from the git-ignored config.local.ts, if there is one. */
function overrides(): Partial<AppConfig> {
  try {
    // A module that is not there throws, in WeChat as in Node: then the defaults stand.
    return (require('./config.local') as { config?: Partial<AppConfig> }).config ?? {};
  } catch {
    return {};
  }
}

export const config: AppConfig = {
  mode: 'local',
  cloudEnv: '',
  localUrl: 'http://127.0.0.1:3700',
  ...overrides(),
};
