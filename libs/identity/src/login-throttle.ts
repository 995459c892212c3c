import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { isIP } from 'node:net';
import type Redis from 'ioredis';
import type { Logger } from 'pino';
import { RateLimited } from '@huquq/platform';

/**
 * How hard login is throttled. Nothing here is a lockout: every refusal is a wait that ends on its
 * own (at most `maxDelayMs`), and the waits that one party can cause to another are limited to
 * addresses the account has never logged in from.
 */
export interface LoginLimits {
  /** Failures of one (account, address) pair answered at once; the next one waits. */
  freeFailuresPerPair: number;
  /** The first wait of a streak; each further failure doubles it … */
  firstDelayMs: number;
  /** … up to this. */
  maxDelayMs: number;
  /**
   * Distinct accounts tried from one address without a success, within `addressWindowMs`, before
   * the address is slowed down (password spraying). Only pairs that never logged in wait.
   */
  accountsPerAddress: number;
  addressWindowMs: number;
  /**
   * Distinct addresses that tried one account without a success, within `accountWindowMs`, before
   * the account is slowed down (a distributed attack). Only addresses it never logged in from wait.
   */
  addressesPerAccount: number;
  accountWindowMs: number;
  /** A streak (pair, address or account) is forgotten this long after its last counted attempt. */
  streakMemoryMs: number;
  /** An (account, address) pair that logged in is known this long after its latest success. */
  knownPairMs: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const DEFAULT_LIMITS: LoginLimits = {
  // Five tries for a password one half-remembers; then 1 s, 2 s, 4 s … 15 min (from the 15th failure).
  freeFailuresPerPair: 5,
  firstDelayMs: SECOND,
  maxDelayMs: 15 * MINUTE,
  // An office of 30 behind one NAT address has at most 30 accounts (plus the odd mistyped email)
  // failing in an hour, and a colleague who then gets in no longer counts: 100 is over three times
  // that. A sprayer gets 100 accounts × 5 guesses once, then one guess per growing wait.
  accountsPerAddress: 100,
  addressWindowMs: HOUR,
  // One attacker is one address and never trips this; 20 addresses failing one account in a day is
  // a botnet or a leaked-password list, not a lawyer travelling (their own addresses leave the
  // count once they get in, and addresses they logged in from before never wait).
  addressesPerAccount: 20,
  accountWindowMs: DAY,
  streakMemoryMs: DAY,
  knownPairMs: 30 * DAY,
};

/** What `attempt` counted, for `failed`, `succeeded` or `abandoned` to finish. */
export interface LoginTicket {
  readonly accountHash: string;
  readonly addressHash: string;
  /** The wait this attempt put on the pair's next one, should it prove wrong. */
  readonly retryAfterMs: number;
  /** False when Redis did not answer: the attempt was let through uncounted. */
  readonly counted: boolean;
  /** The pair's streak with this attempt, and the wait it replaced (to take the attempt back). */
  readonly failures: number;
  readonly previousUntil: number;
}

export interface LoginThrottleOptions {
  /** A connection that answers "no" quickly when Redis is away (the platform's HEALTH_REDIS). */
  redis: Redis;
  /** The installation's QUEUE_PREFIX: every key is `<prefix>:login:…`. */
  prefix: string;
  /** The server secret that keys the account and address hashes (JWT_SECRET). */
  secret: string;
  logger: Logger;
  limits?: Partial<LoginLimits>;
  clock?: () => number;
  /** How long an attempt waits for a (re)connecting Redis before it goes uncounted. */
  readyWaitMs?: number;
}

/**
 * Checks an attempt, and counts it as a failure until the password proves right; a refused
 * attempt is not counted, so waiting is never made longer by trying. Counting before the password
 * is checked is what stops a burst of parallel guesses: they would all pass a check made before
 * any of them had failed.
 *
 * KEYS: pair, address's accounts, address's streak, account's addresses, account's streak, known pair.
 * Returns {0, waitMs, scope, refusalsSinceStep} or {1, nextWaitMs, pairFailures, previousUntil}.
 */
const ATTEMPT = `
local now = tonumber(ARGV[1])
local account, address = ARGV[2], ARGV[3]
local freePerPair, first, max = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local memory = tonumber(ARGV[11])
local known = redis.call('EXISTS', KEYS[6]) == 1

local function waitOf(key)
  return math.max(tonumber(redis.call('HGET', key, 'until') or '0') - now, 0)
end
-- step s (1, 2, 3 …) of a streak waits first, 2·first, 4·first … up to max
local function delay(s)
  if s < 1 then return 0 end
  return math.floor(math.min(first * 2 ^ math.min(s - 1, 40), max))
end
local function step(key, s)
  local wait = delay(s)
  redis.call('HSET', key, 'until', now + wait, 'refused', 0)
  redis.call('PEXPIRE', key, memory)
  return wait
end

local scope, scopeKey, wait = 'pair', KEYS[1], waitOf(KEYS[1])
if not known then
  local w = waitOf(KEYS[3])
  if w > wait then scope, scopeKey, wait = 'address', KEYS[3], w end
  w = waitOf(KEYS[5])
  if w > wait then scope, scopeKey, wait = 'account', KEYS[5], w end
end
if wait > 0 then
  return {0, wait, scope, redis.call('HINCRBY', scopeKey, 'refused', 1)}
end

local previousUntil = tonumber(redis.call('HGET', KEYS[1], 'until') or '0')
local failures = redis.call('HINCRBY', KEYS[1], 'n', 1)
local nextWait = step(KEYS[1], failures - freePerPair + 1)

-- who else this attempt concerns: the accounts an address tries, the addresses that try an account
local function spread(setKey, member, window, limit, streakKey)
  redis.call('ZADD', setKey, now, member)
  redis.call('ZREMRANGEBYSCORE', setKey, '-inf', now - window)
  redis.call('PEXPIRE', setKey, window)
  if known then return 0 end
  if redis.call('ZCARD', setKey) <= limit and redis.call('EXISTS', streakKey) == 0 then return 0 end
  return step(streakKey, redis.call('HINCRBY', streakKey, 'n', 1))
end
nextWait = math.max(nextWait, spread(KEYS[2], account, tonumber(ARGV[8]), tonumber(ARGV[7]), KEYS[3]))
nextWait = math.max(nextWait, spread(KEYS[4], address, tonumber(ARGV[10]), tonumber(ARGV[9]), KEYS[5]))
return {1, nextWait, failures, previousUntil}
`;

/**
 * The password was right: the pair's streak ends, neither side counts the other any more, and the
 * pair is known. An address's or an account's own streak stays: one valid account must not let a
 * sprayer behind the same address, or a lawyer's login a botnet, reset it.
 * KEYS: pair, address's accounts, account's addresses, known pair.
 */
const SUCCEEDED = `
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[2])
redis.call('SET', KEYS[4], '1', 'PX', ARGV[3])
return 1
`;

/** The attempt ended without an answer (the database was away): it is not held against the pair. */
const ABANDONED = `
if tonumber(redis.call('HGET', KEYS[1], 'n') or '0') ~= tonumber(ARGV[1]) then return 0 end
if tonumber(ARGV[1]) <= 1 then redis.call('DEL', KEYS[1]) return 1 end
redis.call('HSET', KEYS[1], 'n', tonumber(ARGV[1]) - 1, 'until', ARGV[2])
return 1
`;

/**
 * Login throttling in Redis, shared by every API instance: progressive waits, never a lockout.
 *
 * - Per (account, address): `freeFailuresPerPair` failures, then each next attempt waits 1 s,
 *   2 s, 4 s … 15 min; the right password ends the streak. An attacker's failures are keyed to
 *   the attacker's address, so they do not hold up the account's owner anywhere else.
 * - Per address (spraying many accounts) and per account (many addresses against one): waits for
 *   pairs that have never logged in; a pair that has is known for 30 days and never waits for
 *   what others did.
 * - A refused attempt checks no password and counts for nothing.
 *
 * Emails and addresses never reach Redis or the logs: both are keyed HMACs (with a key derived
 * from the server secret), the same in the keys and in the `login_failed` / `login_throttled`
 * log events. Every key expires on its own. If Redis does not answer, logins go through
 * uncounted (and a warning is logged): throttling must not become the outage.
 */
export class LoginThrottle {
  /** Milliseconds since the epoch; tests move it instead of waiting. */
  clock: () => number;
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly hashKey: Buffer;
  private readonly logger: Logger;
  private readonly limits: LoginLimits;
  private readonly readyWaitMs: number;
  private lastUnavailableWarning = -Infinity;

