import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { AppConfig } from '@huquq/platform';

const ROOT = join(__dirname, '../../..');

/**
 * `npm run start:worker` as a process of the test's own, from the sources (see ts-register.cjs),
 * on the test app's database and queues. Its output is kept for failure messages.
 */
export class WorkerProcess {
  output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(private readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk) => (this.output += chunk.toString()));
    // 'close', not 'exit': only then is all of the child's output read, which tests look at.
    this.exited = new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  }

  static start(config: AppConfig, env: Record<string, string> = {}): WorkerProcess {
    const settings: Record<string, string | undefined> = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: config.DATABASE_URL,
      APP_DATABASE_URL: config.APP_DATABASE_URL,
      REDIS_URL: config.REDIS_URL,
      QUEUE_PREFIX: config.QUEUE_PREFIX,
      JWT_SECRET: config.JWT_SECRET,
      BLIND_INDEX_KEY: config.BLIND_INDEX_KEY,
      HUQUQ_MASTER_KEY: (config as unknown as Record<string, string | undefined>).HUQUQ_MASTER_KEY,
      FOLLOW_UP_TIME_SCALE: String(config.FOLLOW_UP_TIME_SCALE),
      FOLLOW_UP_JOB_LOCK_MS: String(config.FOLLOW_UP_JOB_LOCK_MS),
      ...env,
    };
    const childEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
    for (const [key, value] of Object.entries(settings)) if (value !== undefined) childEnv[key] = value;
    const child = spawn(
      process.execPath,
      ['-r', join(__dirname, 'ts-register.cjs'), join(ROOT, 'apps/worker/src/main.ts')],
      { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    return new WorkerProcess(child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  signal(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  /** For afterAll: whatever happened, the process is gone afterwards. */
  async kill(): Promise<void> {
    if (this.running) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}
