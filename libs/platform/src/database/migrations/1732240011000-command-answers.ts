import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first answer of every command sent with an Idempotency-Key, written in the command's own
 * transaction: a retry, or a twin racing it, gets this answer back instead of doing the work
 * again. The fingerprint (an HMAC of the command and its body) tells a real retry from a reuse
 * of the key for something else. Answers hold ids, numbers and versions, never personal data.
 */
export class CommandAnswers1732240011000 implements MigrationInterface {
  name = 'CommandAnswers1732240011000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE command_answers (
        org_id          uuid        NOT NULL,
        idempotency_key text        NOT NULL,
        fingerprint     text        NOT NULL,
        answer          jsonb       NOT NULL,
        answered_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, idempotency_key)
      )`);
    await db.query(`SELECT huquq_isolate_by_org('command_answers')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE command_answers');
  }
}
