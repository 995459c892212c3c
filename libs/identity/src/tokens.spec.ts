import { createHmac } from 'node:crypto';
import { Unauthenticated } from '@huquq/platform';
import { Actor } from '@huquq/shared-kernel';
import { AccessClaims, TokenService } from './tokens';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const T0 = Date.parse('2024-03-29T10:00:00Z');
const actor: Actor = {
  userId: '6f1c7c8e-3d3a-4b6e-9a57-1d0c2a9b0f11',
  orgId: '0b8f8f5e-9e0a-4c55-8f8c-3b9d6b4f2a22',
  role: 'lawyer',
};
const claims: AccessClaims = { actor, sessionId: '5d1e0f3a-7c2b-4d9e-8a6f-0b1c2d3e4f50', tokenVersion: 3 };

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Builds a token by hand, signed with our secret, to check each rule of `verify` on its own. */
function forge(header: object, payload: object, algorithm = 'sha256', secret = SECRET): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac(algorithm, secret).update(input).digest('base64url')}`;
}

function validClaims(overrides: object = {}): Record<string, unknown> {
  const iat = Math.floor(T0 / 1000);
  return {
    sub: actor.userId,
    org: actor.orgId,
    role: actor.role,
    sid: claims.sessionId,
    ver: claims.tokenVersion,
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

describe('TokenService (jose)', () => {
  let now: number;
  let tokens: TokenService;

  beforeEach(() => {
    now = T0;
    tokens = new TokenService(SECRET, 900, () => now);
  });

  async function expectRefused(token: string, message?: RegExp): Promise<void> {
    const error = await tokens.verify(token).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Unauthenticated);
    if (message) expect((error as Error).message).toMatch(message);
  }

  it('issues a token that verifies back to the same actor, session and version', async () => {
    const issued = await tokens.issue(claims);
    expect(issued.expiresIn).toBe(900);
    await expect(tokens.verify(issued.accessToken)).resolves.toEqual(claims);
  });

  it('carries sub, org, role, sid, ver, iss, aud, iat, exp and a unique jti, with an HS256 JWT header', async () => {
    const [header, payload] = (await tokens.issue(claims)).accessToken.split('.');
    expect(decode(header)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const decoded = decode(payload);
    expect(decoded).toMatchObject(validClaims({ jti: expect.any(String) }));
    const [, other] = (await tokens.issue(claims)).accessToken.split('.');
    expect(decode(other).jti).not.toEqual(decoded.jti);
  });

  it('accepts a token built by hand the same way (the forging helper is faithful)', async () => {
    await expect(tokens.verify(forge(HEADER, validClaims()))).resolves.toEqual(claims);
  });

  it('refuses a tampered payload or signature, and another secret', async () => {
    const [header, , signature] = (await tokens.issue(claims)).accessToken.split('.');
    await expectRefused(`${header}.${b64({ ...validClaims(), role: 'admin' })}.${signature}`);
    const token = (await tokens.issue(claims)).accessToken;
    await expectRefused(token.slice(0, -1) + (token.at(-1) === 'A' ? 'B' : 'A'));
    const other = new TokenService('another-secret-that-is-long-enough-9876543210', 900, () => now);
    await expectRefused((await other.issue(claims)).accessToken);
  });

  it('refuses a signature spelled another way (other unused bits in its last character)', async () => {
    const token = (await tokens.issue(claims)).accessToken;
    const last = token.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // 32 bytes are 43 characters: the last carries 4 bits and 2 unused ones.
    const sameBytes = [...alphabet].filter(
      (c) => c !== last && alphabet.indexOf(c) >> 2 === alphabet.indexOf(last) >> 2,
    );
    expect(sameBytes).toHaveLength(3);
    for (const c of sameBytes) await expectRefused(token.slice(0, -1) + c, /signature/);
  });

  it('refuses alg "none", HS512 and an HS256 signature under another algorithm, and another typ', async () => {
    await expectRefused(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(validClaims())}.`);
    await expectRefused(forge({ alg: 'none', typ: 'JWT' }, validClaims()));
    await expectRefused(forge({ alg: 'HS512', typ: 'JWT' }, validClaims(), 'sha512'));
    await expectRefused(forge({ alg: 'RS256', typ: 'JWT' }, validClaims()));
    await expectRefused(forge({ alg: 'HS256', typ: 'at+jwt' }, validClaims()));
  });

  it('refuses an expired token, from the second it expires', async () => {
    const token = (await tokens.issue(claims)).accessToken;
    now = T0 + 899_999;
    await expect(tokens.verify(token)).resolves.toEqual(claims);
    now = T0 + 900_000;
    await expectRefused(token, /expired/);
  });

  it('refuses another audience or issuer, and a token issued more than 30 s in the future', async () => {
    await expectRefused(forge(HEADER, validClaims({ aud: 'other-api' })));
    await expectRefused(forge(HEADER, validClaims({ aud: undefined })));
    await expectRefused(forge(HEADER, validClaims({ iss: 'someone-else' })));
    const iat = T0 / 1000;
    await expectRefused(forge(HEADER, validClaims({ iat: iat + 31, exp: iat + 931 })));
    await expect(
      tokens.verify(forge(HEADER, validClaims({ iat: iat + 30, exp: iat + 930 }))),
    ).resolves.toEqual(claims);
  });

  it('refuses an unknown role and tokens without the claims it needs', async () => {
    await expectRefused(forge(HEADER, validClaims({ role: 'superuser' })), /role/);
    await expectRefused(forge(HEADER, validClaims({ exp: undefined })));
    await expectRefused(forge(HEADER, validClaims({ sub: '' })));
    await expectRefused(forge(HEADER, validClaims({ org: 42 })), /Malformed/);
    await expectRefused(forge(HEADER, validClaims({ sid: undefined })), /Malformed/);
    await expectRefused(forge(HEADER, validClaims({ ver: '3' })), /Malformed/);
  });

  it.each([
    ['empty', ''],
    ['one part', 'abc'],
    ['four parts', 'a.b.c.d'],
    ['header not JSON', `${Buffer.from('not json').toString('base64url')}.${b64(validClaims())}.sig`],
    ['too long', `${b64(HEADER)}.${'A'.repeat(5000)}.sig`],
  ])('refuses a malformed token (%s)', async (_case, token) => {
    await expectRefused(token);
  });

  it('will not start with a short secret or a nonsensical lifetime', () => {
    expect(() => new TokenService('short', 900)).toThrow(/at least 32 bytes/);
    expect(() => new TokenService(SECRET, 0)).toThrow(/positive integer/);
  });
});
