import { createHmac } from 'node:crypto';
import { Unauthenticated } from '@huquq/platform';
import { Actor } from '@huquq/shared-kernel';
import { TokenService } from './tokens';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const T0 = Date.parse('2024-03-29T10:00:00Z');
const actor: Actor = {
  userId: '6f1c7c8e-3d3a-4b6e-9a57-1d0c2a9b0f11',
  orgId: '0b8f8f5e-9e0a-4c55-8f8c-3b9d6b4f2a22',
  role: 'lawyer',
};

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Builds a token by hand, signed with our secret, to check each rule of `verify` on its own. */
function forge(header: object, claims: object, algorithm = 'sha256', secret = SECRET): string {
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${createHmac(algorithm, secret).update(input).digest('base64url')}`;
}

function validClaims(overrides: object = {}): Record<string, unknown> {
  const iat = Math.floor(T0 / 1000);
  return {
    sub: actor.userId,
    org: actor.orgId,
    role: actor.role,
    iss: 'huquq',
    aud: 'huquq-api',
    iat,
    exp: iat + 900,
    jti: 'b4a1c2d3-0000-4000-8000-000000000000',
    ...overrides,
  };
}

const HEADER = { alg: 'HS256', typ: 'JWT' };

function decode(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

describe('TokenService', () => {
  let now: number;
  let tokens: TokenService;

  beforeEach(() => {
    now = T0;
    tokens = new TokenService(SECRET, 900, () => now);
  });

  function expectRefused(token: string, message?: RegExp): void {
    let error: unknown;
    try {
      tokens.verify(token);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Unauthenticated);
    if (message) expect((error as Error).message).toMatch(message);
  }

  it('issues a token that verifies back to the same actor', () => {
    const issued = tokens.issue(actor);
    expect(issued.expiresIn).toBe(900);
    expect(tokens.verify(issued.accessToken)).toEqual(actor);
  });

  it('carries sub, org, role, iss, aud, iat, exp and a unique jti, with an HS256 JWT header', () => {
    const [header, payload] = tokens.issue(actor).accessToken.split('.');
    expect(decode(header)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = decode(payload);
    expect(claims).toMatchObject({
      sub: actor.userId,
      org: actor.orgId,
      role: 'lawyer',
      iss: 'huquq',
      aud: 'huquq-api',
      iat: T0 / 1000,
      exp: T0 / 1000 + 900,
    });
    expect(claims.jti).toEqual(expect.any(String));
    expect(decode(tokens.issue(actor).accessToken.split('.')[1]).jti).not.toEqual(claims.jti);
  });

  it('accepts a token built by hand the same way (the forging helper is faithful)', () => {
    expect(tokens.verify(forge(HEADER, validClaims()))).toEqual(actor);
  });

  it('refuses a tampered payload', () => {
    const [header, , signature] = tokens.issue(actor).accessToken.split('.');
    const promoted = b64({ ...validClaims(), role: 'admin' });
    expectRefused(`${header}.${promoted}.${signature}`, /signature/);
  });

  it('refuses a tampered signature', () => {
    const token = tokens.issue(actor).accessToken;
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    expectRefused(token.slice(0, -1) + last, /signature/);
    expectRefused(token.slice(0, -2), /signature/);
  });

  it('refuses a token signed with another secret', () => {
    const other = new TokenService('another-secret-that-is-long-enough-9876543210', 900, () => now);
    expectRefused(other.issue(actor).accessToken, /signature/);
  });

  it('refuses alg "none", with or without a signature', () => {
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(validClaims())}.`;
    expectRefused(unsigned);
    expectRefused(forge({ alg: 'none', typ: 'JWT' }, validClaims()), /algorithm/);
  });

  it('refuses an HS512 header even when the HS512 signature with our secret is right', () => {
    expectRefused(forge({ alg: 'HS512', typ: 'JWT' }, validClaims(), 'sha512'), /algorithm/);
  });

  it('refuses an HS256 signature under a header that names another algorithm', () => {
    expectRefused(forge({ alg: 'RS256', typ: 'JWT' }, validClaims()), /algorithm/);
  });

  it('refuses a typ other than JWT', () => {
    expectRefused(forge({ alg: 'HS256', typ: 'at+jwt' }, validClaims()), /type/);
    expectRefused(forge({ alg: 'HS256' }, validClaims()), /type/);
  });

  it('refuses an expired token, from the second it expires', () => {
    const token = tokens.issue(actor).accessToken;
    now = T0 + 899_999;
    expect(tokens.verify(token)).toEqual(actor);
    now = T0 + 900_000;
    expectRefused(token, /expired/);
  });

  it('refuses a token for another audience or from another issuer', () => {
    expectRefused(forge(HEADER, validClaims({ aud: 'other-api' })), /audience/);
    expectRefused(forge(HEADER, validClaims({ aud: undefined })), /audience/);
    expectRefused(forge(HEADER, validClaims({ iss: 'someone-else' })), /issuer/);
    expect(tokens.verify(forge(HEADER, validClaims({ aud: ['other-api', 'huquq-api'] })))).toEqual(actor);
  });

  it('refuses a token issued more than 30 s in the future, but tolerates a little clock skew', () => {
    const iat = T0 / 1000;
    expectRefused(forge(HEADER, validClaims({ iat: iat + 31, exp: iat + 931 })), /future/);
    expect(tokens.verify(forge(HEADER, validClaims({ iat: iat + 30, exp: iat + 930 })))).toEqual(actor);
  });

  it('refuses a token whose nbf is more than 30 s in the future', () => {
    const iat = T0 / 1000;
    expectRefused(forge(HEADER, validClaims({ nbf: iat + 31 })), /not yet valid/);
    expect(tokens.verify(forge(HEADER, validClaims({ nbf: iat + 30 })))).toEqual(actor);
  });

  it('refuses a role that is not one of the four', () => {
    expectRefused(forge(HEADER, validClaims({ role: 'superuser' })), /role/);
    expectRefused(forge(HEADER, validClaims({ role: undefined })), /role/);
  });

  it('refuses tokens without the claims it needs', () => {
    expectRefused(forge(HEADER, validClaims({ exp: undefined })), /Malformed/);
    expectRefused(forge(HEADER, validClaims({ exp: '9999999999' })), /Malformed/);
    expectRefused(forge(HEADER, validClaims({ sub: '' })), /Malformed/);
    expectRefused(forge(HEADER, validClaims({ org: 42 })), /Malformed/);
  });

  it.each([
    ['empty', ''],
    ['one part', 'abc'],
    ['two parts', 'abc.def'],
    ['four parts', 'a.b.c.d'],
    ['not base64url', 'a+b.c/d.e=f'],
    ['header not JSON', `${Buffer.from('not json').toString('base64url')}.${b64(validClaims())}.sig`],
    ['header an array', `${b64(['HS256'])}.${b64(validClaims())}.sig`],
    ['too long', `${b64(HEADER)}.${'A'.repeat(5000)}.sig`],
  ])('refuses a malformed token (%s)', (_case, token) => {
    expectRefused(token, /Malformed/);
  });

  it('refuses a correctly signed payload that is not a JSON object', () => {
    const input = `${b64(HEADER)}.${Buffer.from('[1,2]').toString('base64url')}`;
    expectRefused(`${input}.${createHmac('sha256', SECRET).update(input).digest('base64url')}`, /Malformed/);
  });

  it('will not start with a short secret or a nonsensical lifetime', () => {
    expect(() => new TokenService('short', 900)).toThrow(/at least 32 bytes/);
    expect(() => new TokenService(SECRET, 0)).toThrow(/positive integer/);
  });
});
