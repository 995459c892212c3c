import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { isEmail } from 'class-validator';
import { CommandHandler, WriteUnit } from '@huquq/event-store';
import { Database, NotFound, RuleViolation, Sql, Unauthenticated, ValidationFailed } from '@huquq/platform';
import { Actor, CommandContext, isRole, Role, systemContext } from '@huquq/shared-kernel';
import {
  emailTaken,
  IdentityRepository,
  isUuid,
  toUser,
  User,
  USER_COLUMNS,
  UserRow,
} from '../identity.repository';
import { requireAcceptablePassword } from '../password-policy';
import { hashPassword, verifyPassword } from '../passwords';
import { SessionStore, UserChanged } from '../sessions/session-store';
import { Account, AccountChange, ENDS_SESSIONS, UserCommand } from '../domain/user-account';
import { userStream } from './streams';

/** How long an admin's password-reset link holds. */
const RESET_SECONDS = 24 * 3600;

export interface PasswordReset {
  /** Shown once: only its hash is kept. */
  token: string;
  expiresAt: string;
}

export interface NewAccount {
  email: string;
  role: Role;
  displayName?: string | null;
  /** Set by the command line (read from stdin); over the API the user sets it through the reset link. */
  password?: string;
}

const hashOf = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();
const RESET_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Users as an organization's admin manages them (docs/decisions/0032). Every change goes through
 * the one write path: the account's row is locked and handed to the user decider, the events
 * (who did it in their metadata) go to the account's stream, and the row changes in the same
 * transaction. A change that ends sessions (disabled, re-roled, a new password) raises the
 * token version and ends every session there too, announced to every instance at commit.
 */
export class UserAdministration {
  constructor(
    private readonly commands: CommandHandler,
    private readonly db: Database,
    private readonly changed: UserChanged = () => undefined,
  ) {}

  /** Admins see everyone; a coordinator sees the active lawyers (to assign cases). */
  async list(actor: Actor, filter: { role?: Role } = {}): Promise<User[]> {
    const repository = new IdentityRepository(this.db);
    if (actor.role === 'admin') return repository.listUsers(actor.orgId, filter.role);
    const lawyers = await repository.listUsers(actor.orgId, 'lawyer');
    return lawyers.filter((user) => user.status === 'active');
  }

  async get(actor: Actor, userId: string): Promise<User> {
    const user = await new IdentityRepository(this.db).findUser(actor.orgId, userId);
    if (!user) throw new NotFound('user');
    return user;
  }

  /**
   * A new account. Without a password (the API) the answer carries a one-time reset link for the
   * user to set their own: the admin never knows it.
   */
  async create(
    context: CommandContext,
    input: NewAccount,
  ): Promise<{ user: User; passwordReset?: PasswordReset }> {
    const email = typeof input.email === 'string' ? input.email.trim().toLowerCase() : '';
    if (!isEmail(email) || email.length > 320)
      throw new ValidationFailed('The email is not an address', [
        { field: 'email', problem: 'must be an email address' },
      ]);
    if (!isRole(input.role))
      throw new ValidationFailed('Unknown role', [
        { field: 'role', problem: 'not one of intake, lawyer, coordinator, admin' },
      ]);
    if (input.password !== undefined) requireAcceptablePassword(input.password);
    // Checked across organizations (login is by email alone), before any work.
    const existing = await new IdentityRepository(this.db).findByEmail(email);
    if (existing) emailTaken(existing, context.orgId);
    // Hashed before the transaction: 0.4 s of scrypt must not hold a connection.
    const passwordHash = await hashPassword(input.password ?? randomBytes(32).toString('base64url'));
    const userId = randomUUID();
    return this.commands.execute(context, async (unit) => {
      const inserted = await unit.sql.query(
        `INSERT INTO users (id, org_id, email, role, password_hash, display_name) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (email) DO NOTHING`,
        [userId, context.orgId, email, input.role, passwordHash, input.displayName ?? null],
      );
      if (inserted.rowCount !== 1)
        throw RuleViolation.because('email_taken', 'This email already has an account', [
          { field: 'email', problem: 'already has an account' },
        ]);
      const account: Account = {
        userId,
        role: input.role,
        status: 'active',
        displayName: input.displayName ?? null,
      };
      await unit.decide(
        userStream,
        userId,
        { type: 'CreateUser', data: { actor: context.actor, account } },
        { isNew: true },
      );
      const passwordReset =
        input.password === undefined
          ? await this.resetIn(unit, context, account, { recorded: false })
          : undefined;
      return { user: await this.read(unit.sql, userId), ...(passwordReset ? { passwordReset } : {}) };
    });
  }

