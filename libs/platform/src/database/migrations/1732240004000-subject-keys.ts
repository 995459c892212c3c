import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-person data keys, stored only wrapped by the master key. Deleting a row is the erasure
 * (crypto-shredding); erased_subjects remembers it, so "never had a key" and "erased" differ
 * and an erased person can never silently get a new key.
 */
export class SubjectKeys1732240004000 implements MigrationInterface {
  name = 'SubjectKeys1732240004000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE subject_keys (
        subject_id    uuid PRIMARY KEY,
        org_id        uuid NOT NULL,
        wrapped_key   text NOT NULL CHECK (wrapped_key LIKE 'pd1.%'),
        master_key_id text NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now()
      )`);
    // A rotation walks the keys of one master in batches; this keeps each batch a range scan.
    await db.query('CREATE INDEX subject_keys_by_master ON subject_keys (master_key_id, subject_id)');
    await db.query(`
      CREATE TABLE erased_subjects (
        subject_id uuid PRIMARY KEY,
        org_id     uuid NOT NULL,
        erased_at  timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE erased_subjects');
    await db.query('DROP TABLE subject_keys');
  }
}
