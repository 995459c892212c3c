import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { dropDatabase, loadConfig, prepareDatabase } from '@huquq/platform';
import { freshDatabaseUrl } from '../support/test-database';

/**
 * Operators start several APIs and workers at once (compose, a rolling deploy): each prepares
 * the database on its way up. On a new database they once got in each other's way: two set the
 * app role's password at the same moment ("tuple concurrently updated"), and the start failed.
 * A race shows only sometimes: a few new databases, each prepared by eight starts at once.
 */
describe('several instances preparing one new database at once', () => {
  const urls: string[] = [];
  afterAll(async () => {
    for (const url of urls) await dropDatabase(url);
  });

  function configFor(url: string) {
    const app = new URL(url);
    app.username = `huquq_app_${app.pathname.slice(1)}`;
    app.password = randomBytes(18).toString('base64url');
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: url,
      APP_DATABASE_URL: app.toString(),
      JWT_SECRET: randomBytes(32).toString('base64url'),
      BLIND_INDEX_KEY: randomBytes(32).toString('base64url'),
    });
    return { config, app };
  }

  it('all start, each waiting for the one before, and the app role can sign in', async () => {
    for (let round = 0; round < 4; round++) {
      const url = freshDatabaseUrl('huquq_together');
      urls.push(url);
      const { config, app } = configFor(url);
      const starts = await Promise.allSettled(Array.from({ length: 8 }, () => prepareDatabase(config)));
      const refused = starts.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []));
      expect(refused).toEqual([]);
      // The migrations ran once, by whichever came first; the others found nothing left to do.
      const ran = starts.map((s) => (s as PromiseFulfilledResult<string[]>).value.length);
      expect(ran.filter((n) => n > 0)).toHaveLength(1);

      const asApp = new Client({ connectionString: app.toString() });
      await asApp.connect();
      try {
        const { rows } = await asApp.query<{ me: string }>('SELECT current_user AS me');
        expect(rows[0].me).toBe(app.username);
      } finally {
        await asApp.end();
      }
    }
  });
});
