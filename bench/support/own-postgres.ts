import { execFile, execFileSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from './server';

/**
 * The role the benches' own probes connect as (counting rows, reading pg_stat_statements,
 * listing backends), so that their statements can be told apart from the service's.
 */
export const MONITOR_ROLE = 'huquq_bench';

const BIN = execFileSync('pg_config', ['--bindir']).toString().trim();
const AS_ROOT = process.getuid?.() === 0;

/**
 * A private PostgreSQL for the write-path benches (baseline and intake), the same idea as
 * test/faults/support/own-postgres.ts but configured for measuring, not for fault drills:
 *
 * - configured like the shared development server (stock PostgreSQL 15: shared_buffers 128 MB,
 *   max_connections 100, fsync and synchronous_commit on, autovacuum off, UTC, C.UTF-8), its data
 *   folder on the same disk (/tmp is not a tmpfs here), so WAL flushes cost what they cost there;
 * - plus pg_stat_statements preloaded with `track = all`, which the shared server lacks: every
 *   statement the service sends, and every statement run inside a trigger or function, is counted.
 *
 * initdb and pg_ctl refuse to run as root: as root they run as the `postgres` user. `destroy()`
 * stops the server and removes the folder; a process that exits without calling it still kills
 * the postmaster and removes the folder (the 'exit' hook below).
 */
export class OwnPostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async start(): Promise<OwnPostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'huquq-bench-pg-'));
    const pg = new OwnPostgres(dir, await freePort());
    OwnPostgres.live.add(pg);
    try {
      if (AS_ROOT) {
        const { uid, gid } = postgresUser();
        chownSync(dir, uid, gid);
      }
      await run(
        'initdb',
        ['-D', pg.dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'],
        dir,
      );
      appendFileSync(
        join(pg.dataDir, 'postgresql.conf'),
        [
          '',
          '# huquq bench (bench/support/own-postgres.ts)',
          `port = ${pg.port}`,
          "listen_addresses = '127.0.0.1'",
          `unix_socket_directories = '${dir}'`,
          '# as the shared development server',
          'max_connections = 100',
          'shared_buffers = 128MB',
          'autovacuum = off',
          "timezone = 'Etc/UTC'",
          '# counting statements',
          "shared_preload_libraries = 'pg_stat_statements'",
          'pg_stat_statements.track = all',
          // Enough entries that none is evicted during a run (evictions would lose calls).
          'pg_stat_statements.max = 10000',
          '',
        ].join('\n'),
      );
      await run('pg_ctl', ['-D', pg.dataDir, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start'], dir);
      const client = new Client({ connectionString: pg.url('postgres') });
      await client.connect();
      try {
        await client.query(`CREATE ROLE ${MONITOR_ROLE} LOGIN SUPERUSER`);
      } finally {
        await client.end();
      }
      return pg;
    } catch (error) {
      const log = pg.log.split('\n').slice(-20).join('\n');
      await pg.destroy();
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n${log}`);
    }
  }

  get dataDir(): string {
    return join(this.dir, 'data');
  }

  /** The server's URL (no database), as BENCH_DATABASE_SERVER expects it. */
  get server(): string {
    return `postgres://postgres@127.0.0.1:${this.port}`;
  }

  url(database: string): string {
    return `${this.server}/${database}`;
  }

  get log(): string {
    const file = join(this.dir, 'server.log');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  /** Stopped (fast: nothing here needs a checkpoint) and its folder removed, whatever its state. */
  async destroy(): Promise<void> {
    OwnPostgres.live.delete(this);
    if (existsSync(join(this.dataDir, 'postmaster.pid'))) {
      await run('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', '-t', '60', 'stop'], this.dir).catch(() =>
        this.killPostmaster(),
      );
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
  }

  /** Servers not destroyed yet: killed and removed if the process exits without destroy(). */
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

/** Runs a PostgreSQL binary; as root, as the `postgres` user (PostgreSQL refuses to run as root). */
function run(binary: string, args: string[], cwd: string): Promise<string> {
  const [command, argv] = AS_ROOT
    ? ['runuser', ['-u', 'postgres', '--', join(BIN, binary), ...args]]
    : [join(BIN, binary), args];
  return new Promise((resolve, reject) => {
    execFile(command, argv, { cwd, timeout: 90_000 }, (error, stdout, stderr) =>
      error
        ? reject(new Error(`${binary} ${args.join(' ')} failed: ${error.message}\n${stderr}`))
        : resolve(stdout),
    );
  });
}

function postgresUser(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  if (!line) throw new Error('No postgres user on this machine to run PostgreSQL as');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}
