import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { runCommand } from '../../apps/cli/src/commands';
import { OwnPostgres } from '../faults/support/own-postgres';
import { reportsCaughtUp } from '../reports/support/reports-caught-up';
import { appealBody, bearer, startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { pgTool } from '../support/pg-tools';

/** A busy cluster has handed out many more transaction ids than a new one: make it so. */
async function ageCluster(url: string, transactions: number): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    for (let i = 0; i < transactions; i += 1) await client.query('SELECT pg_current_xact_id()');
  } finally {
    await client.end();
  }
}

/**
 * The operator's restore: a dump of a busy cluster restored into a fresh one (whose transaction
 * ids start far below the restored events'), without the cluster's roles. Every appeal logged
 * afterwards must be readable at once, listed, tasked and counted, the old cases must go on
 * working, and every hash chain must still verify.
 */
describe('restore into a new cluster', () => {
  const secrets = {
    JWT_SECRET: randomBytes(32).toString('base64url'),
    BLIND_INDEX_KEY: randomBytes(32).toString('base64url'),
    HUQUQ_MASTER_KEY: randomBytes(32).toString('base64'),
  };
  let old: OwnPostgres;
  let fresh: OwnPostgres;
  let t: TestApp | null = null;
  const dump = join(tmpdir(), `huquq-restore-${randomBytes(4).toString('hex')}.dump`);
  const keyringDump = `${dump}.keyring`;

  beforeAll(async () => {
    [old, fresh] = await Promise.all([OwnPostgres.start(), OwnPostgres.start()]);
  }, 120000);
  afterAll(async () => {
    await t?.close();
    await Promise.all([old?.destroy(), fresh?.destroy()]);
    rmSync(dump, { force: true });
    rmSync(keyringDump, { force: true });
  }, 60000);

  it('shows, tasks and counts every appeal logged after the restore, and the chains verify', async () => {
    // Before: a cluster that has lived, with 40 appeals and their first tasks.
    await ageCluster(old.url('postgres'), 3000);
    t = await startTestApp(secrets, { databaseUrl: old.url() });
    const org = await t.createOrg();
    const intake = bearer(org.users.intake.token);
    const before: string[] = [];
    for (let i = 0; i < 40; i += 1) {
      before.push((await t.http.post('/v1/appeals').set(intake).send(appealBody()).expect(201)).body.caseId);
    }
    const tasksOf = async (app: TestApp, caseIds: string[]) =>
      (
        await app.db.query(
          'SELECT count(DISTINCT case_id)::int AS n FROM follow_up_tasks WHERE case_id = ANY($1)',
          [caseIds],
        )
      ).rows[0].n as number;
    await waitFor(async () => (await tasksOf(t!, before)) === 40, {
      what: 'the first tasks before the dump',
    });
    await t.close();
    t = null;

    // The backup, and a restore into a new cluster that lacks the app role (roles are global).
    expect((await pgTool('pg_dump', ['-Fc', '-f', dump, old.url()])).code).toBe(0);
    // The keyring (people's data keys), backed up apart (decision 0023).
    expect((await pgTool('pg_dump', ['-Fc', '-f', keyringDump, old.url('huquq_keyring')])).code).toBe(0);
    await old.stopServer();
    const admin = new Client({ connectionString: fresh.url('postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE huquq');
    await admin.query('CREATE DATABASE huquq_keyring');
    await admin.end();
    expect(
      (await pgTool('pg_restore', ['--no-owner', '-d', fresh.url('huquq_keyring'), keyringDump])).code,
    ).toBe(0);
    const restored = await pgTool('pg_restore', ['--no-owner', '-d', fresh.url(), dump]);
    // The grants naming the installation's app role are refused: the service must put them back.
    expect(restored.stderr).toMatch(/role "huquq_app_huquq" does not exist/);

    // After: the service starts on the restored database, and intake goes on.
    t = await startTestApp(secrets, { databaseUrl: fresh.url() });
    const app = t;
    const token = (
      await app.http
        .post('/v1/auth/token')
        .send({ email: org.users.intake.email, password: 'correct horse battery' })
        .expect(200)
    ).body.accessToken as string;
    const coordinatorToken = (
      await app.http
        .post('/v1/auth/token')
        .send({ email: org.users.coordinator.email, password: 'correct horse battery' })
        .expect(200)
    ).body.accessToken as string;
    const after: string[] = [];
    for (let i = 0; i < 30; i += 1) {
      const logged = await app.http.post('/v1/appeals').set(bearer(token)).send(appealBody()).expect(201);
      after.push(logged.body.caseId);
      const read = await app.http.get(`/v1/cases/${logged.body.caseId}`).set(bearer(token));
      expect([i, read.status]).toEqual([i, 200]);
    }
    const listed = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await app.http
        .get(`/v1/cases?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
        .set(bearer(token))
        .expect(200);
      for (const item of page.body.items) listed.add(item.id);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect([...before, ...after].filter((id) => !listed.has(id))).toEqual([]);

    // An old case takes a command and shows it at once; the next command sees its version.
    const closed = await app.http
      .post(`/v1/cases/${before[0]}/close`)
      .set(bearer(coordinatorToken))
      .send({ outcome: 'released', expectedVersion: 1 })
      .expect(200);
    expect((await app.http.get(`/v1/cases/${before[0]}`).set(bearer(token)).expect(200)).body.status).toBe(
      'closed',
    );
    await app.http
      .post(`/v1/cases/${before[0]}/reopen`)
      .set(bearer(coordinatorToken))
      .send({ reason: 'new ruling', expectedVersion: closed.body.version })
      .expect(200);

    // Tasked and counted, like every appeal before the restore.
    await waitFor(async () => (await tasksOf(app, after)) === 30, {
      what: 'a first task for every appeal after the restore',
    });
    await reportsCaughtUp(app);
    const load = await app.http
      .get('/v1/reports/load?groupBy=appealType')
      .set(bearer(coordinatorToken))
      .expect(200);
    expect(load.body.totals.opened).toBe(70);

    const clock = await app.db.query('SELECT moves, xid_offset::text AS xid_offset FROM log_clock');
    expect(clock.rows[0].moves).toBe(1);
    expect(await runCommand(app.config, ['integrity:verify'])).toMatchObject({ valid: true });
    await waitFor(
      async () => {
        const { projections } = (await runCommand(app.config, ['projections:status'])) as {
          projections: { lagEvents: number }[];
        };
        return projections.every((projection) => projection.lagEvents === 0);
      },
      { what: 'every projection caught up after the restore' },
    );
  }, 240000);
});
