import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People's accounts (docs/decisions/0030–0032): a user's name, status and token version; sessions
 * and their refresh tokens (hashes only); one-time password-reset tokens (hashes only); a second
 * factor (the TOTP secret sealed, recovery codes hashed); what an organization requires of it.
 */
export class Accounts1732240030000 implements MigrationInterface {
  name = 'Accounts1732240030000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE users
        ADD COLUMN display_name  text,
        ADD COLUMN status        text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
        ADD COLUMN token_version integer NOT NULL DEFAULT 1,
        ADD COLUMN totp_secret   text,
        ADD COLUMN totp_pending  text,
        ADD COLUMN totp_enabled_at timestamptz,
        ADD COLUMN totp_last_step bigint NOT NULL DEFAULT 0`);
    await db.query(`
      ALTER TABLE organizations
        ADD COLUMN second_factor_roles text[] NOT NULL DEFAULT '{}'`);
    await db.query(`
      CREATE TABLE sessions (
        id          uuid PRIMARY KEY,
        org_id      uuid NOT NULL REFERENCES organizations(id),
        user_id     uuid NOT NULL REFERENCES users(id),
        created_at  timestamptz NOT NULL DEFAULT now(),
        expires_at  timestamptz NOT NULL,
        ended_at    timestamptz,
        ended_why   text
      )`);
    await db.query('CREATE INDEX sessions_by_user ON sessions (user_id) WHERE ended_at IS NULL');
    await db.query(`
      CREATE TABLE refresh_tokens (
        token_hash  bytea PRIMARY KEY,
        session_id  uuid NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        org_id      uuid NOT NULL REFERENCES organizations(id),
        issued_at   timestamptz NOT NULL DEFAULT now(),
        expires_at  timestamptz NOT NULL,
        spent_at    timestamptz
      )`);
    await db.query('CREATE INDEX refresh_tokens_by_session ON refresh_tokens (session_id)');
    await db.query(`
      CREATE TABLE password_resets (
        token_hash  bytea PRIMARY KEY,
        org_id      uuid NOT NULL REFERENCES organizations(id),
        user_id     uuid NOT NULL REFERENCES users(id),
        created_by  uuid,
        expires_at  timestamptz NOT NULL,
        used_at     timestamptz
      )`);
    await db.query(`
      CREATE TABLE recovery_codes (
        code_hash   bytea PRIMARY KEY,
        org_id      uuid NOT NULL REFERENCES organizations(id),
        user_id     uuid NOT NULL REFERENCES users(id),
        used_at     timestamptz
      )`);
    await db.query('CREATE INDEX recovery_codes_by_user ON recovery_codes (user_id)');
    for (const table of ['sessions', 'refresh_tokens', 'password_resets', 'recovery_codes']) {
      await db.query(`SELECT huquq_isolate_by_org('${table}')`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['recovery_codes', 'password_resets', 'refresh_tokens', 'sessions']) {
      await db.query(`DROP TABLE ${table}`);
    }
    await db.query('ALTER TABLE organizations DROP COLUMN second_factor_roles');
    await db.query(`
      ALTER TABLE users DROP COLUMN display_name, DROP COLUMN status, DROP COLUMN token_version,
        DROP COLUMN totp_secret, DROP COLUMN totp_pending, DROP COLUMN totp_enabled_at, DROP COLUMN totp_last_step`);
  }
}
