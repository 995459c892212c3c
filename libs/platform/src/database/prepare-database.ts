import { Client } from 'pg';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/app-config';
import { roleOf } from './app-role';
import { ensureDatabase } from './create-database';
import { prepareKeyring } from './keyring';
import { runMigrations } from './migrate';
import { maintenanceTimeouts, sessionConnection } from './session-timeouts';
import { appDatabaseUrl, syncAppRolePassword } from './tenant-database';

/**
 * What every start does before it opens a pool (API, worker, CLI): creates the database if
 * missing, migrates, gives this installation's app role its grants (refusing, in production, one
 * row-level security would not confine) and sets its password, and prepares the keyring (data
 * keys and the erasure ledger, decision 0023). Returns the migrations run.
 */
export async function prepareDatabase(config: AppConfig, logger?: Logger): Promise<string[]> {
  const timeouts = maintenanceTimeouts(config);
  await ensureDatabase(config.DATABASE_URL, timeouts);
  // Instances starting together prepare one after another, the whole of it: the migrations had
  // their own lock, but the role's password (ALTER ROLE at once: "tuple concurrently updated")
  // and the move of old keys into the keyring (dropping tables another instance's grants name)
  // ran beside the next instance's start. Waiting never times out; the holder's lock ends with
  // its connection if it dies.
  const lock = new Client(sessionConnection(config.DATABASE_URL, { ...timeouts, lockTimeoutMs: 0 }));
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [PREPARE_LOCK]);
    return await prepareInOrder(config, timeouts, logger);
  } finally {
    await lock.end().catch(() => undefined);
  }
}

/** One start's preparation at a time per database (single-bigint advisory key; migrations use 7285001). */
const PREPARE_LOCK = 7285003;

async function prepareInOrder(
  config: AppConfig,
  timeouts: ReturnType<typeof maintenanceTimeouts>,
  logger?: Logger,
): Promise<string[]> {
  const appUrl = appDatabaseUrl(config.DATABASE_URL, config.APP_DATABASE_URL);
  const migrated = await runMigrations(config.DATABASE_URL, {
    timeouts,
    appRole: roleOf(appUrl),
    refuseUnconfinedAppRole: config.NODE_ENV === 'production',
    onClockMoved: (move) =>
      logger?.warn(
        { xidOffsetFrom: move.from, xidOffsetTo: move.to },
        'the log clock moved forward: this database was restored into another cluster',
      ),
  });
  await syncAppRolePassword(config.DATABASE_URL, appUrl, timeouts);
  await prepareKeyring(config.DATABASE_URL, config.KEYRING_DATABASE_URL!, timeouts);
  return migrated;
}
