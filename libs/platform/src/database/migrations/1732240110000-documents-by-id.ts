import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A download finds its document by id in the case history (`document-attached`, decision 0100):
 * without an index that is a scan of every document event of the organization. Partial, so only
 * those events are indexed. Grants are not a migration's business (after-restore.ts sets them).
 */
export class DocumentsById1732240110000 implements MigrationInterface {
  name = 'DocumentsById1732240110000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE INDEX case_history_documents ON case_history (org_id, (data->>'documentId'))
       WHERE type = 'document-attached'`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX case_history_documents');
  }
}
