import type { Database, Sql } from '@huquq/platform';
import type { MasterKey } from './master-key';

/**
 * The service was started with a master key other than the one this database's data keys are
 * wrapped with. Refused at start, before a single new key is wrapped under the wrong one (which
 * would leave the old cases unreadable: answered 500 later). Names the problem, never a key.
 */
class MasterKeyMismatch extends Error {
  override readonly name = 'MasterKeyMismatch';
  constructor() {
    super(
      'HUQUQ_MASTER_KEY: the master key differs from the one this database was created with. Start ' +
        'with the original key; to change it, set HUQUQ_PREVIOUS_MASTER_KEY to the old key and run keys:rotate',
    );
  }
}

/**
 * Checks the configured master key against the fingerprint stored in the database (its one-way
 * id, the same every wrapped key records), recording it at the first start. A database from
 * before fingerprints is judged by its wrapped keys. While a rotation is under way (the stored
 * key given as the previous one) the fingerprint moves to the new key: every new data key is
 * wrapped by it from now on.
 */
export async function checkMasterKeyFingerprint(
  db: Database,
  master: MasterKey,
  previousMasters: MasterKey[] = [],
): Promise<void> {
  const known = new Set([master.id, ...previousMasters.map((m) => m.id)]);
  await db.transaction(async (tx) => {
    // One start at a time decides (several instances may start together).
    await tx.query('LOCK TABLE master_key_fingerprint IN EXCLUSIVE MODE');
    const stored = await storedFingerprint(tx);
    if (stored === master.id) return;
    if (stored !== null && !known.has(stored)) throw new MasterKeyMismatch();
    if (stored === null) {
      const { rows } = await tx.query<{ master_key_id: string }>(
        'SELECT DISTINCT master_key_id FROM subject_keys',
      );
      if (rows.some((row) => !known.has(row.master_key_id))) throw new MasterKeyMismatch();
    }
    await recordFingerprint(tx, master.id);
  });
}

/** After a complete rotation (keys:rotate, nothing left under the old key): the new key is the one. */
export async function recordMasterKeyFingerprint(db: Sql, masterKeyId: string): Promise<void> {
  await recordFingerprint(db, masterKeyId);
}

async function storedFingerprint(sql: Sql): Promise<string | null> {
  const { rows } = await sql.query<{ fingerprint: string }>(
    'SELECT fingerprint FROM master_key_fingerprint WHERE id = 1',
  );
  return rows[0]?.fingerprint ?? null;
}

async function recordFingerprint(sql: Sql, fingerprint: string): Promise<void> {
  await sql.query(
    `INSERT INTO master_key_fingerprint (id, fingerprint) VALUES (1, $1)
     ON CONFLICT (id) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, recorded_at = now()`,
    [fingerprint],
  );
}
