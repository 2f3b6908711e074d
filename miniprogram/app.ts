/** The app: in cloud mode it connects to CloudBase (through the api client, see config.ts). */
import { initBackend } from './api/index';

App({
  onLaunch() {
    initBackend();
  },
});
