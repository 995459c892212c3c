import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { dropDatabase } from '@huquq/platform';
import { appealBody, bearer, startTestApp, TestApp, TestOrg } from '../support/test-app';
import { freshDatabaseUrl } from '../support/test-database';
import { pgTool } from '../support/pg-tools';

async function onServer<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Finding 7: a dump taken before an erasure, restored, brought the person back (the dump held
 * their data key), and the request fingerprint of their appeal still confirmed guesses of its
 * body. The keyring (data keys and the erasure ledger) is kept apart and not restored with the
 * data: the person stays erased.
 */
describe('an erasure survives the restore of a backup taken before it', () => {
  const url = freshDatabaseUrl();
  const database = new URL(url).pathname.slice(1);
  const server = url.replace(/\/[^/]+$/, '/postgres');
  const dump = join(tmpdir(), `huquq-before-erasure-${randomBytes(4).toString('hex')}.dump`);
  // The same installation before and after: the same secrets (the master key: the secrets directory's).
  const secrets = {
    JWT_SECRET: randomBytes(32).toString('base64url'),
    BLIND_INDEX_KEY: randomBytes(32).toString('base64url'),
  };
  let t: TestApp | null = null;

  afterAll(async () => {
    await t?.close();
    await dropDatabase(url);
    rmSync(dump, { force: true });
  });

  it('answers the person as erased, nothing of theirs decrypts, and their request fingerprints are gone', async () => {
    t = await startTestApp(secrets, { databaseUrl: url });
    const org: TestOrg = await t.createOrg();
    const intake = bearer(org.users.intake.token);
    const person = { ...appealBody().client, fullName: 'Назаров Бахтиёр', passportNumber: '402777111' };
    const body = appealBody({ client: person });
    const appealKey = randomUUID();
    const logged = await t.http.post('/v1/appeals').set(intake).set('Idempotency-Key', appealKey).send(body);
    expect(logged.status).toBe(201);
    const { caseId, clientId } = logged.body;
    const noteKey = randomUUID();
    await t.http
      .post(`/v1/cases/${caseId}/notes`)
      .set(bearer(org.users.lawyer.token))
      .set('Idempotency-Key', noteKey)
      .send({ text: 'Brother in Kotelniki, works at the market' })
      .expect(200);

    // The backup of the main data, taken before the erasure.
    expect((await pgTool('pg_dump', ['-Fc', '-f', dump, url])).code).toBe(0);

    await t.http
      .delete(`/v1/clients/${clientId}/personal-data`)
      .set(bearer(org.users.admin.token))
      .expect(204);
    await t.close();
    t = null;

    // The restore: the main database as it was before the erasure; the keyring stays as it is.
    await onServer(server, async (admin) => {
      await admin.query(`DROP DATABASE "${database}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${database}"`);
    });
    expect((await pgTool('pg_restore', ['--no-owner', '-d', url, dump])).code).toBe(0);
    // What was restored still shows the person: the erasure is what the ledger must put back.
    await onServer(url, async (main) => {
      const view = await main.query('SELECT erased FROM client_views WHERE client_id = $1', [clientId]);
      expect(view.rows[0].erased).toBe(false);
      const keys = await main.query('SELECT count(*)::int AS n FROM client_match_keys WHERE client_id = $1', [
        clientId,
      ]);
      expect(keys.rows[0].n).toBeGreaterThan(0);
    });

    // The same JWT_SECRET: the tokens from before the restore still hold.
    t = await startTestApp(secrets, { databaseUrl: url });
    const app = t;
    const lawyer = bearer(org.users.lawyer.token);

    // The case answers the person as erased; the history keeps its events, unreadable.
    const view = await app.http.get(`/v1/cases/${caseId}`).set(lawyer).expect(200);
    expect(view.body.client).toMatchObject({
      id: clientId,
      fullName: null,
      phone: null,
      passportNumber: null,
      dateOfBirth: null,
      erased: true,
    });
    const history = await app.http.get(`/v1/cases/${caseId}/history`).set(lawyer).expect(200);
    expect(history.body.events.find((e: { type: string }) => e.type === 'note-added').data.text).toBeNull();
    const integrity = await app.http
      .get(`/v1/cases/${caseId}/integrity`)
      .set(bearer(org.users.admin.token))
      .expect(200);
    expect(integrity.body.valid).toBe(true);

    // Nothing decrypts: no key for them anywhere — not in the restored data, not in the keyring.
    await onServer(url, async (main) => {
      const table = await main.query(`SELECT to_regclass('public.subject_keys') AS t`);
      expect(table.rows[0].t).toBeNull();
      // Their blind-index entries are gone again, the view is emptied, the erasure is in the log.
      const view = await main.query('SELECT erased, personal FROM client_views WHERE client_id = $1', [
        clientId,
      ]);
      expect(view.rows[0]).toEqual({ erased: true, personal: null });
      const keys = await main.query('SELECT count(*)::int AS n FROM client_match_keys WHERE client_id = $1', [
        clientId,
      ]);
      expect(keys.rows[0].n).toBe(0);
      const erasures = await main.query(
        `SELECT count(*)::int AS n FROM events WHERE type = 'client-personal-data-erased' AND data->>'clientId' = $1`,
        [clientId],
      );
      expect(erasures.rows[0].n).toBe(1);
      // The request fingerprints of their appeal and of the note about them are destroyed.
      const answers = await main.query(
        'SELECT idempotency_key, fingerprint FROM command_answers WHERE idempotency_key = ANY($1) ORDER BY idempotency_key',
        [[appealKey, noteKey]],
      );
      expect(answers.rows.map((row) => row.fingerprint)).toEqual(['erased', 'erased']);
    });
    await onServer(app.config.KEYRING_DATABASE_URL!, async (keyring) => {
      const key = await keyring.query('SELECT count(*)::int AS n FROM subject_keys WHERE subject_id = $1', [
        clientId,
      ]);
      expect(key.rows[0].n).toBe(0);
    });

    // A guess of the appeal's body, sent with its key, is answered exactly like the true body:
    // the fingerprint confirms nothing any more.
    const intakeAgain = bearer(org.users.intake.token);
    const truth = await app.http
      .post('/v1/appeals')
      .set(intakeAgain)
      .set('Idempotency-Key', appealKey)
      .send(body);
    const guess = await app.http
      .post('/v1/appeals')
      .set(intakeAgain)
      .set('Idempotency-Key', appealKey)
      .send(appealBody({ client: { ...person, passportNumber: '402777112' } }));
    expect([guess.status, guess.body]).toEqual([truth.status, truth.body]);
  });
});
