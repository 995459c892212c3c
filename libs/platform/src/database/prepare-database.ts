import type { Logger } from 'pino';
import type { AppConfig } from '../config/app-config';
import { roleOf } from './app-role';
import { ensureDatabase } from './create-database';
import { prepareKeyring } from './keyring';
import { runMigrations } from './migrate';
import { maintenanceTimeouts } from './session-timeouts';
import { appDatabaseUrl, syncAppRolePassword } from './tenant-database';

/**
 * What every start does before it opens a pool (API, worker, CLI): creates the database if
 * missing, migrates, gives this installation's app role its grants (refusing, in production, one
 * row-level security would not confine) and sets its password, and prepares the keyring (data
 * keys and the erasure ledger, decision 0023). Returns the migrations run.
 */
export async function prepareDatabase(config: AppConfig, logger?: Logger): Promise<string[]> {
  const timeouts = maintenanceTimeouts(config);
  const appUrl = appDatabaseUrl(config.DATABASE_URL, config.APP_DATABASE_URL);
  await ensureDatabase(config.DATABASE_URL, timeouts);
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
