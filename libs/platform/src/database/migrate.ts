import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ConfigError } from '../config/config-error';
import { appRoleName } from './app-role';
import { appRoleProblem, ClockMove, ensureAppRole, ensureLogClock } from './after-restore';
import { migrations } from './migrations';
import { NO_STATEMENT_OR_LOCK_TIMEOUT, sessionConnection, SessionTimeouts } from './session-timeouts';

/** The standalone data source that owns the schema; it never synchronizes, it only migrates. */
export function migrationDataSource(url: string, timeouts: SessionTimeouts = {}): DataSource {
  const { connectionString, options } = sessionConnection(url, timeouts);
  return new DataSource({
    type: 'postgres',
    url: connectionString,
    migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    ...(options ? { extra: { options } } : {}),
  });
}

const MIGRATION_LOCK = 7285001;

export interface MigrationOptions {
  /**
   * Bound the migrations' own statements; by default nothing cuts them off (a rewrite of a big
   * table takes as long as it takes), whatever the server's or role's defaults say.
   */
  timeouts?: SessionTimeouts;
  /** The request path's role to create and grant to; by default `huquq_app_<database>`. */
  appRole?: string;
  /** Refuse an app role row-level security would not confine (a superuser, BYPASSRLS, the owner). */
  refuseUnconfinedAppRole?: boolean;
  /** Told when the log's clock had to move (after a restore into a new cluster). */
  onClockMoved?: (move: ClockMove) => void;
}

/**
 * Migrates, one instance at a time, then puts back what a restore into another cluster may
 * have lost: the app role with its grants and policies, and a log clock ahead of every
 * restored event. Waiting for another instance's migrations never times out.
 */
export async function runMigrations(url: string, options: MigrationOptions = {}): Promise<string[]> {
  const timeouts = options.timeouts ?? NO_STATEMENT_OR_LOCK_TIMEOUT;
  // Two instances starting together must not migrate at once: one waits for the other, for as
  // long as that takes (its session lock blocks nothing but the next migrator).
  const lock = new Client(sessionConnection(url, { ...timeouts, lockTimeoutMs: 0 }));
  await lock.connect();
  try {
    const appRole = options.appRole ?? appRoleName(url);
    if (options.refuseUnconfinedAppRole) {
      const problem = await appRoleProblem(lock, appRole);
      if (problem) throw new ConfigError(`Invalid configuration:\n  ${problem}`);
    }
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const dataSource = await migrationDataSource(url, timeouts).initialize();
    try {
      const done = await dataSource.runMigrations();
      await ensureAppRole(lock, appRole);
      const moved = await ensureLogClock(lock);
      if (moved) options.onClockMoved?.(moved);
      return done.map((m) => m.name);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await lock.end();
  }
}
