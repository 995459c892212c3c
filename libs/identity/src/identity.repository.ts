import { randomUUID } from 'node:crypto';
import { RuleViolation, Sql, ValidationFailed } from '@huquq/platform';
import { Role } from '@huquq/shared-kernel';

export interface Organization {
  id: string;
  name: string;
}

export const USER_STATUSES = ['active', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export interface User {
  id: string;
  orgId: string;
  email: string;
  role: Role;
  displayName: string | null;
  status: UserStatus;
  /** A second factor is enrolled (TOTP). */
  secondFactor: boolean;
}

/** A user together with what login needs; nothing else should hold the password hash. */
export interface UserCredentials extends User {
  passwordHash: string;
  tokenVersion: number;
  /** The organization requires a second factor of this user's role. */
  secondFactorRequired: boolean;
}

export interface Created {
  id: string;
  /** False when the organization or user already existed and nothing was written. */
  created: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string): boolean => UUID.test(value);

/** One spelling per mailbox: people type `Ivan.Petrov@Mail.ru ` as often as `ivan.petrov@mail.ru`. */
function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export interface UserRow {
  id: string;
  org_id: string;
  email: string;
  role: Role;
  display_name: string | null;
  status: UserStatus;
  second_factor: boolean;
}

interface CredentialsRow extends UserRow {
  password_hash: string;
  token_version: number;
  second_factor_required: boolean;
}

/** The columns of a User, for every query that answers one. */
export const USER_COLUMNS = `u.id, u.org_id, u.email, u.role, u.display_name, u.status,
  u.totp_enabled_at IS NOT NULL AS second_factor`;

export const toUser = (row: UserRow): User => ({
  id: row.id,
  orgId: row.org_id,
  email: row.email,
  role: row.role,
  displayName: row.display_name,
  status: row.status,
  secondFactor: row.second_factor,
});

/**
 * Organizations and their staff as their tables hold them. Changes to an account go through the
 * one write path (users/user-administration.ts), which records each in the account's stream.
 */
export class IdentityRepository {
  constructor(private readonly sql: Sql) {}

  /** Idempotent on the name: creating an existing organization answers its id. */
  async createOrganization(name: string): Promise<Created> {
    const trimmed = name.trim();
    if (!trimmed)
      throw new ValidationFailed('Organization name is empty', [{ field: 'name', problem: 'empty' }]);
    const inserted = await this.sql.query<{ id: string }>(
      'INSERT INTO organizations (id, name) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING id',
      [randomUUID(), trimmed],
    );
    if (inserted.rows.length) return { id: inserted.rows[0].id, created: true };
    const existing = await this.sql.query<{ id: string }>('SELECT id FROM organizations WHERE name = $1', [
      trimmed,
    ]);
    return { id: existing.rows[0].id, created: false };
  }

  async findOrganization(id: string): Promise<Organization | null> {
    if (!isUuid(id)) return null;
    const { rows } = await this.sql.query<Organization>('SELECT id, name FROM organizations WHERE id = $1', [
      id,
    ]);
    return rows[0] ?? null;
  }

  /** An organization's users by email, of one role if asked. */
  async listUsers(orgId: string, role?: Role): Promise<User[]> {
    const { rows } = await this.sql.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM users u WHERE u.org_id = $1 AND ($2::text IS NULL OR u.role = $2) ORDER BY u.email`,
      [orgId, role ?? null],
    );
    return rows.map(toUser);
  }

  findByEmail(email: string): Promise<UserCredentials | null> {
    return this.credentials('u.email = $1', normalizeEmail(email));
  }

  findCredentials(userId: string): Promise<UserCredentials | null> {
    return isUuid(userId) ? this.credentials('u.id = $1', userId) : Promise.resolve(null);
  }

  private async credentials(where: string, value: string): Promise<UserCredentials | null> {
    const { rows } = await this.sql.query<CredentialsRow>(
      `SELECT ${USER_COLUMNS}, u.password_hash, u.token_version,
              u.role = ANY (o.second_factor_roles) AS second_factor_required
         FROM users u JOIN organizations o ON o.id = u.org_id
        WHERE ${where}`,
      [value],
    );
    const row = rows[0];
    return row
      ? {
          ...toUser(row),
          passwordHash: row.password_hash,
          tokenVersion: row.token_version,
          secondFactorRequired: row.second_factor_required,
        }
      : null;
  }

  /** A rehash at login (stronger parameters): only if the hash is still the one just checked. */
  async replacePasswordHash(userId: string, before: string, after: string): Promise<void> {
    await this.sql.query('UPDATE users SET password_hash = $3 WHERE id = $1 AND password_hash = $2', [
      userId,
      before,
      after,
    ]);
  }

  /** Another organization's user answers null, exactly like an unknown id. */
  async findUser(orgId: string, userId: string): Promise<User | null> {
    if (!isUuid(orgId) || !isUuid(userId)) return null;
    const { rows } = await this.sql.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1 AND u.org_id = $2`,
      [userId, orgId],
    );
    return rows[0] ? toUser(rows[0]) : null;
  }
}

/**
 * An email that already has an account is refused, saying so (422): a repeat never changes the
 * existing account's password or role, and never passes for a success either. Login is by email
 * alone, so an email belongs to one account in the whole installation.
 */
export function emailTaken(existing: User, orgId: string): never {
  if (existing.orgId !== orgId.toLowerCase()) {
    throw RuleViolation.because(
      'email_taken',
      'This email already belongs to a user of another organization; since login is by email alone, an email can belong to one account only',
      [{ field: 'email', problem: 'taken by another organization' }],
    );
  }
  throw RuleViolation.because(
    'email_taken',
    `This email already has an account (user ${existing.id}); nothing was changed. Change it with user:update or PATCH /v1/users/${existing.id}`,
    [{ field: 'email', problem: 'already has an account' }],
  );
}
