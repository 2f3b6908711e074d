/**
 * Copy to `config.local.ts` (git-ignored) to point this checkout's mini program elsewhere than
 * the local cloud; see config.ts. Only what you set here overrides the defaults.
 */
import type { AppConfig } from './config';

export const config: Partial<AppConfig> = {
  // Against a real CloudBase environment (after `npm run deploy`): its id, as in CLOUDBASE_ENV_ID.
  mode: 'cloud',
  cloudEnv: 'your-env-id',
  // Local mode on a phone: the computer's LAN address instead of 127.0.0.1.
  // mode: 'local',
  // localUrl: 'http://192.168.1.20:3700',
};
