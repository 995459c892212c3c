import { PassThrough } from 'node:stream';
import { LoginThrottle, LoginTicket } from '@huquq/identity';
import { createLogger, createRedis, RateLimited } from '@huquq/platform';
import { connectTestRedis, TestRedis } from '../support/test-redis';

const SECOND = 1000;
const DAY = 24 * 60 * 60 * SECOND;
const SECRET = 'login-throttle-test-secret-0123456789';

/**
 * The throttle against the real Redis, each test under a prefix of its own, with a clock the test
 * moves: no test waits a real second.
 */
describe('login throttle in Redis', () => {
  let r: TestRedis;
  let now: number;
  let logs: string;

  beforeEach(async () => {
    r = await connectTestRedis();
    now = Date.parse('2024-03-29T10:00:00Z');
    logs = '';
  });
  afterEach(() => r.close());

  function throttle(redis = r.redis): LoginThrottle {
    const sink = new PassThrough();
    sink.on('data', (chunk) => (logs += chunk.toString()));
    return new LoginThrottle({
      redis,
      prefix: r.prefix,
      secret: SECRET,
      logger: createLogger('info', sink),
      clock: () => now,
    });
  }

  /** Whole seconds the attempt was told to wait, or null when it was let through (and counted). */
  async function tryOnce(t: LoginThrottle, email: string, ip: string): Promise<number | null> {
    try {
      const ticket = await t.attempt(email, ip);
      t.failed(ticket);
      return null;
    } catch (error) {
      expect(error).toBeInstanceOf(RateLimited);
      return (error as RateLimited).retryAfterSeconds!;
    }
  }

  /** `times` wrong passwords that are each let through: the clock waits out every wait. */
  async function fail(t: LoginThrottle, times: number, email: string, ip: string): Promise<void> {
    for (let i = 0; i < times;) {
      const wait = await tryOnce(t, email, ip);
      if (wait === null) i++;
      else now += wait * SECOND;
    }
  }

  async function login(t: LoginThrottle, email: string, ip: string): Promise<LoginTicket> {
    const ticket = await t.attempt(email, ip);
    await t.succeeded(ticket);
    return ticket;
  }

  const events = (name: string) =>
    logs
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line))
      .filter((entry) => entry.event === name);

  it('answers five failures of a pair at once, then waits 1 s, 2 s, 4 s … up to 15 minutes', async () => {
    const t = throttle();
    const waits: number[] = [];
    for (let failures = 0; failures < 20;) {
      const wait = await tryOnce(t, 'lawyer@example.org', '198.51.100.7');
      if (wait === null) {
        failures++;
        continue;
      }
      waits.push(wait);
      // One millisecond short of the wait is still refused; the wait itself is enough.
      now += wait * SECOND - 1;
      expect(await tryOnce(t, 'lawyer@example.org', '198.51.100.7')).toBe(1);
      now += 1;
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900, 900, 900]);
  });

  it('does not make the owner wait anywhere else for failures from one address', async () => {
    const t = throttle();
    await fail(t, 30, ' Lawyer@Example.org', '198.51.100.7');
    expect(await tryOnce(t, 'lawyer@example.org', '198.51.100.7')).toBe(900);
    await expect(t.attempt('lawyer@example.org', '203.0.113.20')).resolves.toMatchObject({ counted: true });
  });

  it('ends the streak on the right password and remembers the pair for 30 days', async () => {
    const t = throttle();
    await fail(t, 8, 'lawyer@example.org', '198.51.100.7');
    expect(await tryOnce(t, 'lawyer@example.org', '198.51.100.7')).toBe(8);
    now += 8 * SECOND;
    await login(t, 'lawyer@example.org', '198.51.100.7');
    for (let i = 0; i < 5; i++) expect(await tryOnce(t, 'lawyer@example.org', '198.51.100.7')).toBeNull();
    expect(await tryOnce(t, 'lawyer@example.org', '198.51.100.7')).toBe(1);
    const known = (await r.keys()).filter((key) => key.startsWith(`${r.prefix}:login:known:`));
    expect(known).toHaveLength(1);
    const ttl = await r.redis.pttl(known[0]);
    expect(ttl).toBeGreaterThan(30 * DAY - 60 * SECOND);
    expect(ttl).toBeLessThanOrEqual(30 * DAY);
  });

  it('lets an office address try 100 accounts in an hour, then slows new pairs but never a known one', async () => {
    const t = throttle();
    const office = '203.0.113.50';
    await login(t, 'regular@example.org', office);
    for (let i = 0; i < 100; i++) expect(await tryOnce(t, `typo${i}@example.org`, office)).toBeNull();
    expect(await tryOnce(t, 'fresh@example.org', office)).toBeNull(); // the 101st account: counted …
    expect(await tryOnce(t, 'another@example.org', office)).toBe(1); // … and from now on, waits
    await expect(t.attempt('regular@example.org', office)).resolves.toMatchObject({ counted: true });
    await expect(t.attempt('another@example.org', '203.0.113.51')).resolves.toMatchObject({ counted: true });
    now += SECOND;
    expect(await tryOnce(t, 'another@example.org', office)).toBeNull();
    expect(await tryOnce(t, 'third@example.org', office)).toBe(2);
    expect(events('login_throttled')).toEqual([
      expect.objectContaining({ scope: 'address', retryAfterSeconds: 1 }),
      expect.objectContaining({ scope: 'address', retryAfterSeconds: 2 }),
    ]);
  });

  it('forgets an office’s failed accounts after an hour', async () => {
    const t = throttle();
    const office = '203.0.113.50';
    for (let i = 0; i < 100; i++) expect(await tryOnce(t, `typo${i}@example.org`, office)).toBeNull();
    now += 60 * 60 * SECOND + 1;
    for (let i = 0; i < 100; i++) expect(await tryOnce(t, `later${i}@example.org`, office)).toBeNull();
    expect(events('login_throttled')).toEqual([]);
  });

  it('slows an account tried from more than 20 addresses, but not from an address it logged in from', async () => {
    const t = throttle();
    const account = 'lawyer@example.org';
    await login(t, account, '192.0.2.10'); // home
    for (let i = 1; i <= 21; i++) expect(await tryOnce(t, account, `198.51.100.${i}`)).toBeNull();
    expect(await tryOnce(t, account, '203.0.113.99')).toBe(1);
    await expect(login(t, account, '192.0.2.10')).resolves.toMatchObject({ counted: true });
    expect(events('login_throttled')).toEqual([expect.objectContaining({ scope: 'account' })]);
  });

  it('lets exactly five of 50 parallel guesses at one pair through', async () => {
    const t = throttle();
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, () =>
        t.attempt('target@example.org', '198.51.100.7').then(
          () => 'counted',
          () => 'refused',
        ),
      ),
    );
    expect(outcomes.filter((o) => o === 'counted')).toHaveLength(5);
  });

  it('takes back an attempt that got no answer (the database was away)', async () => {
    const t = throttle();
    await fail(t, 5, 'lawyer@example.org', '198.51.100.7');
    now += SECOND;
    await t.abandoned(await t.attempt('lawyer@example.org', '198.51.100.7'));
    expect(await tryOnce(t, 'lawyer@example.org', '198.51.100.7')).toBeNull();
    expect(await tryOnce(t, 'lawyer@example.org', '198.51.100.7')).toBe(2);
  });

  it('keeps no email or address in Redis, and every key expires on its own', async () => {
    const t = throttle();
    await login(t, 'private.person@example.org', '198.51.100.4');
    await fail(t, 7, 'private.person@example.org', '2001:db8:5:6::77');
    await fail(t, 1, 'private.person@example.org', '198.51.100.4');
    const keys = await r.keys();
    expect(keys.length).toBeGreaterThanOrEqual(5);
    for (const key of keys) {
      const ttl = await r.redis.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(30 * DAY);
      const type = await r.redis.type(key);
      const value =
        type === 'hash'
          ? JSON.stringify(await r.redis.hgetall(key))
          : type === 'zset'
            ? JSON.stringify(await r.redis.zrange(key, 0, -1))
            : String(await r.redis.get(key));
      for (const plain of ['private.person', 'example.org', '198.51.100.4', '2001:db8']) {
        expect(`${key} ${value}`).not.toContain(plain);
      }
    }
  });

  it('logs failures and each wait it imposes with keyed hashes, never the email or the address', async () => {
    const t = throttle();
    await fail(t, 5, 'private.person@example.org', '198.51.100.4');
    for (let i = 0; i < 10; i++) await tryOnce(t, 'private.person@example.org', '198.51.100.4');
    const failed = events('login_failed');
    const throttled = events('login_throttled');
    expect(failed).toHaveLength(5);
    expect(failed[4]).toEqual(
      expect.objectContaining({
        accountHash: expect.stringMatching(/^[0-9a-f]{32}$/),
        addressHash: expect.stringMatching(/^[0-9a-f]{32}$/),
        retryAfterSeconds: 1,
      }),
    );
    expect(failed[0].retryAfterSeconds).toBe(0);
    // Ten refusals of one wait are one line: hammering cannot flood the log.
    expect(throttled).toEqual([
      expect.objectContaining({
        scope: 'pair',
        accountHash: failed[0].accountHash,
        addressHash: failed[0].addressHash,
        retryAfterSeconds: 1,
      }),
    ]);
    for (const plain of ['private.person', 'example.org', '198.51.100.4']) expect(logs).not.toContain(plain);
    // Keyed: another server secret gives other hashes for the same email.
    const other = new LoginThrottle({
      redis: r.redis,
      prefix: r.prefix,
      secret: 'another-secret-0123456789abcdef0123',
      logger: createLogger('silent'),
    });
    const ticket = await other.attempt('private.person@example.org', '198.51.100.4');
    expect(ticket.accountHash).not.toBe(failed[0].accountHash);
  });

  it('lets logins through uncounted when Redis does not answer, and warns once', async () => {
    const away = createRedis('redis://127.0.0.1:1', 'health');
    away.on('error', () => undefined);
    away.disconnect();
    const t = throttle(away);
    for (let i = 0; i < 10; i++) {
      await expect(t.attempt('lawyer@example.org', '198.51.100.7')).resolves.toMatchObject({
        counted: false,
      });
    }
    expect(events('login_throttle_unavailable')).toHaveLength(1);
  });

  it('waits only briefly for a Redis that keeps failing to connect', async () => {
    const away = createRedis('redis://127.0.0.1:1', 'health');
    away.on('error', () => undefined);
    away.connect().catch(() => undefined);
    try {
      const t = new LoginThrottle({
        redis: away,
        prefix: r.prefix,
        secret: SECRET,
        logger: createLogger('silent'),
        readyWaitMs: 50,
      });
      const started = process.hrtime.bigint();
      await expect(t.attempt('lawyer@example.org', '198.51.100.7')).resolves.toMatchObject({
        counted: false,
      });
      expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(1000);
    } finally {
      away.disconnect();
    }
  });
});
