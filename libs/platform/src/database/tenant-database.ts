import { Pool, PoolClient } from 'pg';
import { NotFound } from '../errors/domain-errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The request path's connections: as `huquq_app`, which row-level security confines to the
 * organization named for each transaction. There is deliberately no query outside a
 * transaction: every statement runs with an organization set.
 */
export class TenantDatabase {
  readonly pool: Pool;

  constructor(url: string, max = 20) {
    this.pool = new Pool({ connectionString: url, max, connectionTimeoutMillis: 5000 });
    this.pool.on('error', () => undefined);
  }

  async transaction<T>(orgId: string, work: (tx: PoolClient) => Promise<T>): Promise<T> {
    // Inlined into one round trip with BEGIN; safe because it must be a plain UUID.
    if (!UUID.test(orgId)) throw new NotFound('organization');
    const client = await this.pool.connect();
    try {
      await client.query(`BEGIN; SELECT set_config('huquq.org_id', '${orgId.toLowerCase()}', true)`);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** The app role's URL: APP_DATABASE_URL, or DATABASE_URL with the user `huquq_app` and no password. */
export function appDatabaseUrl(databaseUrl: string, appDatabaseUrlSetting?: string): string {
  if (appDatabaseUrlSetting) return appDatabaseUrlSetting;
  const url = new URL(databaseUrl);
  url.username = 'huquq_app';
  url.password = '';
  return url.toString();
}

/**
 * When the operator gives the app role a password (APP_DATABASE_URL), the owner sets it at start,
 * so a fresh installation needs no manual ALTER ROLE.
 */
export async function syncAppRolePassword(ownerUrl: string, appUrl: string): Promise<void> {
  const url = new URL(appUrl);
  if (!url.password) return;
  const owner = new Pool({ connectionString: ownerUrl, max: 1 });
  try {
    const { rows } = await owner.query<{ sql: string }>(
      'SELECT format($$ALTER ROLE %I PASSWORD %L$$, $1::text, $2::text) AS sql',
      [decodeURIComponent(url.username), decodeURIComponent(url.password)],
    );
    await owner.query(rows[0].sql);
  } finally {
    await owner.end();
  }
}
