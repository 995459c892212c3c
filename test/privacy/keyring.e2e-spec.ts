import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { defaultKeyringUrl, dropDatabase } from '@huquq/platform';
import { keyStoreFromConfig, SubjectKeyStore } from '@huquq/privacy';
import { startTestApp } from '../support/test-app';
import { createTestDatabase, freshDatabaseUrl } from '../support/test-database';

async function count(url: string, sql: string, values: unknown[] = []): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows[0].n;
  } finally {
    await client.end();
  }
}

/** Decision 0023: the keys move to a keyring of their own, which the data is paired with. */
describe('the keyring', () => {
  it('takes over the keys and erasures an older version kept in the main database, unchanged', async () => {
    // An installation of before: keys and an erasure in the main database.
    const old = await createTestDatabase();
    const config = { HUQUQ_MASTER_KEY: randomBytes(32).toString('base64') };
    const before = keyStoreFromConfig(old.db, config);
    const orgId = randomUUID();
    const kept = randomUUID();
    const erased = randomUUID();
    const key = await before.keyFor({ orgId, subjectId: kept }, { create: true });
    await before.keyFor({ orgId, subjectId: erased }, { create: true });
    await before.destroy({ orgId, subjectId: erased });
    await old.db.close();

    const t = await startTestApp(config, { databaseUrl: old.url });
    try {
      const keyring = defaultKeyringUrl(old.url);
      expect(
        await count(keyring, 'SELECT count(*)::int AS n FROM subject_keys WHERE subject_id = $1', [kept]),
      ).toBe(1);
      expect(
        await count(keyring, 'SELECT count(*)::int AS n FROM erased_subjects WHERE subject_id = $1', [
          erased,
        ]),
      ).toBe(1);
      expect(
        await count(
          old.url,
          `SELECT count(*)::int AS n FROM pg_tables WHERE tablename IN ('subject_keys', 'erased_subjects')`,
        ),
      ).toBe(0);
      const keys = t.app.get(SubjectKeyStore);
      expect((await keys.keyFor({ orgId, subjectId: kept }, { create: false }))?.equals(key!)).toBe(true);
      expect(await keys.isErased(erased)).toBe(true);
    } finally {
      await t.close();
      await dropDatabase(old.url);
    }
  });

  it('refuses to start against a keyring the data was not paired with, naming the setting', async () => {
    const url = freshDatabaseUrl();
    const otherKeyring = `${freshDatabaseUrl()}_keyring`;
    try {
      const first = await startTestApp({}, { databaseUrl: url });
      await first.close();
      await expect(
        startTestApp({ KEYRING_DATABASE_URL: otherKeyring }, { databaseUrl: url }),
      ).rejects.toThrow(/KEYRING_DATABASE_URL: this keyring is not the one this database was paired with/);
    } finally {
      await dropDatabase(url);
      await dropDatabase(otherKeyring.replace(/_keyring$/, ''));
    }
  });
});
