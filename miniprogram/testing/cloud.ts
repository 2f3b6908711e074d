/**
 * Test-only: one real local cloud per test file, in this process, seeded with the demo county
 * (scripts/demo), and the api client's local transport pointed at it — pages under test call
 * the real `api` function, router and SDK. Call `useDemoCloud()` at the top of a test file.
 */
import { startTestCloud } from '../../test/harness';
import type { TestCloud } from '../../test/harness';
import { demoLogins, seedDemo } from '../../scripts/demo/seed';
import { localTransport } from '../api/client';
import { setLocalOpenid, setTransport, TransportError } from '../api/index';
import { config } from '../config';
import { setPhoneClock } from '../utils/day';
import { installWx } from './wx';
import type { FakeDevice } from './wx';

/** The demo people named in page tests (scripts/demo/data.ts). */
export const DEMO = {
  countyStaff: 'demo-hy-staff', // 石慧敏, staff of 花垣县
  townStaff: 'demo-sl-staff', // 龙小燕, staff of 双龙镇
  cadre: 'demo-fs-shibadong', // 蒋文博, first secretary of 十八洞村
  villager: 'demo-vl-shibadong-1', // 龙金秀, villager of 十八洞村
  approver: 'demo-sl-approver', // 石光明, approver of 双龙镇
} as const;

/** The clock of every test: a Tuesday, a working day. */
export const DEMO_NOW = '2026-05-12T10:00:00+08:00';

export interface DemoCloud {
  /** The test cloud: `cloud.call(action, input, openid)` checks what pages did. */
  readonly tc: TestCloud;
  /** The in-memory `wx` storage (the local login lives there). */
  readonly storage: Map<string, unknown>;
  /** The phone's location, subscription dialog, photo picker, privacy consent and network. */
  readonly device: FakeDevice;
  /** Log in locally as a demo person (null: nobody). */
  loginAs(openid: string | null): void;
  /** Set the cloud's clock to `iso`, frozen (the phone's clock follows it). */
  at(iso: string | Date): void;
}

export function useDemoCloud(): DemoCloud {
  let tc: TestCloud | undefined;
  let wx: ReturnType<typeof installWx> | undefined;
  const saved = { ...config };

  beforeAll(async () => {
    tc = await startTestCloud({ people: () => demoLogins() });
    tc.cloud.clock.set(DEMO_NOW, { frozen: true });
    await seedDemo();
    Object.assign(config, { mode: 'local', localUrl: tc.cloud.url });
    wx = installWx();
    // The phone's clock agrees with the server's, as a phone's normally does.
    const cloud = tc.cloud;
    setPhoneClock(() => cloud.clock.nowMs());
  }, 60_000);

  afterEach(() => {
    jest.restoreAllMocks();
  });

  afterAll(async () => {
    setPhoneClock(null);
    wx?.restore();
    Object.assign(config, saved);
    await tc?.stop();
  });

  beforeEach(() => {
    wx?.storage.clear();
    wx?.device.reset();
    setTransport(null);
    tc?.cloud.clock.set(DEMO_NOW, { frozen: true });
  });

  return {
    get tc() {
      if (!tc) throw new Error('the demo cloud starts in beforeAll');
      return tc;
    },
    get storage() {
      if (!wx) throw new Error('the demo cloud starts in beforeAll');
      return wx.storage;
    },
    get device() {
      if (!wx) throw new Error('the demo cloud starts in beforeAll');
      return wx.device;
    },
    loginAs(openid) {
      setLocalOpenid(openid);
    },
    at(iso) {
      if (!tc) throw new Error('the demo cloud starts in beforeAll');
      tc.cloud.clock.set(iso, { frozen: true });
    },
  };
}

/**
 * Lose the answer to the first call of `action` (the server does it; the phone hears a timeout),
 * as a bad network does, for the rest of the test. The clientIds the calls of `action` send, in order.
 */
export function loseFirstAnswer(action: string): string[] {
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  const sent: string[] = [];
  let lose = true;
  setTransport(async (req) => {
    const answer = await localTransport(req);
    if (req.action === action) {
      sent.push((req.input as { clientId: string }).clientId);
      if (lose) {
        lose = false;
        throw new TransportError('timeout');
      }
    }
    return answer;
  });
  return sent;
}
