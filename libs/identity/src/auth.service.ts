import { Unauthenticated } from '@huquq/platform';
import { Actor, Role } from '@huquq/shared-kernel';
import { claimsFromAuthorization } from './http/bearer';
import { IdentityRepository, UserCredentials } from './identity.repository';
import { LoginThrottle } from './login-throttle';
import { hashPassword, needsRehash, verifyDummyPassword, verifyPassword } from './passwords';
import { SecondFactorRequired } from './second-factor/second-factor.errors';
import type { SecondFactor } from './second-factor/second-factor';
import { IssuedRefresh, SessionStore, SessionUser } from './sessions/session-store';
import { IssuedToken, TokenService } from './tokens';

export interface LoginResult extends IssuedToken, IssuedRefresh {
  user: { id: string; orgId: string; role: Role };
  /**
   * `enrolment_required`: the organization requires a second factor of this role and the user
   * has none yet; until they enrol, the token opens the enrolment routes only.
   */
  secondFactor?: 'enrolment_required';
}

export interface LoginContext {
  /** The caller's address as express sees it (TRUST_PROXY behind a proxy), for login throttling. */
  ip?: string;
}

/** One answer for an unknown email and a wrong password, so login does not reveal who has an account. */
const WRONG_CREDENTIALS = 'Wrong email or password';
/** And one answer for a wrong second factor, whichever kind of code it was. */
const WRONG_CODE = 'Wrong one-time code';

export class AuthService {
  constructor(
    private readonly users: IdentityRepository,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottle,
    private readonly sessions: SessionStore,
    private readonly secondFactor: SecondFactor,
  ) {}

  async login(
    email: string,
    password: string,
    otp?: string,
    context: LoginContext = {},
  ): Promise<LoginResult> {
    // A refused attempt ends here: no lookup, no password check, nothing counted.
    const ticket = await this.throttle.attempt(email, context.ip);
    let user: UserCredentials | null;
    let valid: boolean;
    try {
      user = await this.users.findByEmail(email);
      // Unknown emails still pay for one scrypt so the response time tells nothing either.
      valid = user ? await verifyPassword(password, user.passwordHash) : await verifyDummyPassword(password);
    } catch (error) {
      // The database was away or a stored hash unreadable: not the caller's failure.
      await this.throttle.abandoned(ticket);
      throw error;
    }
    // A disabled account answers like a wrong password: nobody learns it exists.
    if (!user || !valid || user.status !== 'active') {
      this.throttle.failed(ticket);
      throw new Unauthenticated(WRONG_CREDENTIALS);
    }
    if (user.secondFactor) {
      if (otp === undefined || otp === '') {
        // Not a failure: the client asks for the code and comes back with it.
        await this.throttle.abandoned(ticket);
        throw new SecondFactorRequired();
      }
      // A wrong code counts like a wrong password: guessing codes is throttled the same way.
      if (!(await this.secondFactor.accept(user.id, otp))) {
        this.throttle.failed(ticket);
        throw new Unauthenticated(WRONG_CODE);
      }
    }
    await this.throttle.succeeded(ticket);
    if (needsRehash(user.passwordHash)) {
      // The cost rose since this hash was made: the password is at hand now, and only now.
      await this.users.replacePasswordHash(user.id, user.passwordHash, await hashPassword(password));
    }
    const session = await this.sessions.start(user);
    return this.answer(
      {
        sessionId: session.sessionId,
        userId: user.id,
        orgId: user.orgId,
        role: user.role,
        tokenVersion: user.tokenVersion,
      },
      session,
      user.secondFactorRequired && !user.secondFactor,
    );
  }

  /** The next access token and refresh token of a session, for the user as they are now. */
  async refresh(refreshToken: unknown): Promise<LoginResult> {
    const next = await this.sessions.rotate(refreshToken);
    const user = await this.users.findCredentials(next.userId);
    return this.answer(next, next, !!user && user.secondFactorRequired && !user.secondFactor);
  }

  /** The session of a bearer token that still verifies (for logout without a refresh token). */
  async sessionOf(authorization: string | undefined): Promise<string | undefined> {
    const claims = await claimsFromAuthorization(authorization, this.tokens).catch(() => null);
    return claims?.sessionId;
  }

  logout(by: { refreshToken?: unknown; sessionId?: string }): Promise<void> {
    return this.sessions.end(by);
  }

  private async answer(user: SessionUser, refresh: IssuedRefresh, enrolOnly: boolean): Promise<LoginResult> {
    const actor: Actor = { userId: user.userId, orgId: user.orgId, role: user.role };
    const access = await this.tokens.issue({
      actor,
      sessionId: user.sessionId,
      tokenVersion: user.tokenVersion,
      enrolOnly,
    });
    return {
      ...access,
      refreshToken: refresh.refreshToken,
      refreshExpiresIn: refresh.refreshExpiresIn,
      user: { id: actor.userId, orgId: actor.orgId, role: actor.role },
      ...(enrolOnly ? { secondFactor: 'enrolment_required' as const } : {}),
    };
  }
}
