import { RateLimited } from '@huquq/platform';

export interface LoginThrottleOptions {
  /** Failed logins for one email within the window before that email is refused. */
  maxFailuresPerEmail?: number;
  /**
   * Failed logins from one address within the window. Higher than per email: a whole legal-aid
   * office often sits behind one NAT address, and one typo-prone colleague must not lock out the rest.
   */
  maxFailuresPerIp?: number;
  windowMs?: number;
  /** Keys remembered at most; bounds memory when someone sprays random emails. */
  maxKeys?: number;
  clock?: () => number;
}

/**
 * Slows password guessing down to a few attempts a minute, per email and per address. In memory:
 * each API process counts on its own, which is enough to make guessing impractical; a shared
 * (Redis) counter is the next step if the API ever runs as many replicas.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly maxFailuresPerEmail: number;
  private readonly maxFailuresPerIp: number;
  private readonly windowMs: number;
  private readonly maxKeys: number;
  private readonly clock: () => number;

  constructor(options: LoginThrottleOptions = {}) {
    this.maxFailuresPerEmail = options.maxFailuresPerEmail ?? 10;
    this.maxFailuresPerIp = options.maxFailuresPerIp ?? 50;
    this.windowMs = options.windowMs ?? 5 * 60 * 1000;
    this.maxKeys = options.maxKeys ?? 100_000;
    this.clock = options.clock ?? (() => Date.now());
  }

  /**
   * Call before checking a password. Throws RateLimited when the email or the address has failed
   * too often lately; otherwise counts this attempt as a failure until `succeeded` says otherwise.
   * Counting up front is what stops a burst of parallel guesses, which would all pass a check
   * made before any of them had failed.
   */
  attempt(email: string, ip?: string): void {
    if (
      this.recent(emailKey(email)).length >= this.maxFailuresPerEmail ||
      (ip !== undefined && this.recent(ipKey(ip)).length >= this.maxFailuresPerIp)
    ) {
      // The message names neither the email nor the address: the error body carries no personal data.
      throw new RateLimited(
        `Too many failed logins; try again in ${Math.ceil(this.windowMs / 60000)} minutes`,
      );
    }
    this.add(emailKey(email), this.maxFailuresPerEmail);
    if (ip !== undefined) this.add(ipKey(ip), this.maxFailuresPerIp);
  }

  /**
   * The password was right: the email's failures are forgiven, but only this one attempt is taken
   * back from the address, or one valid account would let a guesser behind the same address
   * reset its counter at will.
   */
  succeeded(email: string, ip?: string): void {
    this.failures.delete(emailKey(email));
    if (ip === undefined) return;
    const times = this.failures.get(ipKey(ip));
    if (!times) return;
    times.pop();
    if (times.length === 0) this.failures.delete(ipKey(ip));
  }

  private recent(key: string): number[] {
    const times = this.failures.get(key);
    if (!times) return [];
    const since = this.clock() - this.windowMs;
    const kept = times.filter((t) => t > since);
    if (kept.length === 0) this.failures.delete(key);
    else if (kept.length !== times.length) this.failures.set(key, kept);
    return kept;
  }

  private add(key: string, limit: number): void {
    // Only the latest `limit` failures matter for the decision, so no list grows beyond that.
    const times = [...this.recent(key), this.clock()].slice(-limit);
    this.failures.delete(key); // re-inserted last, so the Map's order is oldest activity first
    this.failures.set(key, times);
    if (this.failures.size > this.maxKeys) this.evict();
  }

  private evict(): void {
    for (const key of [...this.failures.keys()]) this.recent(key);
    // Still too many live keys: forget the least recently active ones, down to 90 % so that the
    // full sweep above runs once per many additions, not on every one.
    const target = Math.floor(this.maxKeys * 0.9);
    for (const key of this.failures.keys()) {
      if (this.failures.size <= target) break;
      this.failures.delete(key);
    }
  }
}

const emailKey = (email: string) => `email:${email.trim().toLowerCase()}`;
const ipKey = (ip: string) => `ip:${ip}`;
