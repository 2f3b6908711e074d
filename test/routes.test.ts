/**
 * The interactive actions are served by four functions, by feature (miniprogram/api/routes.ts):
 * the table the mini program routes by must agree with what each function's registry serves.
 */
import { ROUTES, functionOf } from '../miniprogram/api/routes';
import { callRegistries } from '../server/features';
import { ACCESS_POINTS } from '../server/features/privacy/points';
import { functionNames } from '../scripts/functions';
import { actionRoutes } from './harness';

const featureOf = (name: string) => name.slice(0, name.indexOf('.'));

it('serves every interactive action by the function its feature names, and no feature by two', () => {
  const wrong: string[] = [];
  const servedBy = new Map<string, Set<string>>();
  for (const [fn, reg] of Object.entries(callRegistries)) {
    for (const name of reg.names()) {
      const feature = featureOf(name);
      // The system actions (system.ping) every function serves, each for itself.
      if (feature === 'system') continue;
      (servedBy.get(feature) ?? servedBy.set(feature, new Set()).get(feature)!).add(fn);
      if (functionOf(name) !== fn) wrong.push(`${name} is served by ${fn}, routed to ${functionOf(name)}`);
    }
  }
  expect(wrong).toEqual([]);
  expect([...servedBy].filter(([, fns]) => fns.size > 1).map(([f]) => f)).toEqual([]);
  // Every feature routed is served, and every function routed to is deployed.
  expect(Object.keys(ROUTES).filter((f) => f !== 'system' && !servedBy.has(f))).toEqual([]);
  expect([...new Set(Object.values(ROUTES))].filter((fn) => !functionNames().includes(fn))).toEqual([]);
  for (const reg of Object.values(callRegistries)) expect(reg.get('system.ping')).toBeDefined();
});

it('routes an unknown name to api, which answers that there is no such action', () => {
  expect(functionOf('nosuch.thing')).toBe('api');
  expect(functionOf('toString.x')).toBe('api');
  expect(functionOf('')).toBe('api');
});

it('logs every access point where it is served', () => {
  const routed = new Set(actionRoutes().map((r) => r.name));
  expect(Object.keys(ACCESS_POINTS).filter((n) => !routed.has(n))).toEqual([]);
});
