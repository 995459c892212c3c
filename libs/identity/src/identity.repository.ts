import { randomUUID } from 'node:crypto';
import { NotFound, Sql, ValidationFailed } from '@huquq/platform';
import { hashPassword } from './passwords';
import { isRole, Role } from '@huquq/shared-kernel';

export interface Organization {
  id: string;
  name: string;
}

export interface User {
  id: string;
  orgId: string;
  email: string;
  role: Role;
}

/** A user together with the password hash; only login needs it, nothing else should hold it. */
export interface UserCredentials extends User {
  passwordHash: string;
}

export interface NewUser {
  orgId: string;
  email: string;
  role: Role;
  password: string;
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

interface UserRow {
  id: string;
  org_id: string;
  email: string;
  role: Role;
  password_hash: string;
}

const toUser = (row: Omit<UserRow, 'password_hash'>): User => ({
  id: row.id,
  orgId: row.org_id,
  email: row.email,
  role: row.role,
});

/**
 * Organizations and their staff. Plain tables, not event streams: who may log in is
 * administration, not case history.
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

  /**
   * Idempotent on the email within the organization: a repeat answers the existing user's id and
   * changes nothing, neither password nor role, so a re-run bootstrap script cannot silently
   * reset someone's password. Login is by email alone, so an email taken in another
   * organization is refused.
   */
  async createUser(input: NewUser): Promise<Created> {
    if (!isRole(input.role)) {
      throw new ValidationFailed('Unknown role', [
        { field: 'role', problem: 'not one of intake, lawyer, coordinator, admin' },
      ]);
    }
    if (!isUuid(input.orgId)) throw new NotFound('organization');
    const email = normalizeEmail(input.email);
    const existing = await this.findByEmail(email);
    // Checked before hashing so a repeat costs no scrypt work.
    if (existing) return this.sameOrganization(existing, input.orgId);

    const passwordHash = await hashPassword(input.password);
    let inserted: { rows: { id: string }[] };
    try {
      inserted = await this.sql.query<{ id: string }>(
        `INSERT INTO users (id, org_id, email, role, password_hash) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (email) DO NOTHING RETURNING id`,
        [randomUUID(), input.orgId, email, input.role, passwordHash],
      );
    } catch (error) {
      if ((error as { code?: string }).code === '23503') throw new NotFound('organization');
      throw error;
    }
    if (inserted.rows.length) return { id: inserted.rows[0].id, created: true };
    // Another request created the same email between our look-up and our insert.
    const winner = await this.findByEmail(email);
    if (!winner) throw new Error('A user row vanished between insert and read');
    return this.sameOrganization(winner, input.orgId);
  }

  async findByEmail(email: string): Promise<UserCredentials | null> {
    const { rows } = await this.sql.query<UserRow>(
      'SELECT id, org_id, email, role, password_hash FROM users WHERE email = $1',
      [normalizeEmail(email)],
    );
    return rows[0] ? { ...toUser(rows[0]), passwordHash: rows[0].password_hash } : null;
  }

  /** Another organization's user answers null, exactly like an unknown id. */
  async findUser(orgId: string, userId: string): Promise<User | null> {
    if (!isUuid(orgId) || !isUuid(userId)) return null;
    const { rows } = await this.sql.query<Omit<UserRow, 'password_hash'>>(
      'SELECT id, org_id, email, role FROM users WHERE id = $1 AND org_id = $2',
      [userId, orgId],
    );
    return rows[0] ? toUser(rows[0]) : null;
  }

  private sameOrganization(existing: User, orgId: string): Created {
    if (existing.orgId !== orgId.toLowerCase()) {
      throw new ValidationFailed(
        'This email already belongs to a user of another organization; since login is by email alone, an email can belong to one organization only',
        [{ field: 'email', problem: 'taken by another organization' }],
      );
    }
    return { id: existing.id, created: false };
  }
}