  constructor(options: LoginThrottleOptions) {
    this.redis = options.redis;
    this.prefix = `${options.prefix}:login`;
    this.hashKey = createHmac('sha256', options.secret).update('huquq login throttle v1').digest();
    this.logger = options.logger;
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.clock = options.clock ?? (() => Date.now());
    this.readyWaitMs = options.readyWaitMs ?? 1000;
  }

  /**
   * Call before looking the user up. Throws RateLimited (with retryAfterSeconds) while this
   * account, from this address, must wait; otherwise counts the attempt as a failure until
   * `succeeded` (or `abandoned`) says otherwise.
   */
  async attempt(email: string, ip: string | undefined): Promise<LoginTicket> {
    const accountHash = this.hash('account', email.trim().toLowerCase());
    const addressHash = this.hash('address', addressBucket(ip));
    const k = this.keys(accountHash, addressHash);
    const l = this.limits;
    let reply: [number, number, string | number, number];
    try {
      if (!(await this.connected())) throw new Error(`Redis is ${this.redis.status}`);
      reply = (await this.redis.eval(
        ATTEMPT,
        6,
        k.pair,
        k.addressAccounts,
        k.addressStreak,
        k.accountAddresses,
        k.accountStreak,
        k.known,
        Math.floor(this.clock()),
        accountHash,
        addressHash,
        l.freeFailuresPerPair,
        l.firstDelayMs,
        l.maxDelayMs,
        l.accountsPerAddress,
        l.addressWindowMs,
        l.addressesPerAccount,
        l.accountWindowMs,
        l.streakMemoryMs,
      )) as typeof reply;
    } catch (error) {
      this.unavailable(error);
      return { accountHash, addressHash, retryAfterMs: 0, counted: false, failures: 0, previousUntil: 0 };
    }
    const [allowed, waitMs, third, fourth] = reply;
    if (!allowed) {
      const retryAfterSeconds = seconds(waitMs);
      // One line per wait imposed, not per refused request: hammering cannot flood the log.
      if (fourth === 1) {
        this.logger.warn(
          { event: 'login_throttled', scope: third, accountHash, addressHash, retryAfterSeconds },
          'login throttled',
        );
      }
      // Names neither the email nor the address: the error body carries no personal data.
      throw new RateLimited(
        `Too many failed logins; try again in ${retryAfterSeconds} seconds`,
        retryAfterSeconds,
      );
    }
    return {
      accountHash,
      addressHash,
      retryAfterMs: waitMs,
      counted: true,
      failures: Number(third),
      previousUntil: fourth,
    };
  }

