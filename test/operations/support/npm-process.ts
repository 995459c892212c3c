import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';
import { waitFor } from '../../support/wait-for';

const ROOT = join(__dirname, '../../..');

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Whether something accepts a connection on the port. */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Whether any process of the group is left. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The environment of a service of the test's own (database, queue prefix, secrets, port). */
/** One database, one set of secrets: a start with another master key than its first is refused. */
const secretsOf = new Map<string, Record<string, string>>();

export function serviceEnv(databaseUrl: string, port: number): NodeJS.ProcessEnv {
  if (!secretsOf.has(databaseUrl)) {
    secretsOf.set(databaseUrl, {
      JWT_SECRET: randomBytes(32).toString('base64url'),
      BLIND_INDEX_KEY: randomBytes(32).toString('base64url'),
      HUQUQ_MASTER_KEY: randomBytes(32).toString('base64'),
    });
  }
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    QUEUE_PREFIX: `t${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: 'info',
    ...secretsOf.get(databaseUrl),
  };
}

/**
 * `npm <args>` as the leader of a process group of its own (like a shell's job, a terminal's
 * Ctrl-C or a supervisor), so a test can signal the group or npm alone and see what is left.
 */
export class NpmProcess {
  output = '';
  readonly exited: Promise<unknown>;
  private readonly onTestExit = () => this.killGroup();

  private constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = once(child, 'exit');
    process.once('exit', this.onTestExit);
  }

  static start(args: string[], env: NodeJS.ProcessEnv, cwd = ROOT): NpmProcess {
    return new NpmProcess(
      spawn('npm', args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] }),
    );
  }

  get pgid(): number {
    return this.child.pid!;
  }

  /** Waits until `GET /health` answers (the build and the start included). */
  async healthy(port: number, timeoutMs = 120_000): Promise<void> {
    await waitFor(
      async () => {
        if (this.child.exitCode !== null) throw new Error(`npm exited:\n${this.output.slice(-3000)}`);
        const res = await fetch(`http://127.0.0.1:${port}/health`);
        return res.ok;
      },
      { timeoutMs, intervalMs: 200, what: 'the service to answer /health' },
    );
  }

  /** kill -9 of whatever is left of the group (cleanup). */
  killGroup(): void {
    process.off('exit', this.onTestExit);
    if (groupAlive(this.pgid)) process.kill(-this.pgid, 'SIGKILL');
  }
}
