/**
 * A local cloud in a process of its own, for benchmarks that measure a job against the database
 * as CloudBase runs it: in another process than the function, so the function's work and the
 * database's overlap when the function keeps more than one request in flight. The parent talks
 * to it over IPC: the SDK environment to apply, the clock, the billed-operation counts.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { LocalCloud } from '../localcloud';
import { collections } from '../server/collections';

type Request = Ask & { id: number };
type Ask = { op: 'clock'; iso: string } | { op: 'ops' } | { op: 'profile'; file: string | null } | { op: 'stop' };
type Reply = { id: number; env?: Record<string, string>; ops?: { reads: number; writes: number; cpuMs: number } };

/** The parent's handle on a local cloud running in a child process. */
export interface CloudProcess {
  /** Point this process's SDK at the child (and its clock). */
  applySdkEnv(): void;
  setClock(iso: string): Promise<void>;
  /** Billed operations so far, and the CPU time the local cloud's process has used (user + system, ms). */
  ops(): Promise<{ reads: number; writes: number; cpuMs: number }>;
  /** Start the child's CPU profiler, or stop it and write its profile to `file` (see `profiled`). */
  profile(file: string | null): Promise<void>;
  stop(): Promise<void>;
}

export async function startCloudProcess(): Promise<CloudProcess> {
  const child: ChildProcess = fork(__filename, ['--child'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let next = 1;
  const waiting = new Map<number, (r: Reply) => void>();
  let env: Record<string, string> = {};
  const ready = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`local cloud process exited (${code})`)));
    child.on('message', (m: Reply) => {
      if (m.id === 0) {
        env = m.env!;
        resolve();
        return;
      }
      waiting.get(m.id)?.(m);
      waiting.delete(m.id);
    });
  });
  await ready;
  const ask = (req: Ask) =>
    new Promise<Reply>((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      child.send({ ...req, id });
    });
  const apply = () => {
    for (const [k, v] of Object.entries(env)) process.env[k] = v;
  };
  return {
    applySdkEnv: apply,
    async setClock(iso) {
      env = { ...env, ...(await ask({ op: 'clock', iso })).env };
      apply();
    },
    async ops() {
      return (await ask({ op: 'ops' })).ops!;
    },
    async profile(file) {
      await ask({ op: 'profile', file });
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await ask({ op: 'stop' });
      await exited;
    },
  };
}

async function child(): Promise<void> {
  const cloud = await LocalCloud.start({ port: 0, collections, log: () => undefined });
  const send = (r: Reply) => process.send!(r);
  let session: import('node:inspector/promises').Session | null = null;
  process.on('message', (m: Request) => {
    if (m.op === 'profile') {
      void (async () => {
        const { Session } = await import('node:inspector/promises');
        if (!session) {
          session = new Session();
          session.connect();
          await session.post('Profiler.enable');
          await session.post('Profiler.start');
        } else {
          const { profile } = await session.post('Profiler.stop');
          const { writeFileSync } = await import('node:fs');
          if (m.file) writeFileSync(m.file, JSON.stringify(profile));
          session.disconnect();
          session = null;
        }
        send({ id: m.id });
      })();
    } else if (m.op === 'clock') {
      cloud.clock.set(m.iso, { frozen: true });
      send({ id: m.id, env: cloud.clock.env() });
    } else if (m.op === 'ops') {
      const cpu = process.cpuUsage();
      send({ id: m.id, ops: { reads: cloud.database.ops.reads, writes: cloud.database.ops.writes, cpuMs: (cpu.user + cpu.system) / 1000 } });
    } else {
      void cloud.stop().then(() => {
        send({ id: m.id });
        process.exit(0);
      });
    }
  });
  send({ id: 0, env: { ...cloud.sdkEnv(), ...cloud.clock.env() } });
}

if (process.argv.includes('--child') && process.send) void child();
