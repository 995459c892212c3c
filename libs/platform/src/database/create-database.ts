import { Client } from 'pg';
import { appRoleName } from './app-role';
import { NO_STATEMENT_OR_LOCK_TIMEOUT, sessionConnection, SessionTimeouts } from './session-timeouts';

/** The database named in the URL, split off so we can connect to the server's own `postgres` db. */
function databaseName(url: string): string {
  return new URL(url).pathname.replace(/^\//, '');
}

function serverUrl(url: string): string {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
}

/** Creates the database if it does not exist yet, so a fresh machine needs no manual step. */
export async function ensureDatabase(
  url: string,
  timeouts: SessionTimeouts = NO_STATEMENT_OR_LOCK_TIMEOUT,
): Promise<void> {
  const name = databaseName(url);
  const client = new Client(sessionConnection(serverUrl(url), timeouts));
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`).catch((error: { code?: string }) => {
        // Created by another process in the meantime: 42P04, or 23505 when both got past the
        // catalog's check at once (several instances starting together on a new keyring).
        if (error.code !== '42P04' && error.code !== '23505') throw error;
      });
    }
  } finally {
    await client.end();
  }
}

/** Drops the database, its keyring (`<database>_keyring`) and its app role (`huquq_app_<database>`). */
export async function dropDatabase(url: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl(url) });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${databaseName(url).replace(/"/g, '')}" WITH (FORCE)`);
    await client.query(
      `DROP DATABASE IF EXISTS "${databaseName(url).replace(/"/g, '')}_keyring" WITH (FORCE)`,
    );
    await client.query(`DROP ROLE IF EXISTS ${client.escapeIdentifier(appRoleName(url))}`);
  } finally {
    await client.end();
  }
}
