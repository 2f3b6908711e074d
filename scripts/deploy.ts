/**
 * `npm run deploy`: build the function bundles and create or update the CloudBase environment
 * (functions with their timer and 云调用 permissions, collections, indexes, security rules).
 * `npm run deploy -- --dry-run` prints the plan and touches no network; `--json` prints it as JSON.
 *
 * Settings come from the environment or the git-ignored `cloudbase.env.json` (see
 * `cloudbase.env.example.json`): CLOUDBASE_ENV_ID, TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY,
 * optionally WX_APPID / WX_APPSECRET and the SUBSCRIBE_TEMPLATE_* ids. Never from the repo.
 */
import { buildFunctions } from './build';
import { BUILD_DIR } from './functions';
import { describePlan, makePlan, readSettings } from './deploy/plan';
import { apply, type Fetch, type Manager } from './deploy/apply';

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const dryRun = argv.includes('--dry-run');
  const asJson = argv.includes('--json');
  const settings = readSettings(env);
  const plan = makePlan(settings);
  if (dryRun) {
    console.log(asJson ? JSON.stringify(plan, null, 2) : describePlan(plan));
    return 0;
  }
  const missing = (['envId', 'secretId', 'secretKey'] as const).filter((k) => !settings[k]);
  if (missing.length) {
    const names = { envId: 'CLOUDBASE_ENV_ID', secretId: 'TENCENTCLOUD_SECRETID', secretKey: 'TENCENTCLOUD_SECRETKEY' };
    console.error(`部署需要 ${missing.map((k) => names[k]).join('、')}：请在环境变量或 cloudbase.env.json（已被 git 忽略，参见 cloudbase.env.example.json）中设置。只想查看计划请用 npm run deploy -- --dry-run`);
    return 1;
  }
  console.log(describePlan(plan));
  const reports = await buildFunctions(BUILD_DIR);
  for (const r of reports) console.log(`构建 ${r.name}: ${(r.bytes / 1024).toFixed(1)} KB`);
  // Loaded only for a real deploy: the dry run and the tests never need it.
  const CloudBase = require('@cloudbase/manager-node') as { init(c: { secretId: string; secretKey: string; envId: string }): Manager };
  const manager = CloudBase.init({ secretId: settings.secretId!, secretKey: settings.secretKey!, envId: settings.envId! });
  const log = await apply(makePlan(settings), manager, settings, BUILD_DIR, fetch as unknown as Fetch);
  for (const line of log) console.log(line);
  console.log('部署完成');
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2))
    .then((code) => process.exit(code))
    .catch((err: unknown) => {
      console.error(`部署失败：${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    });
}
