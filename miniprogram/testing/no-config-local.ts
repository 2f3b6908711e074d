/** What tests see in place of a checkout's git-ignored config.local.ts (jest.config.js): nothing. */
import type { AppConfig } from '../config';

export const config: Partial<AppConfig> = {};
