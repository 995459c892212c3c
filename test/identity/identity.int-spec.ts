import { randomBytes } from 'node:crypto';
import { NotFound, RateLimited, RuleViolation, Unauthenticated, ValidationFailed } from '@huquq/platform';
import {
  AuthService,
  createOrgCommand,
  createUserCommand,
  IdentityRepository,
  LoginThrottle,
  SecondFactor,
  SessionStore,
  TokenService,
  TotpSecretBox,
  usePasswordCost,
} from '@huquq/identity';
import { createLogger } from '@huquq/platform';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { connectTestRedis, TestRedis } from '../support/test-redis';

const SECRET = 'integration-test-secret-0123456789abcdef';

describe('identity against PostgreSQL', () => {
  let testDb: TestDatabase;
  let repo: IdentityRepository;
  let tokens: TokenService;
  let redis: TestRedis;
  let now = Date.parse('2024-03-29T10:00:00Z');
  const throttle = () =>
    new LoginThrottle({
      redis: redis.redis,
      prefix: redis.prefix,
      secret: SECRET,
      logger: createLogger('silent'),
      clock: () => now,
    });

  const newAuth = () =>
    new AuthService(
      repo,
      tokens,
      throttle(),
      new SessionStore(testDb.db, { refreshSeconds: 3600, sessionSeconds: 86400 }),
      new SecondFactor(testDb.db, new TotpSecretBox(randomBytes(32).toString('base64'))),
    );
  const createUser = (input: { orgId: string; email: string; role: string; password: string }) =>
    createUserCommand(testDb.db, {
      org: input.orgId,
      email: input.email,
      role: input.role,
      password: input.password,
    });

  beforeAll(async () => {
    usePasswordCost(2 ** 14);
    testDb = await createTestDatabase();
    repo = new IdentityRepository(testDb.db);
    tokens = new TokenService(SECRET, 900);
    redis = await connectTestRedis();
  });

  afterAll(async () => {
    await testDb.drop();
    await redis.close();
  });

  // Each test makes its own organizations, so tests do not depend on one another's rows.
  let counter = 0;
  const unique = (prefix: string) => `${prefix} ${++counter} ${Date.now()}`;

  describe('organizations', () => {
    it('are idempotent on the name', async () => {
      const name = unique('Civic Assistance');
      const first = await repo.createOrganization(name);
      const again = await repo.createOrganization(`  ${name} `);
      expect(first.created).toBe(true);
      expect(again).toEqual({ id: first.id, created: false });
      expect(await repo.findOrganization(first.id)).toEqual({ id: first.id, name });
    });

    it('answer the same id to concurrent creations of one name', async () => {
      const name = unique('Memorial');
      const results = await Promise.all(Array.from({ length: 8 }, () => repo.createOrganization(name)));
      expect(new Set(results.map((r) => r.id)).size).toBe(1);
      expect(results.filter((r) => r.created)).toHaveLength(1);
    });

    it('refuse an empty name', async () => {
      await expect(repo.createOrganization('   ')).rejects.toBeInstanceOf(ValidationFailed);
    });
  });

  describe('users', () => {
    it('are stored with a normalized email and a scrypt hash, never the password', async () => {
      const org = await repo.createOrganization(unique('Org'));
      const email = `Ivan.Petrov+${counter}@Example.ORG`;
      const { id } = await createUser({
        orgId: org.id,
        email: ` ${email} `,
        role: 'lawyer',
        password: 'secret-password',
      });
      const { rows } = await testDb.db.query('SELECT email, role, password_hash FROM users WHERE id = $1', [
        id,
      ]);
      expect(rows[0].email).toBe(email.toLowerCase());
      expect(rows[0].role).toBe('lawyer');
      expect(rows[0].password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
      expect(rows[0].password_hash).not.toContain('secret-password');
    });

    it('are found by email in any spelling of case and spaces', async () => {
      const org = await repo.createOrganization(unique('Org'));
      const email = `finder${counter}@example.org`;
      const { id } = await createUser({
        orgId: org.id,
        email,
        role: 'intake',
        password: 'secret-password',
      });
      const found = await repo.findByEmail(`  ${email.toUpperCase()}  `);
      expect(found).toMatchObject({ id, orgId: org.id, email, role: 'intake' });
      expect(found?.passwordHash).toMatch(/^scrypt\$/);
      expect(await repo.findByEmail('nobody@example.org')).toBeNull();
    });

    it('refuse an email that already has an account, naming it, and keep the first password and role', async () => {
      const org = await repo.createOrganization(unique('Org'));
      const email = `repeat${counter}@example.org`;
      const first = await createUser({
        orgId: org.id,
        email,
        role: 'lawyer',
        password: 'first-password',
      });
      const again = createUser({
        orgId: org.id,
        email: email.toUpperCase(),
        role: 'admin',
        password: 'second-password',
      });
      await expect(again).rejects.toBeInstanceOf(RuleViolation);
      await expect(again).rejects.toThrow(new RegExp(`already has an account \\(user ${first.id}\\)`));
      const auth = newAuth();
      await expect(auth.login(email, 'first-password')).resolves.toMatchObject({
        user: { id: first.id, role: 'lawyer' },
      });
      await expect(auth.login(email, 'second-password')).rejects.toBeInstanceOf(Unauthenticated);
    });

    it('create one account of concurrent creations of one email; the others are refused', async () => {
      const org = await repo.createOrganization(unique('Org'));
      const email = `race${counter}@example.org`;
      const results = await Promise.allSettled(
        Array.from({ length: 5 }, () =>
          createUser({ orgId: org.id, email, role: 'intake', password: 'secret-password' }),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const { rows } = await testDb.db.query('SELECT count(*)::int AS n FROM users WHERE email = $1', [
        email,
      ]);
      expect(rows[0].n).toBe(1);
    });

    it('refuse an email that belongs to another organization, saying why', async () => {
      const first = await repo.createOrganization(unique('Org'));
      const second = await repo.createOrganization(unique('Org'));
      const email = `shared${counter}@example.org`;
      await createUser({ orgId: first.id, email, role: 'lawyer', password: 'secret-password' });
      const attempt = createUser({
        orgId: second.id,
        email,
        role: 'lawyer',
        password: 'secret-password',
      });
      await expect(attempt).rejects.toBeInstanceOf(RuleViolation);
      await expect(attempt).rejects.toThrow(/another organization/);
    });

    it('refuse an unknown organization', async () => {
      const input = {
        email: `orphan${counter}@example.org`,
        role: 'intake' as const,
        password: 'secret-password',
      };
      await expect(
        createUser({ ...input, orgId: '00000000-0000-4000-8000-000000000000' }),
      ).rejects.toBeInstanceOf(NotFound);
      await expect(createUser({ ...input, orgId: 'not-a-uuid' })).rejects.toBeInstanceOf(ValidationFailed);
    });

    it('are found by id only within their own organization', async () => {
      const own = await repo.createOrganization(unique('Org'));
      const other = await repo.createOrganization(unique('Org'));
      const { id } = await createUser({
        orgId: own.id,
        email: `member${counter}@example.org`,
        role: 'coordinator',
        password: 'secret-password',
      });
      expect(await repo.findUser(own.id, id)).toEqual({
        id,
        orgId: own.id,
        email: `member${counter}@example.org`,
        role: 'coordinator',
        displayName: null,
        status: 'active',
        secondFactor: false,
      });
      expect(await repo.findUser(other.id, id)).toBeNull();
      expect(await repo.findUser(own.id, 'not-a-uuid')).toBeNull();
    });
  });

  describe('AuthService.login', () => {
    let auth: AuthService;
    let orgId: string;
    let userId: string;
    const email = 'coordinator@login.example.org';

    beforeAll(async () => {
      auth = newAuth();
      orgId = (await repo.createOrganization(unique('Login Org'))).id;
      userId = (await createUser({ orgId, email, role: 'coordinator', password: 'correct-password' })).id;
    });

    it('answers a token for the user, and the user', async () => {
      const result = await auth.login(' Coordinator@Login.example.org', 'correct-password', undefined, {
        ip: '10.1.1.1',
      });
      expect(result).toEqual({
        accessToken: expect.any(String),
        expiresIn: 900,
        refreshToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        refreshExpiresIn: 3600,
        user: { id: userId, orgId, role: 'coordinator' },
      });
      await expect(tokens.verify(result.accessToken)).resolves.toMatchObject({
        actor: { userId, orgId, role: 'coordinator' },
        tokenVersion: 1,
      });
    });

    it('gives the same answer for a wrong password and an unknown email', async () => {
      const wrongPassword = await auth.login(email, 'wrong-password').catch((e: unknown) => e);
      const unknownEmail = await auth
        .login('nobody@login.example.org', 'correct-password')
        .catch((e: unknown) => e);
      expect(wrongPassword).toBeInstanceOf(Unauthenticated);
      expect(unknownEmail).toBeInstanceOf(Unauthenticated);
      expect((wrongPassword as Error).message).toBe('Wrong email or password');
      expect((unknownEmail as Error).message).toBe('Wrong email or password');
    });

    it('makes the right password wait after five failures from that address, without looking it up', async () => {
      const target = 'target@login.example.org';
      await createUser({ orgId, email: target, role: 'intake', password: 'correct-password' });
      for (let i = 0; i < 5; i++) {
        await expect(auth.login(target, 'guess', undefined, { ip: '198.51.100.7' })).rejects.toBeInstanceOf(
          Unauthenticated,
        );
      }
      const lookups = jest.spyOn(repo, 'findByEmail');
      try {
        const refused = await auth
          .login(target, 'correct-password', undefined, { ip: '198.51.100.7' })
          .catch((e: unknown) => e);
        expect(refused).toBeInstanceOf(RateLimited);
        expect(refused).toMatchObject({ retryAfterSeconds: 1 });
        expect(lookups).not.toHaveBeenCalled();
        // From an address without failures the right password is answered at once.
        await expect(
          auth.login(target, 'correct-password', undefined, { ip: '203.0.113.20' }),
        ).resolves.toMatchObject({
          user: { role: 'intake' },
        });
        now += 1000;
        await expect(
          auth.login(target, 'correct-password', undefined, { ip: '198.51.100.7' }),
        ).resolves.toMatchObject({
          user: { role: 'intake' },
        });
      } finally {
        lookups.mockRestore();
      }
    });

    it('does not hold attempts the database could not answer against the caller', async () => {
      const target = 'outage@login.example.org';
      await createUser({ orgId, email: target, role: 'lawyer', password: 'correct-password' });
      const lookups = jest.spyOn(repo, 'findByEmail');
      try {
        for (let i = 0; i < 12; i++) {
          lookups.mockRejectedValueOnce(new Error('Connection terminated unexpectedly'));
          await expect(
            auth.login(target, 'correct-password', undefined, { ip: '198.51.100.8' }),
          ).rejects.toThrow(/Connection terminated/);
        }
      } finally {
        lookups.mockRestore();
      }
      await expect(
        auth.login(target, 'correct-password', undefined, { ip: '198.51.100.8' }),
      ).resolves.toMatchObject({
        user: { role: 'lawyer' },
      });
    });
  });

  describe('command line', () => {
    it('org:create is idempotent on the name', async () => {
      const name = unique('Migrant Rights Centre');
      const first = await createOrgCommand(testDb.db, { name });
      expect(first).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      expect(await createOrgCommand(testDb.db, { name })).toEqual(first);
    });

    it('org:create refuses a missing name', async () => {
      await expect(createOrgCommand(testDb.db, {})).rejects.toThrow(/--name is required/);
    });

    it('user:create refuses an email that has an account, naming it, and the user can log in', async () => {
      const { id: org } = await createOrgCommand(testDb.db, { name: unique('CLI Org') });
      const args = { org, email: `cli${counter}@example.org`, role: 'admin', password: 'long-enough-pass' };
      const first = await createUserCommand(testDb.db, args);
      await expect(
        createUserCommand(testDb.db, { ...args, email: args.email.toUpperCase() }),
      ).rejects.toThrow(`already has an account (user ${first.id})`);
      const auth = newAuth();
      await expect(auth.login(args.email, 'long-enough-pass')).resolves.toMatchObject({
        user: { id: first.id, orgId: org, role: 'admin' },
      });
    });

    it('user:create refuses the same email in another org', async () => {
      const { id: first } = await createOrgCommand(testDb.db, { name: unique('CLI Org') });
      const { id: second } = await createOrgCommand(testDb.db, { name: unique('CLI Org') });
      const args = { email: `twice${counter}@example.org`, role: 'lawyer', password: 'long-enough-pass' };
      await createUserCommand(testDb.db, { ...args, org: first });
      await expect(createUserCommand(testDb.db, { ...args, org: second })).rejects.toThrow(
        /another organization/,
      );
    });

    it('user:create lists every bad argument at once', async () => {
      const error = await createUserCommand(testDb.db, {
        org: 'acme',
        email: 'not-an-email',
        role: 'boss',
        password: 'short',
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationFailed);
      expect((error as ValidationFailed).details).toEqual([
        { field: 'org', problem: 'must be an organization id (a UUID)' },
        { field: 'email', problem: 'must be an email address' },
        { field: 'role', problem: 'must be one of intake, lawyer, coordinator, admin' },
        { field: 'password', problem: 'must be at least 12 characters' },
      ]);
      expect((error as Error).message).toMatch(/--role must be one of .*--password must be at least 12/);
    });

    it('user:create refuses missing arguments and an unknown org', async () => {
      await expect(createUserCommand(testDb.db, {})).rejects.toBeInstanceOf(ValidationFailed);
      const args = {
        org: '00000000-0000-4000-8000-000000000000',
        email: 'x@example.org',
        role: 'intake',
        password: 'long-enough-pass',
      };
      await expect(createUserCommand(testDb.db, args)).rejects.toBeInstanceOf(NotFound);
    });
  });
});
