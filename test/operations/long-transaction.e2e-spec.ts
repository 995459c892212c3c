import { Client } from 'pg';
import { OwnPostgres } from '../faults/support/own-postgres';
import { appealBody, bearer, startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

/**
 * Someone leaves `BEGIN; SELECT pg_current_xact_id();` open in psql — in another database of
 * the same server. Every reader of the log must wait for it (the horizon is the cluster's), but
 * commands must still answer at once and right, and /health must say degraded and name the
 * session, until it ends. On its own server: the shared one is never held back.
 */
describe('a transaction left open elsewhere on the server', () => {
  let pg: OwnPostgres;
  let t: TestApp;
  let holder: Client | null = null;
  beforeAll(async () => {
    pg = await OwnPostgres.start();
    t = await startTestApp({ HEALTH_TRANSACTION_SECONDS: '1' }, { databaseUrl: pg.url() });
  }, 120000);
  afterAll(async () => {
    await holder?.end().catch(() => undefined);
    await t?.close();
    await pg?.destroy();
  }, 60000);

  it('answers and reads right while it lasts, says degraded naming it, and catches up once it ends', async () => {
    const org = await t.createOrg();
    const intake = bearer(org.users.intake.token);
    holder = new Client({ connectionString: pg.url('postgres'), application_name: 'psql-left-open' });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT pg_current_xact_id()');
    const { rows } = await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');

    const degraded = await waitFor(
      async () => {
        const res = await t.http.get('/health').expect(200);
        return res.body.status === 'degraded' ? res.body : undefined;
      },
      { what: '/health to say degraded' },
    );
    expect(degraded.degraded).toContainEqual(
      expect.objectContaining({ reason: 'old_transaction', pid: rows[0].pid, applicationName: 'psql-left-open' }),
    );

    const logged: string[] = [];
    for (let i = 0; i < 20; i += 1) {
      const created = await t.http.post('/v1/appeals').set(intake).send(appealBody()).expect(201);
      logged.push(created.body.caseId);
      const read = await t.http.get(`/v1/cases/${created.body.caseId}`).set(intake);
      expect([i, read.status, read.body.version]).toEqual([i, 200, 1]);
      const noted = await t.http.post(`/v1/cases/${created.body.caseId}/notes`).set(intake).send({ text: 'called' }).expect(200);
      const again = await t.http.get(`/v1/cases/${created.body.caseId}/history`).set(intake).expect(200);
      expect(again.body.events).toHaveLength(noted.body.version);
    }

    await holder.query('ROLLBACK');
    await holder.end();
    holder = null;
    await waitFor(
      async () =>
        (
          await t.db.query('SELECT count(DISTINCT case_id)::int AS n FROM follow_up_tasks WHERE case_id = ANY($1)', [
            logged,
          ])
        ).rows[0].n === logged.length,
      { what: 'a first task for every appeal once the transaction ended', timeoutMs: 20000 },
    );
    await waitFor(async () => (await t.http.get('/health')).body.status === 'ok', { what: '/health to say ok again' });
  }, 120000);
});