  async update(context: CommandContext, userId: string, change: AccountChange): Promise<User> {
    return this.onAccount(context, userId, async (unit, account) => {
      await this.decide(unit, account, {
        type: 'UpdateUser',
        data: { actor: context.actor, account, change },
      });
      await unit.sql.query(
        `UPDATE users SET display_name = CASE WHEN $2 THEN $3 ELSE display_name END,
                role = COALESCE($4, role), status = COALESCE($5, status) WHERE id = $1`,
        [
          userId,
          change.displayName !== undefined,
          change.displayName ?? null,
          change.role ?? null,
          change.status ?? null,
        ],
      );
      return this.read(unit.sql, userId);
    });
  }

  /** A one-time link token for the user to choose a new password; earlier unused ones stop working. */
  issuePasswordReset(context: CommandContext, userId: string): Promise<PasswordReset> {
    return this.onAccount(context, userId, (unit, account) =>
      this.resetIn(unit, context, account, { recorded: true }),
    );
  }

  /** The user's own new password, the current one given again. */
  async changeOwnPassword(
    actor: Actor,
    requestId: string | undefined,
    current: string,
    next: string,
  ): Promise<void> {
    requireAcceptablePassword(next, 'newPassword');
    const credentials = await new IdentityRepository(this.db).findCredentials(actor.userId);
    if (!credentials || !(await verifyPassword(current, credentials.passwordHash)))
      throw new ValidationFailed('The current password is wrong', [
        { field: 'currentPassword', problem: 'is wrong' },
      ]);
    const passwordHash = await hashPassword(next);
    const context: CommandContext = { orgId: actor.orgId, actor, correlationId: requestId ?? randomUUID() };
    await this.onAccount(context, actor.userId, async (unit, account) => {
      await this.decide(unit, account, { type: 'ChangePassword', data: { actor, account, how: 'own' } });
      await unit.sql.query('UPDATE users SET password_hash = $2 WHERE id = $1', [actor.userId, passwordHash]);
    });
  }

  /** Removes a user's second factor (lost phone and codes); they log in with the password and enrol again. */
  removeSecondFactor(context: CommandContext, userId: string): Promise<User> {
    return this.onAccount(context, userId, async (unit, account) => {
      const { rows } = await unit.sql.query<{ enrolled: boolean }>(
        'SELECT totp_enabled_at IS NOT NULL AS enrolled FROM users WHERE id = $1',
        [userId],
      );
      await this.decide(unit, account, {
        type: 'RemoveSecondFactor',
        data: { actor: context.actor, account, enrolled: rows[0].enrolled },
      });
      await unit.sql.query(
        `UPDATE users SET totp_secret = NULL, totp_pending = NULL, totp_enabled_at = NULL, totp_last_step = 0
          WHERE id = $1`,
        [userId],
      );
      await unit.sql.query('DELETE FROM recovery_codes WHERE user_id = $1', [userId]);
      return this.read(unit.sql, userId);
    });
  }

  /** The command line's new password for a user (read from stdin), as an admin would reset it. */
  async setPassword(context: CommandContext, userId: string, password: string): Promise<void> {
    requireAcceptablePassword(password);
    const passwordHash = await hashPassword(password);
    await this.onAccount(context, userId, async (unit, account) => {
      await this.decide(unit, account, {
        type: 'ChangePassword',
        data: { actor: context.actor, account, how: 'admin' },
      });
      await unit.sql.query('UPDATE users SET password_hash = $2 WHERE id = $1', [userId, passwordHash]);
    });
  }

