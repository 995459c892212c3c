import { Client } from 'pg';
import { ConfigError } from '../config/config-error';
import { ensureDatabase } from './create-database';
import { sessionConnection, SessionTimeouts } from './session-timeouts';
import { Database, Sql } from './database';

/**
 * People's data keys live apart from the data they seal (decision 0023): in a database of their
 * own, the keyring, `<database>_keyring` unless KEYRING_DATABASE_URL says otherwise. It holds
 * the wrapped data keys (`subject_keys`), the erasure ledger (`erased_subjects`) and the master
 * key's fingerprint; nothing else. A dump of the main database holds no key, and restoring an
 * old one cannot bring back a key the keyring has destroyed. Backed up on its own, with a short
 * retention (docs/operations/backup-and-restore.md).
 */
export class KeyringDatabase extends Database {}

const KEYRING_LOCK = 7285002;

const KEYRING_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS keyring_identity (
     id         smallint    PRIMARY KEY CHECK (id = 1),
     keyring_id uuid        NOT NULL DEFAULT gen_random_uuid(),
     created_at timestamptz NOT NULL DEFAULT now()
   )`,
  `INSERT INTO keyring_identity (id) VALUES (1) ON CONFLICT (id) DO NOTHING`,
  // Per-person data keys, only wrapped by the master key. Deleting a row is the erasure.
  `CREATE TABLE IF NOT EXISTS subject_keys (
     subject_id    uuid PRIMARY KEY,
     org_id        uuid NOT NULL,
     wrapped_key   text NOT NULL CHECK (wrapped_key LIKE 'pd1.%'),
     master_key_id text NOT NULL,
     created_at    timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX IF NOT EXISTS subject_keys_by_master ON subject_keys (master_key_id, subject_id)`,
  // The erasure ledger: re-applied to the main data at every start, so a restored old dump
  // never brings an erased person back.
  `CREATE TABLE IF NOT EXISTS erased_subjects (
     subject_id uuid PRIMARY KEY,
     org_id     uuid NOT NULL,
     erased_at  timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE TABLE IF NOT EXISTS master_key_fingerprint (
     id          smallint    PRIMARY KEY CHECK (id = 1),
     fingerprint text        NOT NULL,
     recorded_at timestamptz NOT NULL DEFAULT now()
   )`,
];

/**
 * Creates the keyring if missing, moves into it the keys and erasures an older version kept in
 * the main database (then drops them there), and checks that this keyring is the one the main
 * database was paired with at its first start: a wrong KEYRING_DATABASE_URL (an empty keyring)
 * would otherwise make every person's data unreadable and give them new keys.
 */
export async function prepareKeyring(
  databaseUrl: string,
  keyringUrl: string,
  timeouts: SessionTimeouts,
): Promise<void> {
  await ensureDatabase(keyringUrl, timeouts);
  const keyring = new Client(sessionConnection(keyringUrl, timeouts));
  const main = new Client(sessionConnection(databaseUrl, timeouts));
  await keyring.connect();
  await main.connect();
  try {
    await keyring.query('SELECT pg_advisory_lock($1)', [KEYRING_LOCK]);
    await ensureKeyringSchema(keyring);
    // Nobody but its owner (and superusers) even connects; the request path's role least of all.
    const { rows: names } = await keyring.query<{ db: string }>('SELECT current_database() AS db');
    await keyring.query(`REVOKE ALL ON DATABASE ${keyring.escapeIdentifier(names[0].db)} FROM PUBLIC`);
    await moveOldKeys(main, keyring);
    await pairWithKeyring(main, keyring);
  } finally {
    await keyring.end().catch(() => undefined);
    await main.end().catch(() => undefined);
  }
}

/** The keyring's tables, created if missing (idempotent). */
export async function ensureKeyringSchema(sql: Sql): Promise<void> {
  for (const statement of KEYRING_SCHEMA) await sql.query(statement);
}

/** Keys and erasures of a version that kept them in the main database: moved, then dropped there. */
async function moveOldKeys(main: Client, keyring: Client): Promise<void> {
  const { rows } = await main.query<{ found: string | null }>(
    `SELECT to_regclass('public.subject_keys')::text AS found`,
  );
  if (!rows[0].found) return;
  const keys = await main.query(
    'SELECT subject_id, org_id, wrapped_key, master_key_id, created_at FROM subject_keys',
  );
  const erased = await main.query('SELECT subject_id, org_id, erased_at FROM erased_subjects');
  await keyring.query('BEGIN');
  try {
    await keyring.query(
      `INSERT INTO subject_keys (subject_id, org_id, wrapped_key, master_key_id, created_at)
       SELECT * FROM jsonb_to_recordset($1::jsonb)
         AS k(subject_id uuid, org_id uuid, wrapped_key text, master_key_id text, created_at timestamptz)
       ON CONFLICT (subject_id) DO NOTHING`,
      [JSON.stringify(keys.rows)],
    );
    await keyring.query(
      `INSERT INTO erased_subjects (subject_id, org_id, erased_at)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS e(subject_id uuid, org_id uuid, erased_at timestamptz)
       ON CONFLICT (subject_id) DO NOTHING`,
      [JSON.stringify(erased.rows)],
    );
    // An erasure recorded in either place wins over a key kept in the other.
    await keyring.query(
      'DELETE FROM subject_keys k USING erased_subjects e WHERE e.subject_id = k.subject_id',
    );
    await keyring.query('COMMIT');
  } catch (error) {
    await keyring.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  // Only once the keyring holds them: the main database keeps no key from now on.
  await main.query('DROP TABLE IF EXISTS subject_keys, erased_subjects');
}

async function pairWithKeyring(main: Client, keyring: Client): Promise<void> {
  const { rows } = await keyring.query<{ keyring_id: string }>('SELECT keyring_id FROM keyring_identity');
  const keyringId = rows[0].keyring_id;
  const paired = await main.query<{ keyring_id: string }>(
    `INSERT INTO keyring_binding (id, keyring_id) VALUES (1, $1)
     ON CONFLICT (id) DO UPDATE SET id = keyring_binding.id
     RETURNING keyring_id`,
    [keyringId],
  );
  if (paired.rows[0].keyring_id !== keyringId) {
    throw new ConfigError(
      'Invalid configuration:\n  KEYRING_DATABASE_URL: this keyring is not the one this database was paired ' +
        'with at its first start (its people’s keys are in another); point it at that keyring, or restore it',
    );
  }
}
