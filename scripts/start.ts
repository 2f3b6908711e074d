/**
 * `npm start`: the local cloud on LOCALCLOUD_PORT (default 3700), data kept in `.localcloud/`,
 * the project's functions from source, the timer running, and the demo county seeded.
 */
import { join } from 'node:path';
import { LocalCloud } from '../localcloud';
import { collections } from '../server/collections';
import { ROOT, sourceFunctions } from './functions';
import { ROLE_NAMES } from '../server/features/people/schema';
import { DEMO_COMPLAINT_LOGINS, DEMO_LOGINS } from './demo/data';
import { demoGroupId } from './demo/complaints';
import { demoLogins, seedDemo } from './demo/seed';
import { seedDemoMonth } from './demo/month';

async function main(): Promise<void> {
  const port = Number(process.env.LOCALCLOUD_PORT ?? 3700);
  const dataDir = process.env.LOCALCLOUD_DATA ?? join(ROOT, '.localcloud');
  const cloud = await LocalCloud.start({ port, host: '127.0.0.1', dataDir, collections, functions: sourceFunctions(), people: demoLogins, timer: true });
  cloud.applySdkEnv();
  // With the village groups, their villagers and a few complaints in 十八洞村.
  const seeded = await seedDemo({ complaints: true });
  // Last month settled, for the scoring pages (the timer scores it on its next tick).
  if (seeded) await seedDemoMonth(cloud.clock.now());

  const lines = [
    '',
    `在岗 OnPost — local cloud on ${cloud.url}  (data: ${dataDir}${seeded ? ', demo county seeded' : ''})`,
    '',
    'Log in as (header x-openid, or pick a person on the mini program home page in local mode):',
    ...DEMO_LOGINS.map((l) => `  ${l.role.padEnd(11)} ${l.name}\t${l.unitName}\t${l.openid}`),
    `  …and every other demo person: GET ${cloud.url}/_local/people`,
    '',
    '体验村群诉求（十八洞村已有演示诉求：待受理、办理中、待评价、已办结），可登录：',
    ...DEMO_COMPLAINT_LOGINS.map((l) => `  ${ROLE_NAMES[l.role].padEnd(5, '\u3000')} ${l.name}\t${l.unitName}\t${l.openid}\t${l.tryIt}`),
    `  村群 opengid：${demoGroupId('vil-shibadong')}（本地模式下从村群卡片进入时使用）`,
    '',
    'Try:',
    `  curl -s ${cloud.url}/call/api -H 'x-openid: ${DEMO_LOGINS.find((l) => l.role === 'staff')?.openid}' -d '{"action":"people.me","input":{}}'`,
    '',
    'SDK endpoint for any wx-server-sdk: TCB_CONTEXT_CNFG=' + JSON.stringify({ URL: cloud.adminUrl }),
    'Ctrl-C stops it; data stays in the folder above (delete it to start over).',
    '',
  ];
  process.stdout.write(lines.join('\n'));

  const stop = async () => {
    await cloud.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