  /** The link's token and a new password: once, before it expires. */
  async usePasswordReset(token: unknown, next: string): Promise<void> {
    requireAcceptablePassword(next, 'newPassword');
    const invalid = () => new Unauthenticated('This password-reset link is unknown, used or expired');
    if (typeof token !== 'string' || !RESET_TOKEN.test(token)) throw invalid();
    const { rows } = await this.db.query<{ org_id: string; user_id: string }>(
      'SELECT org_id, user_id FROM password_resets WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()',
      [hashOf(token)],
    );
    if (!rows[0]) throw invalid();
    const { org_id: orgId, user_id: userId } = rows[0];
    const passwordHash = await hashPassword(next);
    await this.onAccount(systemContext(orgId, 'password-reset'), userId, async (unit, account) => {
      // Spent in the same transaction: two uses racing, one wins.
      const spent = await unit.sql.query(
        'UPDATE password_resets SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()',
        [hashOf(token)],
      );
      if (spent.rowCount !== 1) throw invalid();
      await this.decide(unit, account, {
        type: 'ChangePassword',
        data: { actor: null, account, how: 'reset' },
      });
      await unit.sql.query('UPDATE users SET password_hash = $2 WHERE id = $1', [userId, passwordHash]);
    });
  }

  /** Runs `work` on the account locked in its organization; another organization's id is unknown. */
  private async onAccount<T>(
    context: CommandContext,
    userId: string,
    work: (unit: WriteUnit, account: Account) => Promise<T>,
  ): Promise<T> {
    if (!isUuid(userId)) throw new NotFound('user');
    const answer = await this.commands.execute(
      context,
      async (unit) => {
        // Row-level security confines the request path to its organization: another's user is not found.
        const { rows } = await unit.sql.query<{
          id: string;
          role: Role;
          status: 'active' | 'disabled';
          display_name: string | null;
        }>('SELECT id, role, status, display_name FROM users WHERE id = $1 AND org_id = $2 FOR UPDATE', [
          userId,
          context.orgId,
        ]);
        if (!rows[0]) throw new NotFound('user');
        const account: Account = {
          userId,
          role: rows[0].role,
          status: rows[0].status,
          displayName: rows[0].display_name,
        };
        return work(unit, account);
      },
      { attempts: 1 },
    );
    // Committed: this process drops the user's cached sessions now; the others on the notice.
    this.changed(userId);
    return answer;
  }

  private async decide(unit: WriteUnit, account: Account, command: UserCommand): Promise<void> {
    const { events } = await unit.decide(userStream, account.userId, command);
    if (events.some((event) => ENDS_SESSIONS.has(event.type))) {
      await unit.sql.query('UPDATE users SET token_version = token_version + 1 WHERE id = $1', [
        account.userId,
      ]);
      await SessionStore.endAllOf(unit.sql, account.userId);
    }
  }

  private async resetIn(
    unit: WriteUnit,
    context: CommandContext,
    account: Account,
    options: { recorded: boolean },
  ): Promise<PasswordReset> {
    if (options.recorded) {
      await this.decide(unit, account, {
        type: 'IssuePasswordReset',
        data: { actor: context.actor, account },
      });
    }
    const token = randomBytes(32).toString('base64url');
    await unit.sql.query(
      'UPDATE password_resets SET used_at = now() WHERE user_id = $1 AND used_at IS NULL',
      [account.userId],
    );
    const { rows } = await unit.sql.query<{ expires_at: Date }>(
      `INSERT INTO password_resets (token_hash, org_id, user_id, created_by, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5)) RETURNING expires_at`,
      [hashOf(token), context.orgId, account.userId, context.actor?.userId ?? null, RESET_SECONDS],
    );
    return { token, expiresAt: rows[0].expires_at.toISOString() };
  }

  private async read(sql: Sql, userId: string): Promise<User> {
    const { rows } = await sql.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1`, [
      userId,
    ]);
    return toUser(rows[0]);
  }
}
