import { RateLimited } from '@huquq/platform';
import { LoginThrottle } from './login-throttle';

const MINUTE = 60_000;

describe('LoginThrottle', () => {
  let now: number;
  const clock = () => now;

  beforeEach(() => {
    now = Date.parse('2024-03-29T10:00:00Z');
  });

  function fail(throttle: LoginThrottle, times: number, email: string, ip?: string): void {
    for (let i = 0; i < times; i++) throttle.attempt(email, ip);
  }

  it('refuses an email after 10 failures within 5 minutes', () => {
    const throttle = new LoginThrottle({ clock });
    fail(throttle, 10, 'lawyer@example.org', '10.0.0.1');
    expect(() => throttle.attempt('lawyer@example.org', '10.0.0.2')).toThrow(RateLimited);
    expect(() => throttle.attempt('  LAWYER@example.org ', '10.0.0.3')).toThrow(RateLimited);
    expect(() => throttle.attempt('someone@example.org', '10.0.0.1')).not.toThrow();
  });

  it('lets the email try again once its failures are older than the window', () => {
    const throttle = new LoginThrottle({ clock });
    fail(throttle, 10, 'lawyer@example.org');
    now += 5 * MINUTE - 1;
    expect(() => throttle.attempt('lawyer@example.org')).toThrow(RateLimited);
    now += 1;
    expect(() => throttle.attempt('lawyer@example.org')).not.toThrow();
  });

  it('slides the window: old failures drop out one by one', () => {
    const throttle = new LoginThrottle({ clock, maxFailuresPerEmail: 3 });
    throttle.attempt('a@example.org');
    now += 2 * MINUTE;
    fail(throttle, 2, 'a@example.org');
    expect(() => throttle.attempt('a@example.org')).toThrow(RateLimited);
    now += 3 * MINUTE;
    expect(() => throttle.attempt('a@example.org')).not.toThrow();
    expect(() => throttle.attempt('a@example.org')).toThrow(RateLimited);
  });

  it('refuses an address that sprays many emails', () => {
    const throttle = new LoginThrottle({ clock, maxFailuresPerIp: 5 });
    for (let i = 0; i < 5; i++) throttle.attempt(`user${i}@example.org`, '203.0.113.7');
    expect(() => throttle.attempt('fresh@example.org', '203.0.113.7')).toThrow(RateLimited);
    expect(() => throttle.attempt('fresh@example.org', '203.0.113.8')).not.toThrow();
  });

  it('forgives an email its failures on success, but takes back only that attempt from the address', () => {
    const throttle = new LoginThrottle({ clock, maxFailuresPerEmail: 3, maxFailuresPerIp: 4 });
    fail(throttle, 2, 'a@example.org', '10.0.0.1');
    throttle.attempt('a@example.org', '10.0.0.1');
    throttle.succeeded('a@example.org', '10.0.0.1');
    fail(throttle, 2, 'a@example.org', '10.0.0.1');
    expect(() => throttle.attempt('b@example.org', '10.0.0.1')).toThrow(RateLimited);
  });

  it('counts attempts still in flight, so a burst of parallel guesses is cut off too', () => {
    const throttle = new LoginThrottle({ clock, maxFailuresPerEmail: 10 });
    const outcomes = Array.from({ length: 50 }, () => {
      try {
        throttle.attempt('target@example.org');
        return 'allowed';
      } catch {
        return 'refused';
      }
    });
    expect(outcomes.filter((o) => o === 'allowed')).toHaveLength(10);
  });

  it('does not name the email or the address in its message', () => {
    const throttle = new LoginThrottle({ clock, maxFailuresPerEmail: 1 });
    throttle.attempt('private.person@example.org', '198.51.100.4');
    expect(() => throttle.attempt('private.person@example.org', '198.51.100.4')).toThrow(
      expect.objectContaining({ message: expect.not.stringMatching(/private|example|198\.51/) }),
    );
  });

  it('keeps its memory bounded by forgetting the least recently active keys', () => {
    const throttle = new LoginThrottle({ clock, maxKeys: 100, maxFailuresPerEmail: 1 });
    throttle.attempt('first@example.org');
    for (let i = 0; i < 200; i++) throttle.attempt(`spray${i}@example.org`);
    expect(() => throttle.attempt('spray199@example.org')).toThrow(RateLimited);
    expect(() => throttle.attempt('first@example.org')).not.toThrow();
  });
});
