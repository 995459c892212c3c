import { randomBytes } from 'node:crypto';
import { generate } from 'otplib';
import { TotpSecretBox } from '@huquq/identity';
import { rotateMasterKey } from '@huquq/privacy';
import { loadConfig } from '@huquq/platform';
import { runCommand } from '../../apps/cli/src/commands';
import { helpAskedFor } from '../../apps/cli/src/help';
import { bearer, startTestApp, TEST_PASSWORD, TestApp, TestOrg } from '../support/test-app';

describe('user administration, passwords and the second factor over the API', () => {
  let t: TestApp;
  let org: TestOrg;
  let other: TestOrg;

  beforeAll(async () => {
    t = await startTestApp({ WORKER_EMBEDDED: 'false' });
    org = await t.createOrg();
    other = await t.createOrg();
  });
  afterAll(() => t.close());

  const admin = () => bearer(org.users.admin.token);
  const unique = (what: string) => `${what}-${Math.random().toString(36).slice(2)}@example.org`;
  const login = (email: string, password = TEST_PASSWORD, otp?: string) =>
    t.http.post('/v1/auth/token').send({ email, password, ...(otp === undefined ? {} : { otp }) });

  /** Every secret this file handles: none may reach the service's log. */
  const secrets = new Set<string>([TEST_PASSWORD, 'a brand new passphrase', 'reset passphrase two']);

  /** Created by the org's admin, password set through the one-time link. */
  async function newUser(role = 'lawyer', displayName?: string) {
    const email = unique(role);
    const res = await t.http.post('/v1/users').set(admin()).send({ email, role, displayName }).expect(201);
    secrets.add(res.body.passwordReset.token);
    await t.http
      .post('/v1/auth/password-reset')
      .send({ token: res.body.passwordReset.token, newPassword: TEST_PASSWORD })
      .expect(204);
    return { id: res.body.user.id as string, email };
  }

  describe('users', () => {
    it('an admin creates a user, who sets their own password once through the link', async () => {
      const email = unique('New.Lawyer');
      const res = await t.http
        .post('/v1/users')
        .set(admin())
        .send({ email, role: 'lawyer', displayName: 'Нигора Юсупова' })
        .expect(201);
      expect(res.body).toEqual({
        user: {
          id: expect.any(String),
          orgId: org.id,
          email: email.toLowerCase(),
          role: 'lawyer',
          displayName: 'Нигора Юсупова',
          status: 'active',
          secondFactor: false,
        },
        passwordReset: { token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), expiresAt: expect.any(String) },
      });
      const { token } = res.body.passwordReset;
      await t.http.post('/v1/auth/password-reset').send({ token, newPassword: 'qwerty123456' }).expect(400);
      await t.http.post('/v1/auth/password-reset').send({ token, newPassword: TEST_PASSWORD }).expect(204);
      // Once only.
      await t.http
        .post('/v1/auth/password-reset')
        .send({ token, newPassword: 'another long passphrase' })
        .expect(401);
      await login(email).expect(200);
    });

    it('records each change as an event of the user, with who did it and nothing personal', async () => {
      const { id } = await newUser('intake', 'Фаррух');
      await t.http
        .patch(`/v1/users/${id}`)
        .set(admin())
        .send({ role: 'lawyer', displayName: 'Farrukh' })
        .expect(200);
      await t.http.post(`/v1/users/${id}/password-reset`).set(admin()).expect(200);
      await t.http.patch(`/v1/users/${id}`).set(admin()).send({ status: 'disabled' }).expect(200);
      // A disabled account gets no reset link.
      await t.http.post(`/v1/users/${id}/password-reset`).set(admin()).expect(422);
      // Nothing changes, nothing is recorded.
      await t.http.patch(`/v1/users/${id}`).set(admin()).send({ status: 'disabled' }).expect(200);
      const { rows } = await t.db.query(
        'SELECT type, data, metadata FROM events WHERE stream_id = $1 ORDER BY stream_version',
        [`user-${id}`],
      );
      expect(rows.map((r) => r.type)).toEqual([
        'user-created',
        'user-password-changed',
        'user-renamed',
        'user-role-changed',
        'user-password-reset-issued',
        'user-disabled',
      ]);
      const byAdmin = rows.filter((r) => r.metadata.actorId === org.users.admin.id).map((r) => r.type);
      expect(byAdmin).toEqual([
        'user-created',
        'user-renamed',
        'user-role-changed',
        'user-password-reset-issued',
        'user-disabled',
      ]);
      expect(rows[1].metadata).toMatchObject({ system: 'password-reset' });
      expect(rows[3].data).toEqual({ from: 'intake', to: 'lawyer' });
      const text = JSON.stringify(rows);
      for (const personal of ['Фаррух', 'Farrukh', '@example.org']) expect(text).not.toContain(personal);
    });

    it('refuses an email that already has an account, in this organization or another', async () => {
      for (const email of [org.users.lawyer.email, other.users.lawyer.email.toUpperCase()]) {
        const res = await t.http.post('/v1/users').set(admin()).send({ email, role: 'intake' }).expect(422);
        expect(res.body.details).toEqual([
          { field: 'email', problem: expect.stringMatching(/account|another organization/) },
        ]);
      }
    });

    it('lists the organization’s users to admins, and its active lawyers to coordinators', async () => {
      const all = await t.http.get('/v1/users').set(admin()).expect(200);
      const ids = all.body.items.map((u: { id: string }) => u.id);
      expect(ids).toEqual(expect.arrayContaining(Object.values(org.users).map((u) => u.id)));
      expect(ids).not.toContain(other.users.admin.id);
      const lawyers = await t.http.get('/v1/users?role=lawyer').set(admin()).expect(200);
      expect(lawyers.body.items.every((u: { role: string }) => u.role === 'lawyer')).toBe(true);
      const asCoordinator = await t.http
        .get('/v1/users')
        .set(bearer(org.users.coordinator.token))
        .expect(200);
      expect(asCoordinator.body.items.length).toBeGreaterThan(0);
      expect(
        asCoordinator.body.items.every(
          (u: { role: string; status: string }) => u.role === 'lawyer' && u.status === 'active',
        ),
      ).toBe(true);
      await t.http.get('/v1/users').set(bearer(org.users.lawyer.token)).expect(403);
      await t.http.get('/v1/users').set(bearer(org.users.intake.token)).expect(403);
    });

    it("answers another organization's user exactly like an unknown one (404), and changes nothing", async () => {
      const theirs = other.users.lawyer.id;
      const unknown = '00000000-0000-4000-8000-000000000000';
      for (const id of [theirs, unknown]) {
        const get = await t.http.get(`/v1/users/${id}`).set(admin()).expect(404);
        const patch = await t.http
          .patch(`/v1/users/${id}`)
          .set(admin())
          .send({ status: 'disabled' })
          .expect(404);
        const reset = await t.http.post(`/v1/users/${id}/password-reset`).set(admin()).expect(404);
        expect([get.body, patch.body, reset.body].map((b) => b.error)).toEqual([
          'not_found',
          'not_found',
          'not_found',
        ]);
      }
      await t.http.get('/v1/cases').set(bearer(other.users.lawyer.token)).expect(200);
      await t.http.get(`/v1/users/not-a-uuid`).set(admin()).expect(404);
    });

    it('an admin cannot disable or demote themselves', async () => {
      const me = org.users.admin.id;
      await t.http.patch(`/v1/users/${me}`).set(admin()).send({ status: 'disabled' }).expect(422);
      await t.http.patch(`/v1/users/${me}`).set(admin()).send({ role: 'lawyer' }).expect(422);
    });

    it('an admin-issued reset link replaces the earlier one and ends no session until used', async () => {
      const { id, email } = await newUser();
      const session = (await login(email).expect(200)).body;
      const first = await t.http.post(`/v1/users/${id}/password-reset`).set(admin()).expect(200);
      const second = await t.http.post(`/v1/users/${id}/password-reset`).set(admin()).expect(200);
      await t.http.get('/v1/cases').set(bearer(session.accessToken)).expect(200);
      await t.http
        .post('/v1/auth/password-reset')
        .send({ token: first.body.token, newPassword: 'reset passphrase one' })
        .expect(401);
      await t.http
        .post('/v1/auth/password-reset')
        .send({ token: second.body.token, newPassword: 'reset passphrase two' })
        .expect(204);
      await t.http.get('/v1/cases').set(bearer(session.accessToken)).expect(401);
      await login(email, 'reset passphrase two').expect(200);
    });
  });

  describe('TOTP second factor', () => {
    /** Enrols the user of this session; answers the secret and the recovery codes. */
    async function enrol(accessToken: string) {
      const started = await t.http.post('/v1/auth/mfa/totp/enrol').set(bearer(accessToken)).expect(200);
      const { secret, otpauthUri } = started.body;
      expect(otpauthUri).toMatch(new RegExp(`^otpauth://totp/huquq:.+secret=${secret}`));
      await t.http
        .post('/v1/auth/mfa/totp/confirm')
        .set(bearer(accessToken))
        .send({ code: '000000' })
        .expect(422);
      const confirmed = await t.http
        .post('/v1/auth/mfa/totp/confirm')
        .set(bearer(accessToken))
        .send({ code: await generate({ secret }) })
        .expect(200);
      for (const value of [secret, ...confirmed.body.recoveryCodes]) secrets.add(value);
      return { secret: secret as string, recoveryCodes: confirmed.body.recoveryCodes as string[] };
    }
    /** A code of the next 30-second step: the current one was spent confirming. */
    const nextCode = (secret: string, steps = 1) =>
      generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 * steps });

    it('enrols, then login needs the code; a wrong or replayed code is refused', async () => {
      const { email } = await newUser();
      const session = (await login(email).expect(200)).body;
      const { secret, recoveryCodes } = await enrol(session.accessToken);
      expect(recoveryCodes).toHaveLength(10);
      expect(new Set(recoveryCodes).size).toBe(10);

      const without = await login(email).expect(401);
      expect(without.body.error).toBe('second_factor_required');
      const wrong = await login(email, TEST_PASSWORD, '123456');
      expect(wrong.status).toBe(401);
      expect(wrong.body.error).toBe('unauthenticated');
      // The right code with a wrong password says nothing about the code.
      await login(email, 'not the password at all', await nextCode(secret)).expect(401);

      const code = await nextCode(secret);
      const ok = await login(email, TEST_PASSWORD, code).expect(200);
      await t.http.get('/v1/cases').set(bearer(ok.body.accessToken)).expect(200);
      const replay = await login(email, TEST_PASSWORD, code).expect(401);
      expect(replay.body.error).toBe('unauthenticated');
      const users = await t.http.get('/v1/users?role=lawyer').set(admin()).expect(200);
      expect(users.body.items.find((u: { email: string }) => u.email === email).secondFactor).toBe(true);
    });

    it('cannot be replaced by whoever holds a session; an admin removes it (lost phone), ending the sessions', async () => {
      const { id, email } = await newUser();
      const session = (await login(email).expect(200)).body;
      const { secret } = await enrol(session.accessToken);
      const again = await t.http.post('/v1/auth/mfa/totp/enrol').set(bearer(session.accessToken)).expect(422);
      expect(again.body.message).toMatch(/already in force/);
      const withCode = (await login(email, TEST_PASSWORD, await nextCode(secret)).expect(200)).body;

      await t.http.delete(`/v1/users/${other.users.lawyer.id}/second-factor`).set(admin()).expect(404);
      await t.http
        .delete(`/v1/users/${id}/second-factor`)
        .set(bearer(org.users.coordinator.token))
        .expect(403);
      const removed = await t.http.delete(`/v1/users/${id}/second-factor`).set(admin()).expect(200);
      expect(removed.body).toMatchObject({ id, secondFactor: false });
      await t.http.get('/v1/cases').set(bearer(withCode.accessToken)).expect(401);
      const plain = (await login(email).expect(200)).body;
      await enrol(plain.accessToken);
      const { rows } = await t.db.query(
        'SELECT type, metadata FROM events WHERE stream_id = $1 AND type = $2',
        [`user-${id}`, 'user-second-factor-removed'],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].metadata.actorId).toBe(org.users.admin.id);
    });

    it('takes each recovery code once, instead of a code', async () => {
      const { email } = await newUser();
      const session = (await login(email).expect(200)).body;
      const { recoveryCodes } = await enrol(session.accessToken);
      await login(email, TEST_PASSWORD, recoveryCodes[0]).expect(200);
      await login(email, TEST_PASSWORD, recoveryCodes[0]).expect(401);
      await login(email, TEST_PASSWORD, recoveryCodes[1].toUpperCase()).expect(200);
      // New ones replace the old.
      const fresh = await t.http
        .post('/v1/auth/mfa/recovery-codes')
        .set(bearer(session.accessToken))
        .expect(200);
      await login(email, TEST_PASSWORD, recoveryCodes[2]).expect(401);
      await login(email, TEST_PASSWORD, fresh.body.recoveryCodes[0]).expect(200);
      // Hashed at rest: no code, no secret in the database in the clear.
      const { rows } = await t.db.query(
        `SELECT u.totp_secret, array_agg(encode(r.code_hash, 'hex')) AS hashes FROM users u
           JOIN recovery_codes r ON r.user_id = u.id WHERE u.email = $1 GROUP BY u.totp_secret`,
        [email],
      );
      expect(JSON.stringify(rows)).not.toContain(fresh.body.recoveryCodes[1]);
      expect(rows[0].totp_secret).toMatch(/^v1\./);
    });

    it('an admin requires it of some roles: their login opens only enrolment until they enrol', async () => {
      const { email } = await newUser('lawyer');
      await t.http
        .put('/v1/organization/security')
        .set(bearer(org.users.lawyer.token))
        .send({ secondFactorRoles: ['lawyer'] })
        .expect(403);
      const set = await t.http
        .put('/v1/organization/security')
        .set(admin())
        .send({ secondFactorRoles: ['lawyer'] })
        .expect(200);
      expect(set.body).toEqual({ secondFactorRoles: ['lawyer'] });
      await t.http
        .get('/v1/organization/security')
        .set(admin())
        .expect(200, { secondFactorRoles: ['lawyer'] });
      try {
        const limited = await login(email).expect(200);
        expect(limited.body.secondFactor).toBe('enrolment_required');
        const refused = await t.http.get('/v1/cases').set(bearer(limited.body.accessToken)).expect(403);
        expect(refused.body.error).toBe('second_factor_enrolment_required');
        const { secret } = await enrol(limited.body.accessToken);
        await login(email).expect(401);
        const full = await login(email, TEST_PASSWORD, await nextCode(secret)).expect(200);
        expect(full.body.secondFactor).toBeUndefined();
        await t.http.get('/v1/cases').set(bearer(full.body.accessToken)).expect(200);
        // Other roles are not concerned.
        const intake = await login(org.users.intake.email).expect(200);
        expect(intake.body.secondFactor).toBeUndefined();
      } finally {
        await t.http
          .put('/v1/organization/security')
          .set(admin())
          .send({ secondFactorRoles: [] })
          .expect(200);
      }
    });
  });

  describe('passwords', () => {
    it('are rehashed at the next login when the cost rises, and still open', async () => {
      const { id, email } = await newUser();
      const before = (await t.db.query('SELECT password_hash FROM users WHERE id = $1', [id])).rows[0]
        .password_hash;
      expect(before).toMatch(/^scrypt\$16384\$8\$1\$/);
      // A second instance configured with a higher cost (the hashing cost is per process: both now use it).
      const raised = await startTestApp(
        {
          WORKER_EMBEDDED: 'false',
          PASSWORD_SCRYPT_N: String(2 ** 15),
          JWT_SECRET: t.config.JWT_SECRET!,
          BLIND_INDEX_KEY: t.config.BLIND_INDEX_KEY!,
        },
        { databaseUrl: t.config.DATABASE_URL },
      );
      try {
        await raised.http.post('/v1/auth/token').send({ email, password: TEST_PASSWORD }).expect(200);
        const after = (await t.db.query('SELECT password_hash FROM users WHERE id = $1', [id])).rows[0]
          .password_hash;
        expect(after).toMatch(/^scrypt\$32768\$8\$1\$/);
        await raised.http.post('/v1/auth/token').send({ email, password: TEST_PASSWORD }).expect(200);
      } finally {
        await raised.close();
      }
    });
  });

  it('documents every route of accounts in the OpenAPI document', async () => {
    const doc = await t.http.get('/docs-json').expect(200);
    const routes = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /v1/auth/token',
        'POST /v1/auth/refresh',
        'POST /v1/auth/logout',
        'POST /v1/auth/password',
        'POST /v1/auth/password-reset',
        'POST /v1/auth/mfa/totp/enrol',
        'POST /v1/auth/mfa/totp/confirm',
        'POST /v1/auth/mfa/recovery-codes',
        'GET /v1/users',
        'POST /v1/users',
        'GET /v1/users/{id}',
        'PATCH /v1/users/{id}',
        'POST /v1/users/{id}/password-reset',
        'DELETE /v1/users/{id}/second-factor',
        'GET /v1/organization/security',
        'PUT /v1/organization/security',
      ]),
    );
  });

  it('never logs a password, a reset token, a TOTP secret or a recovery code', () => {
    const logs = t.logs();
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(logs).not.toContain(secret);
  });

  describe('command line', () => {
    /** The CLI's command, in this process; a password as if typed or piped. */
    const cli = (args: string[], password = TEST_PASSWORD) =>
      runCommand(
        loadConfig({
          ...process.env,
          DATABASE_URL: t.config.DATABASE_URL,
          NODE_ENV: 'test',
          PASSWORD_SCRYPT_N: '16384',
        }),
        args,
        async () => password,
      );

    it('--help lists every command, the user commands included', () => {
      const help = helpAskedFor(['--help']);
      expect(help?.known).toBe(true);
      const stdout = help!.text;
      for (const command of [
        'org:create',
        'user:create',
        'user:list',
        'user:update',
        'user:disable',
        'user:password',
        'projections:rebuild',
        'integrity:verify',
        'keys:rotate',
      ]) {
        expect(stdout).toContain(command);
      }
      expect(stdout).not.toMatch(/--password/);
    });

    it('creates, lists, updates and disables users, the password from stdin, never from argv', async () => {
      const email = unique('cli');
      const refused = await cli([
        'user:create',
        '--org',
        org.id,
        '--email',
        email,
        '--role',
        'intake',
        '--password',
        'x',
      ]).then(
        () => new Error('it succeeded'),
        (e: Error) => e,
      );
      expect(refused.message).toMatch(/never taken on the command line/);

      const created = (await cli(['user:create', '--org', org.id, '--email', email, '--role', 'intake'])) as {
        id: string;
      };
      await login(email).expect(200);
      const again = await cli(['user:create', '--org', org.id, '--email', email, '--role', 'admin']).then(
        () => new Error('it succeeded'),
        (e: Error) => e,
      );
      expect(again.message).toContain(`already has an account (user ${created.id})`);
      const weak = await cli(
        ['user:create', '--org', org.id, '--email', unique('weak'), '--role', 'intake'],
        '12345678',
      ).then(
        () => new Error('it succeeded'),
        (e: Error) => e,
      );
      expect(weak.message).toMatch(/--password must be at least 12/);

      const listed = (await cli(['user:list', '--org', org.id, '--role', 'intake'])) as {
        items: { id: string }[];
      };
      expect(listed.items.map((u: { id: string }) => u.id)).toContain(created.id);
      const updated = await cli(['user:update', '--user', created.id, '--role', 'lawyer']);
      expect(updated).toMatchObject({ id: created.id, role: 'lawyer' });
      await cli(['user:disable', '--user', created.id]);
      await login(email).expect(401);
      const { rows } = await t.db.query(
        'SELECT type, metadata FROM events WHERE stream_id = $1 ORDER BY stream_version',
        [`user-${created.id}`],
      );
      expect(rows.map((r) => [r.type, r.metadata.system])).toEqual([
        ['user-created', 'cli'],
        ['user-role-changed', 'cli'],
        ['user-disabled', 'cli'],
      ]);
    });
  });

  // Last: the database's keys move to a master key this app does not have.
  describe('master-key rotation', () => {
    it('re-seals every TOTP secret under the new master key (keys:rotate)', async () => {
      const { id, email } = await newUser();
      const session = (await login(email).expect(200)).body;
      const started = await t.http
        .post('/v1/auth/mfa/totp/enrol')
        .set(bearer(session.accessToken))
        .expect(200);
      await t.http
        .post('/v1/auth/mfa/totp/confirm')
        .set(bearer(session.accessToken))
        .send({ code: await generate({ secret: started.body.secret }) })
        .expect(200);
      const oldKey = t.config.HUQUQ_MASTER_KEY!;
      const newKey = randomBytes(32).toString('base64');
      const result = await rotateMasterKey({ keyring: t.keyring, db: t.db }, oldKey, newKey);
      expect(result.totpResealed).toBeGreaterThanOrEqual(1);
      const { rows } = await t.db.query('SELECT totp_secret FROM users WHERE id = $1', [id]);
      expect(new TotpSecretBox(newKey).open(id, rows[0].totp_secret)).toEqual({
        secret: started.body.secret,
        current: true,
      });
      expect(new TotpSecretBox(oldKey).open(id, rows[0].totp_secret)).toBeNull();
    });
  });
});
