import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { Unauthenticated } from '@huquq/platform';
import { Actor, isRole } from '@huquq/shared-kernel';

const TOKEN_ISSUER = 'huquq';
const TOKEN_AUDIENCE = 'huquq-api';
/** Servers and the database disagree on the time by a little; a token is not refused for that. */
const CLOCK_SKEW_SECONDS = 30;
// Far more than any token we issue; stops a huge header from costing JSON parsing and HMAC work.
const MAX_TOKEN_LENGTH = 4096;
const MIN_SECRET_BYTES = 32;

export interface IssuedToken {
  accessToken: string;
  /** Seconds until the token expires, as OAuth's `expires_in`. */
  expiresIn: number;
}

export interface TokenClaims {
  sub: string;
  org: string;
  role: string;
  iss: string;
  aud: string | string[];
  iat: number;
  exp: number;
  nbf?: number;
  jti: string;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function encodeJson(value: object): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function decodeJson(part: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new Unauthenticated('Malformed token');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Unauthenticated('Malformed token');
  return value as Record<string, unknown>;
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/**
 * JSON Web Tokens signed with HMAC-SHA256, written out here rather than taken from a library:
 * the whole of what we accept fits on one screen, and only HS256 is ever accepted, whatever
 * the token's own header says.
 */
export class TokenService {
  private readonly secret: Buffer;

  constructor(
    secret: string,
    readonly ttlSeconds: number,
    private readonly clock: () => number = () => Date.now(),
  ) {
    this.secret = Buffer.from(secret, 'utf8');
    if (this.secret.length < MIN_SECRET_BYTES) {
      throw new Error(`The token secret must be at least ${MIN_SECRET_BYTES} bytes`);
    }
    if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0)
      throw new Error('The token lifetime must be a positive integer');
  }

  issue(actor: Actor): IssuedToken {
    const iat = Math.floor(this.clock() / 1000);
    const claims: TokenClaims = {
      sub: actor.userId,
      org: actor.orgId,
      role: actor.role,
      iss: TOKEN_ISSUER,
      aud: TOKEN_AUDIENCE,
      iat,
      exp: iat + this.ttlSeconds,
      jti: randomUUID(),
    };
    const signingInput = `${encodeJson({ alg: 'HS256', typ: 'JWT' })}.${encodeJson(claims)}`;
    return { accessToken: `${signingInput}.${this.sign(signingInput)}`, expiresIn: this.ttlSeconds };
  }

  /** The actor the token speaks for; any doubt about the token is Unauthenticated. */
  verify(token: string): Actor {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH)
      throw new Unauthenticated('Malformed token');
    const parts = token.split('.');
    if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part)))
      throw new Unauthenticated('Malformed token');
    const [headerPart, payloadPart, signaturePart] = parts;

    const header = decodeJson(headerPart);
    // Checked before the signature: a token that names another algorithm (`none`, RS256 with
    // our secret as a "public key", HS512) is refused for what it claims, not only by luck.
    if (header.alg !== 'HS256') throw new Unauthenticated('Unsupported token algorithm');
    if (header.typ !== 'JWT') throw new Unauthenticated('Unsupported token type');
    if (header.crit !== undefined) throw new Unauthenticated('Unsupported token header');

    // Compared as text, not as decoded bytes, so that a signature with other padding bits
    // (which decodes to the same bytes) is still a different, refused token.
    const expected = Buffer.from(this.sign(`${headerPart}.${payloadPart}`), 'ascii');
    const given = Buffer.from(signaturePart, 'ascii');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new Unauthenticated('Invalid token signature');
    }

    const claims = decodeJson(payloadPart);
    this.checkTimes(claims);
    if (claims.iss !== TOKEN_ISSUER) throw new Unauthenticated('Token from another issuer');
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.includes(TOKEN_AUDIENCE)) throw new Unauthenticated('Token for another audience');
    if (!isText(claims.sub) || !isText(claims.org) || !isText(claims.jti))
      throw new Unauthenticated('Malformed token');
    if (!isRole(claims.role)) throw new Unauthenticated('Token names an unknown role');
    return { userId: claims.sub, orgId: claims.org, role: claims.role };
  }

  private checkTimes(claims: Record<string, unknown>): void {
    const now = Math.floor(this.clock() / 1000);
    const { exp, iat, nbf } = claims;
    if (!isNumber(exp) || !isNumber(iat)) throw new Unauthenticated('Malformed token');
    // No skew for expiry: we issued it with our own clock, and a late refusal costs a re-login.
    if (now >= exp) throw new Unauthenticated('Token expired');
    if (iat > now + CLOCK_SKEW_SECONDS) throw new Unauthenticated('Token issued in the future');
    if (nbf !== undefined && (!isNumber(nbf) || nbf > now + CLOCK_SKEW_SECONDS)) {
      throw new Unauthenticated('Token not yet valid');
    }
  }

  private sign(signingInput: string): string {
    return createHmac('sha256', this.secret).update(signingInput).digest('base64url');
  }
}
