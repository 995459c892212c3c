import { LoginThrottle, createUserCommand } from '@huquq/identity';
import Redis from 'ioredis';
import { startTestApp, TestApp } from '../support/test-app';

const PASSWORD = 'correct horse battery';

/**
 * Login throttling over HTTP, on two instances of the service sharing one database and one Redis
 * (one QUEUE_PREFIX), behind a "proxy" on loopback: TRUST_PROXY=loopback lets each request name
 * its client address in X-Forwarded-For. Both instances read one clock the test moves, so no test
 * waits a real second.
 */
describe('login throttling cannot lock out the right person', () => {
  let one: TestApp;
  let two: TestApp;
  let now = Date.parse('2024-03-29T10:00:00Z');
  /** Every email and address this file sends, none of which may reach a log or Redis. */
  const sent = new Set<string>();

  beforeAll(async () => {
    one = await startTestApp({ TRUST_PROXY: 'loopback', WORKER_EMBEDDED: 'false' });
    two = await startTestApp(
      {
        TRUST_PROXY: 'loopback',
        WORKER_EMBEDDED: 'false',
        QUEUE_PREFIX: one.config.QUEUE_PREFIX,
        JWT_SECRET: one.config.JWT_SECRET!,
        BLIND_INDEX_KEY: one.config.BLIND_INDEX_KEY!,
      },
      { databaseUrl: one.config.DATABASE_URL },
    );
    for (const t of [one, two]) t.app.get(LoginThrottle).clock = () => now;
  });
  afterAll(async () => {
    await two.close();
    await one.close();
  });

  function login(t: TestApp, email: string, password: string, from: string) {
    sent.add(email);
    for (const address of from.split(',')) sent.add(address.trim());
    return t.http.post('/v1/auth/token').set('X-Forwarded-For', from).send({ email, password });
  }

  /** `times` wrong passwords answered 401; each wait (429) in between is waited out on the clock. */
  async function fail(t: TestApp, email: string, from: string, times: number): Promise<void> {
    for (let failed = 0, tries = 0; failed < times; tries++) {
      if (tries > 3 * times) throw new Error('the waits never end');
      const res = await login(t, email, 'wrong password', from);
      if (res.status === 401) failed++;
      else {
        expect(res.status).toBe(429);
        const wait = Number(res.headers['retry-after']);
        expect(wait).toBeGreaterThanOrEqual(1);
        now += wait * 1000;
      }
    }
  }

  it('lets a lawyer in from elsewhere after 10 failures from one address, and from there once its wait is over', async () => {
    const org = await one.createOrg();
    const { email } = org.users.lawyer;
    const attacker = '198.51.100.10';
    await fail(one, email, attacker, 10);

    await login(one, email, PASSWORD, '203.0.113.10').expect(200);

    const refused = await login(one, email, PASSWORD, attacker).expect(429);
    expect(refused.headers['retry-after']).toBe('32');
    expect(refused.body).toEqual({ error: 'rate_limited', message: expect.any(String), details: [] });
    now += 31_000;
    const still = await login(one, email, PASSWORD, attacker).expect(429);
    expect(still.headers['retry-after']).toBe('1');
    now += 1000;
    await login(one, email, PASSWORD, attacker).expect(200);
  });

  it('never holds an office of 30 behind one address back: everyone’s typos, and one account failing 50 times', async () => {
    const org = await one.createOrg();
    const office = '203.0.113.80';
    const [newcomer, ...colleagues] = Array.from(
      { length: 31 },
      (_, i) => `colleague-${i}-${org.id.slice(0, 8)}@example.org`,
    );
    await Promise.all(
      [newcomer, ...colleagues].map((email) =>
        createUserCommand(one.db, { org: org.id, email, role: 'lawyer', password: PASSWORD }),
      ),
    );
    const everyoneLogsIn = (passwords: string[]) =>
      Promise.all(
        colleagues.map(async (email) => {
          const statuses = [];
          for (const password of passwords) statuses.push((await login(one, email, password, office)).status);
          return statuses;
        }),
      );
    // Monday morning: every colleague mistypes twice and then gets in, all in the same few moments
    // (60 failures from one address).
    expect(await everyoneLogsIn(['wrong password', 'wrong again', PASSWORD])).toEqual(
      colleagues.map(() => [401, 401, 200]),
    );
    // 50 failures of one account from the office: a forgotten password, or someone at the next desk.
    await fail(one, org.users.intake.email, office, 50);
    // Nobody else waits: not the colleagues, not a newcomer who never logged in from here.
    await login(one, newcomer, PASSWORD, office).expect(200);
    expect(await everyoneLogsIn([PASSWORD])).toEqual(colleagues.map(() => [200]));
    // The failing account itself waits, from the office only.
    await login(one, org.users.intake.email, PASSWORD, office).expect(429);
    await login(one, org.users.intake.email, PASSWORD, '203.0.113.81').expect(200);
  }, 120_000);

  it('shares the counts between two instances', async () => {
    const org = await one.createOrg();
    const { email } = org.users.coordinator;
    const from = '198.51.100.90';
    for (const t of [one, two, one, two, one]) await login(t, email, 'wrong password', from).expect(401);
    const refused = await login(two, email, PASSWORD, from).expect(429);
    expect(refused.headers['retry-after']).toBe('1');
    await login(one, email, PASSWORD, from).expect(429);
    now += 1000;
    await login(two, email, PASSWORD, from).expect(200);
    // The success on one instance ended the streak for the other one too.
    for (const t of [one, one, one, one, one]) await login(t, email, 'wrong password', from).expect(401);
    await login(two, email, 'wrong password', from).expect(429);
  });

  it('takes the address a client cannot forge: the rightmost X-Forwarded-For entry', async () => {
    const org = await one.createOrg();
    const { email } = org.users.admin;
    for (let i = 0; i < 5; i++) {
      await login(two, email, 'wrong password', `10.9.9.${i}, 198.51.100.91`).expect(401);
    }
    await login(two, email, PASSWORD, '10.9.9.99, 198.51.100.91').expect(429);
    await login(two, email, PASSWORD, '198.51.100.92').expect(200);
  });

  it('logs failures and waits as keyed hashes, with no email or address in the logs or in Redis', async () => {
    const org = await one.createOrg();
    const { email } = org.users.lawyer;
    await fail(two, email, '2001:db8:77::1', 5);
    await login(one, email, PASSWORD, '2001:db8:77::2').expect(429); // the same /64

    const eventsOf = (t: TestApp) =>
      t
        .logs()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line))
        .filter((entry) => entry.event);
    const events = [...eventsOf(one), ...eventsOf(two)];
    const hashed = {
      accountHash: expect.stringMatching(/^[0-9a-f]{32}$/),
      addressHash: expect.stringMatching(/^[0-9a-f]{32}$/),
      retryAfterSeconds: expect.any(Number),
    };
    expect(events.filter((e) => e.event === 'login_failed').length).toBeGreaterThanOrEqual(5);
    expect(events.filter((e) => e.event === 'login_throttled').length).toBeGreaterThanOrEqual(1);
    for (const e of events.filter((e) => e.event.startsWith('login_'))) expect(e).toMatchObject(hashed);
    expect(eventsOf(one).at(-1)).toMatchObject({
      event: 'login_throttled',
      scope: 'pair',
      retryAfterSeconds: 1,
    });

    const redis = new Redis(one.config.REDIS_URL);
    try {
      const keys = await redis.keys(`${one.config.QUEUE_PREFIX}:login:*`);
      expect(keys.length).toBeGreaterThan(0);
      const stored = [...keys];
      for (const key of keys) {
        const type = await redis.type(key);
        if (type === 'hash') stored.push(JSON.stringify(await redis.hgetall(key)));
        if (type === 'zset') stored.push(JSON.stringify(await redis.zrange(key, 0, -1)));
        if (type === 'string') stored.push(String(await redis.get(key)));
        expect(await redis.pttl(key)).toBeGreaterThan(0);
      }
      const logs = one.logs() + two.logs();
      expect(sent.size).toBeGreaterThan(40);
      for (const plain of sent) {
        expect({ plain, inLogs: logs.includes(plain) }).toEqual({ plain, inLogs: false });
        expect({ plain, inRedis: stored.join('\n').includes(plain) }).toEqual({ plain, inRedis: false });
      }
    } finally {
      redis.disconnect();
    }
  });
});
