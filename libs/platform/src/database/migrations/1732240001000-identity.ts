import { MigrationInterface, QueryRunner } from 'typeorm';

/** Organizations and their staff. Plain tables: who may log in is not case history. */
export class Identity1732240001000 implements MigrationInterface {
  name = 'Identity1732240001000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE organizations (
        id         uuid PRIMARY KEY,
        name       text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE users (
        id            uuid PRIMARY KEY,
        org_id        uuid NOT NULL REFERENCES organizations(id),
        email         text NOT NULL UNIQUE,
        role          text NOT NULL CHECK (role IN ('intake', 'lawyer', 'coordinator', 'admin')),
        password_hash text NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX users_by_org ON users (org_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE users');
    await db.query('DROP TABLE organizations');
  }
}
