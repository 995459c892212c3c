import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');
/** Runs the TypeScript sources the way ts-jest does (see that file): always today's code, no build. */
const TS_REGISTER = join(ROOT, 'test/follow-ups/support/ts-register.cjs');
/** Output kept per process, for failure messages: the end matters most. */
const MAX_OUTPUT = 2_000_000;

/**
 * `npm start` as a process of the drill's own: the API with the worker embedded, from the
 * sources, on the drill's own PostgreSQL and Redis. It can be SIGKILLed and started again.
 */
export class ServiceProcess {
  private output = '';
  /** Characters written in all, of which `output` holds the last ones. */
  private written = 0;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly onTestExit = () => this.child.kill('SIGKILL');

  private constructor(private readonly child: ChildProcess) {
    const keep = (chunk: Buffer) => {
      const text = chunk.toString();
      this.output += text;
      this.written += text.length;
      if (this.output.length > MAX_OUTPUT) this.output = this.output.slice(-MAX_OUTPUT / 2);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        process.off('exit', this.onTestExit);
        resolve({ code, signal });
      }),
    );
    process.once('exit', this.onTestExit);
  }

  static start(env: Record<string, string>): ServiceProcess {
    const childEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...env };
    const child = spawn(process.execPath, ['-r', TS_REGISTER, join(ROOT, 'apps/api/src/main.ts')], {
      cwd: ROOT,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ServiceProcess(child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The end of what it wrote, for failure messages. */
  tail(chars = 4000): string {
    return this.output.slice(-chars);
  }

  /** Everything it wrote (as far as it is still kept). */
  logs(): string {
    return this.output;
  }

  /** A position in its output, for `since`. */
  mark(): number {
    return this.written;
  }

  /** What it wrote after `mark` (as far as it is still kept). */
  since(mark: number): string {
    return this.output.slice(Math.max(0, this.output.length - (this.written - mark)));
  }

  /** kill -9: no shutdown hook runs, nothing is flushed or handed back. */
  async kill(): Promise<void> {
    if (this.running) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}
