import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes a full rebuild of the projections dropped and has yet to build again
 * (docs/decisions/0151): written in the transaction that drops them, deleted with each build,
 * so an interrupted rebuild leaves the list, which the next one builds first.
 */
export class DeferredIndexes1732240151000 implements MigrationInterface {
  name = 'DeferredIndexes1732240151000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE projection_deferred_indexes (
        index_name text PRIMARY KEY,
        definition text NOT NULL,
        deferred_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE projection_deferred_indexes');
  }
}
