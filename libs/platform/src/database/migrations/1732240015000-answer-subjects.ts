import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whose personal data each Idempotency-Key request carried: erasing one of them destroys the
 * request's fingerprint too (decision 0023). Answers recorded before are found by the client id
 * in their answer.
 */
export class AnswerSubjects1732240015000 implements MigrationInterface {
  name = 'AnswerSubjects1732240015000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE command_answers ADD COLUMN subject_ids uuid[] NOT NULL DEFAULT '{}'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE command_answers DROP COLUMN subject_ids');
  }
}
