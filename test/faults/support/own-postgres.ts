import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../support/own-redis';

const BIN = execFileSync('pg_config', ['--bindir']).toString().trim();
const AS_ROOT = process.getuid?.() === 0;

/** Runs a PostgreSQL binary; as root, as the `postgres` user (PostgreSQL refuses to run as root). */
function run(binary: string, args: string[], cwd: string): Promise<string> {
  const [command, argv] = AS_ROOT
    ? ['runuser', ['-u', 'postgres', '--', join(BIN, binary), ...args]]
    : [join(BIN, binary), args];
  return new Promise((resolve, reject) => {
    execFile(command, argv, { cwd, timeout: 60000 }, (error, stdout, stderr) =>
      error
        ? reject(new Error(`${binary} ${args.join(' ')} failed: ${error.message}\n${stderr}`))
        : resolve(stdout),
    );
  });
}

/**
 * A PostgreSQL cluster of the test's own: initdb into a temporary folder, trust auth, on a free
 * port of 127.0.0.1, its socket in that folder. A drill may stop and start it at will; the shared
 * server on 5432 is never touched. `destroy()` stops it and removes the folder.
 *
 * fsync is off for speed: it only matters when the machine itself crashes. A stopped or crashed
 * PostgreSQL keeps every committed transaction either way (the WAL reaches the OS at commit).
 */
export class OwnPostgres {
  private running = false;

  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly settings: Record<string, string | number>,
  ) {}

  /** `settings`: server settings (`-c name=value`) over the defaults below, e.g. a small max_connections. */
  static async start(settings: Record<string, string | number> = {}): Promise<OwnPostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'huquq-fault-pg-'));
    const pg = new OwnPostgres(dir, await freePort(), settings);
    OwnPostgres.live.add(pg);
    try {
      if (AS_ROOT) {
        const { uid, gid } = postgresUser();
        chownSync(dir, uid, gid);
      }
      await run(
        'initdb',
        ['-D', pg.dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync'],
        dir,
      );
      await pg.startServer();
      return pg;
    } catch (error) {
      await pg.destroy();
      throw error;
    }
  }

  get dataDir(): string {
    return join(this.dir, 'data');
  }

  /** The URL of a database on this server (the service creates it if missing). */
  url(database = 'huquq'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  get log(): string {
    const file = join(this.dir, 'server.log');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  /**
   * `fast`: clients are told (57P01) and a checkpoint is written. `immediate`: every backend is
   * killed at once, as in a crash; the next start replays the WAL.
   */
  async stopServer(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await run('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', '-t', '60', 'stop'], this.dir);
    this.running = false;
  }

  async startServer(): Promise<void> {
    const settings = {
      listen_addresses: '127.0.0.1',
      unix_socket_directories: this.dir,
      fsync: 'off',
      max_connections: 200,
      ...this.settings,
    };
    const options = [
      `-p ${this.port}`,
      ...Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`),
    ].join(' ');
    await run(
      'pg_ctl',
      ['-D', this.dataDir, '-o', options, '-l', join(this.dir, 'server.log'), '-w', '-t', '60', 'start'],
      this.dir,
    );
    this.running = true;
  }

  /** For afterAll: stopped and removed, whatever state it is in. */
  async destroy(): Promise<void> {
    OwnPostgres.live.delete(this);
    if (this.running || existsSync(join(this.dataDir, 'postmaster.pid'))) {
      await this.stopServer('immediate').catch(() => this.killPostmaster());
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private killPostmaster(): void {
    try {
      const pid = Number(readFileSync(join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (pid > 0) process.kill(pid, 'SIGQUIT');
    } catch {
      // Not running.
    }
    this.running = false;
  }

  /** Clusters not destroyed yet: killed if the test process exits without its afterAll. */
  private static readonly live = new Set<OwnPostgres>();

  static {
    process.once('exit', () => {
      for (const pg of OwnPostgres.live) {
        pg.killPostmaster();
        rmSync(pg.dir, { recursive: true, force: true });
      }
    });
  }
}

function postgresUser(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  if (!line) throw new Error('No postgres user on this machine to run PostgreSQL as');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}
