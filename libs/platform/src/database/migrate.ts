import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ClockMove, ensureAppRole, ensureLogClock } from './after-restore';
import { migrations } from './migrations';

/** The standalone data source that owns the schema; it never synchronizes, it only migrates. */
export function migrationDataSource(url: string): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
  });
}

const MIGRATION_LOCK = 7285001;

export interface MigrationOptions {
  /** Told when the log's clock had to move (after a restore into a new cluster). */
  onClockMoved?: (move: ClockMove) => void;
}

/**
 * Migrates, then puts back what a restore into another cluster may have lost: the app role
 * with its grants and policies, and a log clock ahead of every restored event.
 */
export async function runMigrations(url: string, options: MigrationOptions = {}): Promise<string[]> {
  // Two instances starting together must not migrate at once: one waits for the other.
  const lock = new Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const dataSource = await migrationDataSource(url).initialize();
    try {
      const done = await dataSource.runMigrations();
      await ensureAppRole(lock);
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
