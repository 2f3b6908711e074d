/**
 * Where the mini program finds its backend.
 *
 * - `local` (the default, for development): every call goes over HTTP to the local cloud that
 *   `npm start` runs (`POST {localUrl}/call/<function>`), as the demo person picked on the home
 *   page. WeChat DevTools must not check request domains for this (project.config.json sets
 *   `urlCheck: false`); on a phone, put the computer's LAN address in `localUrl`.
 * - `cloud`: calls go through `wx.cloud.callFunction` to the CloudBase environment `cloudEnv`.
 *
 * To switch, edit `mode` (and `cloudEnv`) here. An environment id is not a secret; keys are, and
 * no key ever goes into the mini program.
 */
export interface AppConfig {
  mode: 'local' | 'cloud';
  /** The CloudBase environment id (cloud mode). */
  cloudEnv: string;
  /** The local cloud's HTTP address (local mode), without a trailing slash. */
  localUrl: string;
}

export const config: AppConfig = {
  mode: 'local',
  cloudEnv: '',
  localUrl: 'http://127.0.0.1:3700',
};
