import { SessionCheck } from '@huquq/identity';
import { bearer, startTestApp, TEST_PASSWORD, TestApp, TestOrg } from '../support/test-app';
import { waitFor } from '../support/wait-for';

/**
 * Sessions that can be cut off, on two API instances sharing one database: a token of a user
 * disabled, re-roled or logged out on one instance answers 401 on the next request to either —
 * also where the other instance had just checked (and cached) that token's session.
 */
describe('sessions: short access tokens, rotating refresh tokens, cut off at once', () => {
  let one: TestApp;
  let two: TestApp;
  let org: TestOrg;

  beforeAll(async () => {
    one = await startTestApp({ WORKER_EMBEDDED: 'false' });
    two = await startTestApp(
      {
        WORKER_EMBEDDED: 'false',
        QUEUE_PREFIX: one.config.QUEUE_PREFIX,
        JWT_SECRET: one.config.JWT_SECRET!,
        BLIND_INDEX_KEY: one.config.BLIND_INDEX_KEY!,
      },
      { databaseUrl: one.config.DATABASE_URL },
    );
    org = await one.createOrg();
    // Both instances listen for the sessions' notices before anything is cached.
    await waitFor(async () => [one, two].every((t) => t.app.get(SessionCheck, { strict: false }).listening), {
      timeoutMs: 10_000,
      what: 'session notices heard on both instances',
    });
  });
  afterAll(async () => {
    await two.close();
    await one.close();
  });

  const login = (t: TestApp, email: string, password = TEST_PASSWORD) =>
    t.http.post('/v1/auth/token').send({ email, password });

  /** A new user of the org with a session of their own, opened on instance one. */
  async function freshUser(role: 'intake' | 'lawyer' | 'coordinator' = 'lawyer') {
    const email = `${role}-${Math.random().toString(36).slice(2)}@example.org`;
    const created = await one.http
      .post('/v1/users')
      .set(bearer(org.users.admin.token))
      .send({ email, role })
      .expect(201);
    await one.http
      .post('/v1/auth/password-reset')
      .send({ token: created.body.passwordReset.token, newPassword: TEST_PASSWORD })
      .expect(204);
    const session = await login(one, email).expect(200);
    return { id: created.body.user.id as string, email, session: session.body };
  }

  /** The token works on both instances (and each has now cached its session). */
  async function worksOnBoth(token: string) {
    for (const t of [one, two]) await t.http.get('/v1/cases').set(bearer(token)).expect(200);
  }
  const refused = async (t: TestApp, token: string) => {
    const res = await t.http.get('/v1/cases').set(bearer(token));
    return res.status === 401 && res.body.error === 'unauthenticated';
  };
  /**
   * After a change committed on `changedOn`: its very next request with the token answers 401;
   * the other instance answers 401 as soon as the change's notice reaches it (milliseconds; its
   * cache would otherwise hold the session for a minute), and from then on.
   */
  async function refusedOnBoth(token: string, changedOn: TestApp) {
    expect(await refused(changedOn, token)).toBe(true);
    const other = changedOn === one ? two : one;
    await waitFor(() => refused(other, token), { timeoutMs: 5000, what: 'the notice on the other instance' });
    expect(await refused(other, token)).toBe(true);
    expect(await refused(changedOn, token)).toBe(true);
  }

  it('logs in with a short access token, a refresh token, and the refresh cookie for browsers', async () => {
    const res = await login(one, org.users.lawyer.email).expect(200);
    expect(res.body).toEqual({
      accessToken: expect.any(String),
      expiresIn: 600,
      refreshToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      refreshExpiresIn: 12 * 3600,
      user: { id: org.users.lawyer.id, orgId: org.id, role: 'lawyer' },
    });
    const cookie = [res.headers['set-cookie']].flat().find((c: string) => c.startsWith('huquq_refresh='));
    expect(cookie).toBeDefined();
    expect(cookie).toContain(`huquq_refresh=${res.body.refreshToken};`);
    for (const part of ['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/v1/auth'])
      expect(cookie).toContain(part);
    // A JWT signed with HS256 by jose: header, claims, signature.
    const header = JSON.parse(Buffer.from(res.body.accessToken.split('.')[0], 'base64url').toString());
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
  });

  it('rotates the refresh token; a spent one shown again ends the whole session, on every instance', async () => {
    const { session } = await freshUser();
    const first = session.refreshToken;
    const next = await one.http.post('/v1/auth/refresh').send({ refreshToken: first }).expect(200);
    expect(next.body.refreshToken).not.toBe(first);
    await worksOnBoth(next.body.accessToken);
    // The browser's way: the cookie alone.
    const third = await two.http
      .post('/v1/auth/refresh')
      .set('Cookie', `huquq_refresh=${next.body.refreshToken}`)
      .send({})
      .expect(200);
    await worksOnBoth(third.body.accessToken);

    // Someone replays the first (spent) token: refused, and the session is over for everyone.
    const replay = await two.http.post('/v1/auth/refresh').send({ refreshToken: first });
    expect(replay.status).toBe(401);
    await refusedOnBoth(third.body.accessToken, two);
    await refusedOnBoth(session.accessToken, two);
    await one.http.post('/v1/auth/refresh').send({ refreshToken: third.body.refreshToken }).expect(401);
  });

  it('refuses an unknown or malformed refresh token', async () => {
    await one.http
      .post('/v1/auth/refresh')
      .send({ refreshToken: 'x'.repeat(43) })
      .expect(401);
    await one.http.post('/v1/auth/refresh').send({ refreshToken: 'not a token' }).expect(401);
    await one.http.post('/v1/auth/refresh').send({}).expect(401);
  });

  it("a logged-out session's tokens fail on the next request, on both instances; other sessions go on", async () => {
    const { email, session } = await freshUser();
    const other = (await login(two, email).expect(200)).body;
    await worksOnBoth(session.accessToken);
    await one.http.post('/v1/auth/logout').set(bearer(session.accessToken)).send({}).expect(204);
    await refusedOnBoth(session.accessToken, one);
    await one.http.post('/v1/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
    await worksOnBoth(other.accessToken);
    // By the refresh token (a browser's cookie), on the other instance.
    const logout = await two.http
      .post('/v1/auth/logout')
      .set('Cookie', `huquq_refresh=${other.refreshToken}`)
      .send({});
    expect(logout.status).toBe(204);
    expect([logout.headers['set-cookie']].flat().join()).toMatch(/huquq_refresh=;/);
    await refusedOnBoth(other.accessToken, two);
  });

  it("a disabled user's tokens fail on the next request, on both instances, and they cannot log in", async () => {
    const { id, email, session } = await freshUser();
    await worksOnBoth(session.accessToken);
    const res = await two.http
      .patch(`/v1/users/${id}`)
      .set(bearer(org.users.admin.token))
      .send({ status: 'disabled' })
      .expect(200);
    expect(res.body).toMatchObject({ id, status: 'disabled' });
    await refusedOnBoth(session.accessToken, two);
    await one.http.post('/v1/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
    const refused = await login(one, email).expect(401);
    expect(refused.body.message).toBe('Wrong email or password');

    await one.http
      .patch(`/v1/users/${id}`)
      .set(bearer(org.users.admin.token))
      .send({ status: 'active' })
      .expect(200);
    await login(two, email).expect(200);
  });

  it("a re-roled user's tokens fail on the next request, on both instances; a new login carries the new role", async () => {
    const { id, email, session } = await freshUser('lawyer');
    await worksOnBoth(session.accessToken);
    await one.http
      .patch(`/v1/users/${id}`)
      .set(bearer(org.users.admin.token))
      .send({ role: 'coordinator' })
      .expect(200);
    await refusedOnBoth(session.accessToken, one);
    const again = await login(two, email).expect(200);
    expect(again.body.user.role).toBe('coordinator');
    await worksOnBoth(again.body.accessToken);
  });

  it('a new password ends every session of the user, this one too', async () => {
    const { email, session } = await freshUser();
    const elsewhere = (await login(two, email).expect(200)).body;
    await worksOnBoth(session.accessToken);
    await worksOnBoth(elsewhere.accessToken);
    const wrong = await one.http
      .post('/v1/auth/password')
      .set(bearer(session.accessToken))
      .send({ currentPassword: 'not the password', newPassword: 'a brand new passphrase' });
    expect(wrong.status).toBe(400);
    await one.http
      .post('/v1/auth/password')
      .set(bearer(session.accessToken))
      .send({ currentPassword: TEST_PASSWORD, newPassword: 'a brand new passphrase' })
      .expect(204);
    await refusedOnBoth(session.accessToken, one);
    await refusedOnBoth(elsewhere.accessToken, one);
    await login(one, email).expect(401);
    await login(one, email, 'a brand new passphrase').expect(200);
  });

  it('refuses weak new passwords, saying why and never echoing them', async () => {
    const { session } = await freshUser();
    for (const [newPassword, problem] of [
      ['password', /at least 12/],
      ['12345678', /at least 12/],
      ['qwerty123456', /common/],
    ] as const) {
      const res = await one.http
        .post('/v1/auth/password')
        .set(bearer(session.accessToken))
        .send({ currentPassword: TEST_PASSWORD, newPassword });
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([{ field: 'newPassword', problem: expect.stringMatching(problem) }]);
      expect(JSON.stringify(res.body)).not.toContain(`"${newPassword}"`);
    }
  });
});
