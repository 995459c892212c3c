import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which keyring holds this database's people's keys (decision 0023): paired at the first start,
 * checked at every one after, so a wrong KEYRING_DATABASE_URL is refused instead of making
 * everyone's data unreadable. `subject_keys` and `erased_subjects` move to the keyring at start.
 */
export class KeyringBinding1732240014000 implements MigrationInterface {
  name = 'KeyringBinding1732240014000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE keyring_binding (
        id         smallint    PRIMARY KEY CHECK (id = 1),
        keyring_id uuid        NOT NULL,
        paired_at  timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE keyring_binding');
  }
}
