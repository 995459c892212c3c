import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What people decided about look-alike clients, as read models of the client streams: pairs
 * confirmed to be one person or judged to be two (both directions, ids only), and the client a
 * merged one now lives under. Search and the case view read them; nothing personal is here.
 */
export class ClientPairs1732240080000 implements MigrationInterface {
  name = 'ClientPairs1732240080000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE client_views ADD COLUMN merged_into uuid');
    await db.query(`
      CREATE TABLE client_pairs (
        org_id          uuid NOT NULL,
        client_id       uuid NOT NULL,
        other_client_id uuid NOT NULL,
        verdict         text NOT NULL CHECK (verdict IN ('same', 'different')),
        PRIMARY KEY (org_id, client_id, other_client_id)
      )`);
    await db.query(`SELECT huquq_isolate_by_org('client_pairs')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE client_pairs');
    await db.query('ALTER TABLE client_views DROP COLUMN merged_into');
  }
}
