import { Client } from 'pg';
import { appRoleName, roleOf } from '@huquq/platform';
import { appealBody, bearer, startTestApp, TestApp } from '../support/test-app';

const SERVER = process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';

/** The SQLSTATE of what the statement answered; null when it was allowed. */
async function refusal(client: Client, statement: string): Promise<string | null> {
  try {
    await client.query('BEGIN');
    await client.query(statement);
    return null;
  } catch (error) {
    return (error as { code?: string }).code ?? 'unknown';
  } finally {
    await client.query('ROLLBACK');
  }
}

/** Finding 9: huquq_app had no password, was shared by every installation, and reached too far. */
describe("the request path's role, per installation", () => {
  let one: TestApp;
  let two: TestApp;
  let app: Client;
  const admin = new Client({ connectionString: `${SERVER}/postgres` });

  beforeAll(async () => {
    one = await startTestApp();
    two = await startTestApp();
    const org = await one.createOrg();
    const logged = await one.http.post('/v1/appeals').set(bearer(org.users.intake.token)).send(appealBody());
    expect(logged.status).toBe(201);
    app = new Client({ connectionString: one.config.APP_DATABASE_URL });
    await app.connect();
    await admin.connect();
  });
  afterAll(async () => {
    await app.end();
    await admin.end();
    await one.close();
    await two.close();
  });

  it('is a role of its own per installation, with a password, signing in with it', async () => {
    const roles = [one, two].map((t) => roleOf(t.config.APP_DATABASE_URL!));
    expect(roles).toEqual([appRoleName(one.config.DATABASE_URL), appRoleName(two.config.DATABASE_URL)]);
    expect(roles[0]).not.toBe(roles[1]);
    const { rows } = await admin.query(
      `SELECT rolname, rolpassword IS NOT NULL AS has_password, rolsuper, rolbypassrls
       FROM pg_authid WHERE rolname = ANY($1) ORDER BY rolname`,
      [roles],
    );
    expect(rows).toEqual(
      [...roles]
        .sort()
        .map((rolname) => ({ rolname, has_password: true, rolsuper: false, rolbypassrls: false })),
    );
    expect((await app.query('SELECT current_user AS me')).rows[0].me).toBe(roles[0]);
  });

  it("reaches nothing of the other installation's database", async () => {
    const other = new Client({ connectionString: two.config.DATABASE_URL });
    await other.connect();
    try {
      const { rows } = await other.query(
        `SELECT count(*)::int AS n FROM pg_class c
         WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
           AND (has_table_privilege($1, c.oid, 'SELECT') OR has_table_privilege($1, c.oid, 'INSERT'))`,
        [roleOf(one.config.APP_DATABASE_URL!)],
      );
      expect(rows[0].n).toBe(0);
    } finally {
      await other.end();
    }
  });

  it("cannot reach people's data keys or erasures: not in its database, and the keyring refuses it", async () => {
    // The main database holds no key and no erasure (decision 0023)…
    const { rows } = await one.db.query(
      `SELECT to_regclass('public.subject_keys') AS keys, to_regclass('public.erased_subjects') AS erased`,
    );
    expect(rows[0]).toEqual({ keys: null, erased: null });
    expect(await refusal(app, 'SELECT * FROM keyring_binding')).toBe('42501');
    // …and the keyring does not even let the app role connect.
    const asApp = new URL(one.config.KEYRING_DATABASE_URL!);
    const appUrl = new URL(one.config.APP_DATABASE_URL!);
    asApp.username = appUrl.username;
    asApp.password = appUrl.password;
    const keyringAsApp = new Client({ connectionString: asApp.toString() });
    await expect(keyringAsApp.connect()).rejects.toMatchObject({ code: '42501' });
    // The keys are there, for the keyring's owner: the refusal was not an empty keyring.
    const owner = new Client({ connectionString: one.config.KEYRING_DATABASE_URL });
    await owner.connect();
    try {
      expect((await owner.query('SELECT count(*)::int AS n FROM subject_keys')).rows[0].n).toBeGreaterThan(0);
    } finally {
      await owner.end();
    }
  });

  it("cannot touch the follow-up dispatcher's state or ledger, or rewrite the log", async () => {
    expect(await refusal(app, "UPDATE follow_up_dispatch_state SET redis_epoch = 'forged'")).toBe('42501');
    expect(await refusal(app, 'UPDATE follow_up_jobs SET done_at = now()')).toBe('42501');
    expect(await refusal(app, 'DELETE FROM follow_up_jobs')).toBe('42501');
    expect(await refusal(app, 'UPDATE events SET data = data')).toBe('42501');
    expect(await refusal(app, 'DELETE FROM events')).toBe('42501');
    expect(await refusal(app, 'UPDATE projection_checkpoints SET global_position = 0')).toBe('42501');
  });

  it('writes of the accounts only what user administration writes (decisions 0105, 0107)', async () => {
    // What the admin routes write is allowed (no organization is set here: no row is reached).
    const allowed = [
      "UPDATE users SET status = 'disabled', role = role, token_version = token_version + 1",
      'UPDATE users SET password_hash = password_hash, display_name = NULL',
      'UPDATE users SET totp_secret = NULL, totp_pending = NULL, totp_enabled_at = NULL, totp_last_step = 0',
      'UPDATE password_resets SET used_at = now()',
      'DELETE FROM recovery_codes',
      "UPDATE sessions SET ended_at = now(), ended_why = 'user_changed'",
    ];
    for (const statement of allowed) expect([statement, await refusal(app, statement)]).toEqual([statement, null]);
    // Nothing else: no account moved to another address or organization, no link made to last,
    // no session or code made, revived or erased.
    const refused = [
      "UPDATE users SET email = 'someone@example.org'",
      'UPDATE users SET org_id = org_id',
      'UPDATE users SET id = id',
      `INSERT INTO users (id, org_id, email, role, password_hash, created_at)
       VALUES (gen_random_uuid(), gen_random_uuid(), 'a@example.org', 'admin', 'x', now())`,
      'DELETE FROM users',
      "UPDATE password_resets SET expires_at = now() + interval '1 year'",
      'UPDATE password_resets SET used_at = NULL, user_id = user_id',
      'DELETE FROM password_resets',
      `INSERT INTO recovery_codes (code_hash, org_id, user_id)
       VALUES ('\\x00', gen_random_uuid(), gen_random_uuid())`,
      'UPDATE recovery_codes SET used_at = NULL',
      `INSERT INTO sessions (id, org_id, user_id, expires_at)
       VALUES (gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), now())`,
      "UPDATE sessions SET expires_at = now() + interval '1 year'",
      'DELETE FROM sessions',
    ];
    for (const statement of refused)
      expect([statement, await refusal(app, statement)]).toEqual([statement, '42501']);
  });
});