  /** The password was wrong (or the email unknown): already counted, only logged. */
  failed(ticket: LoginTicket): void {
    this.logger.info(
      {
        event: 'login_failed',
        accountHash: ticket.accountHash,
        addressHash: ticket.addressHash,
        retryAfterSeconds: ticket.retryAfterMs > 0 ? seconds(ticket.retryAfterMs) : 0,
      },
      'login failed',
    );
  }

  /** The password was right: the pair's streak ends and the pair is known from now on. */
  async succeeded(ticket: LoginTicket): Promise<void> {
    if (!ticket.counted) return;
    const k = this.keys(ticket.accountHash, ticket.addressHash);
    await this.redis
      .eval(
        SUCCEEDED,
        4,
        k.pair,
        k.addressAccounts,
        k.accountAddresses,
        k.known,
        ticket.accountHash,
        ticket.addressHash,
        this.limits.knownPairMs,
      )
      .catch((error: unknown) => this.unavailable(error));
  }

  /** The attempt ended in neither answer (the database was away): take it back from the pair. */
  async abandoned(ticket: LoginTicket): Promise<void> {
    if (!ticket.counted) return;
    const k = this.keys(ticket.accountHash, ticket.addressHash);
    await this.redis
      .eval(ABANDONED, 1, k.pair, ticket.failures, ticket.previousUntil)
      .catch((error: unknown) => this.unavailable(error));
  }

  private hash(kind: 'account' | 'address', value: string): string {
    return createHmac('sha256', this.hashKey).update(`${kind}:${value}`).digest('hex').slice(0, 32);
  }

  private keys(account: string, address: string) {
    const p = this.prefix;
    return {
      pair: `${p}:pair:${account}:${address}`,
      addressAccounts: `${p}:address:${address}:accounts`,
      addressStreak: `${p}:address:${address}:streak`,
      accountAddresses: `${p}:account:${account}:addresses`,
      accountStreak: `${p}:account:${account}:streak`,
      known: `${p}:known:${account}:${address}`,
    };
  }

  /** Waits briefly for a connection that is still being made (at start, after a Redis restart). */
  private async connected(): Promise<boolean> {
    if (this.redis.status === 'ready') return true;
    if (this.redis.status === 'end') return false;
    try {
      await once(this.redis, 'ready', { signal: AbortSignal.timeout(this.readyWaitMs) });
      return true;
    } catch {
      return false;
    }
  }

  private unavailable(error: unknown): void {
    const now = Date.now();
    if (now - this.lastUnavailableWarning < MINUTE) return;
    this.lastUnavailableWarning = now;
    this.logger.warn(
      {
        event: 'login_throttle_unavailable',
        err: { name: (error as Error)?.name, message: (error as Error)?.message },
      },
      'login throttling is not answering; logins go through uncounted',
    );
  }
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / SECOND));

/**
 * The address a throttle counts: IPv4 as is (also when IPv4-mapped in IPv6), IPv6 by its /64 —
 * one host usually holds a whole /64 and could otherwise try from 2^64 addresses.
 */
export function addressBucket(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const address = ip.split('%')[0];
  const family = isIP(address);
  if (family === 4) return address;
  if (family !== 6) return address;
  const groups = ipv6Groups(address);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a trailing IPv4 converted). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number);
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array<string>(8 - h.length - t.length).fill('0');
  return [...h, ...fill, ...t].map((g) => parseInt(g, 16));
}
