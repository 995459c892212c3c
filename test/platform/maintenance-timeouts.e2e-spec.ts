import { Client } from 'pg';
import { runCommand } from '../../apps/cli/src/commands';
import { appealBody, bearer, startTestApp, TestApp } from '../support/test-app';

/**
 * The CLI's maintenance work runs with its own bounds (MAINTENANCE_*: none by default), so a
 * rebuild whose statements run long is not cut off, not by the service's statement_timeout and
 * not by one the database or role would impose on a session that sets nothing.
 */
describe('projections:rebuild with statements slower than any timeout around it', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ DATABASE_STATEMENT_TIMEOUT_MS: '100' });
    const org = await t.createOrg();
    for (let i = 0; i < 2; i++) {
      await t.http.post('/v1/appeals').set(bearer(org.users.intake.token)).send(appealBody()).expect(201);
    }
  });
  afterAll(() => t.close());

  it('runs to the end', async () => {
    const history = () => t.db.query('SELECT * FROM case_history ORDER BY case_id, global_position');
    const before = (await history()).rows;
    expect(before.length).toBeGreaterThanOrEqual(2);

    // Every insert into the case history now takes 300 ms, and a session that sets nothing gets
    // a statement_timeout of 100 ms from the database.
    await t.db.query(`CREATE FUNCTION slow_down() RETURNS trigger LANGUAGE plpgsql AS $$
                      BEGIN PERFORM pg_sleep(0.3); RETURN NULL; END $$`);
    await t.db.query(
      'CREATE TRIGGER slow AFTER INSERT ON case_history FOR EACH STATEMENT EXECUTE FUNCTION slow_down()',
    );
    const database = new URL(t.config.DATABASE_URL).pathname.slice(1);
    await t.db.query(`ALTER DATABASE ${database} SET statement_timeout = '100ms'`);
    const plain = new Client({ connectionString: t.config.DATABASE_URL });
    await plain.connect();
    try {
      await expect(plain.query('SELECT pg_sleep(0.3)')).rejects.toMatchObject({ code: '57014' });
    } finally {
      await plain.end();
    }

    const result = (await runCommand(t.config, ['projections:rebuild'])) as {
      projections: { name: string; lagEvents: number }[];
    };
    expect(result.projections.find((p) => p.name === 'case-history')).toMatchObject({ lagEvents: 0 });
    expect((await history()).rows).toEqual(before);
  }, 30_000);
});
