import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The fingerprint of the master key this database's data keys are wrapped with (decision 0021):
 * a start with another key is refused before it can wrap a single new key under it. Never the
 * key: an id derived from it one-way, the same one each wrapped key records.
 */
export class MasterKeyFingerprint1732240014000 implements MigrationInterface {
  name = 'MasterKeyFingerprint1732240014000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE master_key_fingerprint (
        id          smallint    PRIMARY KEY CHECK (id = 1),
        fingerprint text        NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE master_key_fingerprint');
  }
}
