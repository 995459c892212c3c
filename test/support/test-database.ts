import { randomBytes } from 'node:crypto';
import { Database, dropDatabase, ensureDatabase, runMigrations } from '@huquq/platform';

const SERVER = process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';

/** A throwaway database of its own for one test file: migrated, and dropped by `drop()`. */
export interface TestDatabase {
  url: string;
  db: Database;
  drop(): Promise<void>;
}

export function freshDatabaseUrl(prefix = 'huquq_test'): string {
  return `${SERVER}/${prefix}_${randomBytes(6).toString('hex')}`;
}

export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const url = freshDatabaseUrl();
  await ensureDatabase(url);
  if (options.migrate !== false) await runMigrations(url);
  const db = new Database(url, 20);
  return {
    url,
    db,
    async drop() {
      await db.close();
      await dropDatabase(url);
    },
  };
}
