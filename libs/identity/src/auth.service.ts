import { Unauthenticated } from '@huquq/platform';
import { IdentityRepository, UserCredentials } from './identity.repository';
import { LoginThrottle } from './login-throttle';
import { verifyDummyPassword, verifyPassword } from './passwords';
import { Actor, Role } from '@huquq/shared-kernel';
import { IssuedToken, TokenService } from './tokens';

export interface LoginResult extends IssuedToken {
  user: { id: string; orgId: string; role: Role };
}

export interface LoginContext {
  /** The caller's address as express sees it (TRUST_PROXY behind a proxy), for login throttling. */
  ip?: string;
}

/** One answer for an unknown email and a wrong password, so login does not reveal who has an account. */
const WRONG_CREDENTIALS = 'Wrong email or password';

export class AuthService {
  constructor(
    private readonly users: IdentityRepository,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottle,
  ) {}

  async login(email: string, password: string, context: LoginContext = {}): Promise<LoginResult> {
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
    if (!user || !valid) {
      this.throttle.failed(ticket);
      throw new Unauthenticated(WRONG_CREDENTIALS);
    }
    await this.throttle.succeeded(ticket);

    const actor: Actor = { userId: user.id, orgId: user.orgId, role: user.role };
    return { ...this.tokens.issue(actor), user: { id: user.id, orgId: user.orgId, role: user.role } };
  }
}
