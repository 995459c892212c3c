import { randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { Unauthenticated } from '@huquq/platform';
import { Actor, isRole } from '@huquq/shared-kernel';

const TOKEN_ISSUER = 'huquq';
const TOKEN_AUDIENCE = 'huquq-api';
const ALGORITHM = 'HS256';
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

/** Who an access token speaks for, and the session and token version it was issued under. */
export interface AccessClaims {
  actor: Actor;
  /** The session (login) the token belongs to: logging out ends it. */
  sessionId: string;
  /** The user's token version when it was issued: disabling, re-roling or a new password raises it. */
  tokenVersion: number;
  /** The organization requires a second factor the user has not enrolled: enrolment routes only. */
  enrolOnly?: boolean;
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/**
 * Short-lived access tokens: JWTs signed HS256 with `jose` (docs/decisions/0030). Only HS256 is
 * ever accepted, whatever a token's header says; issuer, audience and expiry are checked. That a
 * token is well signed says only that we issued it: whether its session and user still hold is
 * the SessionCheck's question, asked on every request.
 */
export class TokenService {
  private readonly secret: Uint8Array;

  constructor(
    secret: string,
    readonly ttlSeconds: number,
    private readonly clock: () => number = () => Date.now(),
  ) {
    this.secret = new Uint8Array(Buffer.from(secret, 'utf8'));
    if (this.secret.length < MIN_SECRET_BYTES) {
      throw new Error(`The token secret must be at least ${MIN_SECRET_BYTES} bytes`);
    }
    if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0)
      throw new Error('The token lifetime must be a positive integer');
  }

  async issue(claims: AccessClaims): Promise<IssuedToken> {
    const iat = Math.floor(this.clock() / 1000);
    const { actor } = claims;
    const accessToken = await new SignJWT({
      org: actor.orgId,
      role: actor.role,
      sid: claims.sessionId,
      ver: claims.tokenVersion,
      ...(claims.enrolOnly ? { enrol: true } : {}),
    })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setSubject(actor.userId)
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.ttlSeconds)
      .setJti(randomUUID())
      .sign(this.secret);
    return { accessToken, expiresIn: this.ttlSeconds };
  }

  /** What the token says, once its signature, algorithm and times hold; any doubt is Unauthenticated. */
  async verify(token: string): Promise<AccessClaims> {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH)
      throw new Unauthenticated('Malformed token');
    // jose decodes base64url leniently: a signature whose last character differs only in its
    // unused bits decodes to the same bytes. One token, one spelling: anything else is refused.
    const signature = token.split('.')[2] ?? '';
    if (Buffer.from(signature, 'base64url').toString('base64url') !== signature)
      throw new Unauthenticated('Invalid token signature');
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.secret, {
        algorithms: [ALGORITHM],
        typ: 'JWT',
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        requiredClaims: ['exp', 'iat', 'sub', 'jti'],
        clockTolerance: CLOCK_SKEW_SECONDS,
        currentDate: new Date(this.clock()),
      }));
    } catch (error) {
      throw new Unauthenticated(error instanceof errors.JWTExpired ? 'Token expired' : 'Invalid token');
    }
    // jose allows the skew on expiry too; we issued it with our own clock, so we do not.
    const now = Math.floor(this.clock() / 1000);
    if (typeof payload.exp !== 'number' || now >= payload.exp) throw new Unauthenticated('Token expired');
    // jose checks iat's type only: a token "issued" in the future is not one of ours.
    if (typeof payload.iat !== 'number' || payload.iat > now + CLOCK_SKEW_SECONDS)
      throw new Unauthenticated('Token issued in the future');
    const { sub, org, role, sid, ver } = payload;
    if (!isText(sub) || !isText(org) || !isText(sid) || !Number.isInteger(ver))
      throw new Unauthenticated('Malformed token');
    if (!isRole(role)) throw new Unauthenticated('Token names an unknown role');
    return {
      actor: { userId: sub, orgId: org, role },
      sessionId: sid,
      tokenVersion: ver as number,
      ...(payload.enrol === true ? { enrolOnly: true } : {}),
    };
  }
}
