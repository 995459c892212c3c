import { Unauthenticated } from '@huquq/platform';
import { IdentityRepository } from './identity.repository';
import { LoginThrottle } from './login-throttle';
import { verifyDummyPassword, verifyPassword } from './passwords';
import { Actor, Role } from '@huquq/shared-kernel';
import { IssuedToken, TokenService } from './tokens';

export interface LoginResult extends IssuedToken {
  user: { id: string; orgId: string; role: Role };
}

export interface LoginContext {
  /** The caller's address, for the per-address failure count. */
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
    this.throttle.attempt(email, context.ip);
    const user = await this.users.findByEmail(email);
    // Unknown emails still pay for one scrypt so the response time tells nothing either.
    const valid = user
      ? await verifyPassword(password, user.passwordHash)
      : await verifyDummyPassword(password);
    if (!user || !valid) throw new Unauthenticated(WRONG_CREDENTIALS);
    this.throttle.succeeded(email, context.ip);

    const actor: Actor = { userId: user.id, orgId: user.orgId, role: user.role };
    return { ...this.tokens.issue(actor), user: { id: user.id, orgId: user.orgId, role: user.role } };
  }
}
