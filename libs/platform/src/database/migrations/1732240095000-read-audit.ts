import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Need-to-know settings per organization (no row: the defaults, decision 0095) and the
 * append-only record of who read whose personal data (decision 0096). The reads are no
 * projection: nothing rebuilds or truncates them, and the request path may only append to
 * them (its grants are set at start, see after-restore.ts). Ids, roles and routes only.
 */
export class ReadAudit1732240095000 implements MigrationInterface {
  name = 'ReadAudit1732240095000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE need_to_know_settings (
        org_id                           uuid    PRIMARY KEY,
        coordinators_see_personal_data   boolean NOT NULL DEFAULT false,
        admins_see_personal_data_in_cases boolean NOT NULL DEFAULT false,
        intake_window_hours              integer NOT NULL DEFAULT 24 CHECK (intake_window_hours >= 0),
        unusual_reading_cases_per_hour   integer NOT NULL DEFAULT 50 CHECK (unusual_reading_cases_per_hour > 0)
      )`);
    await db.query(`SELECT huquq_isolate_by_org('need_to_know_settings')`);
    await db.query(`
      CREATE TABLE personal_data_reads (
        read_id   bigserial   PRIMARY KEY,
        org_id    uuid        NOT NULL,
        user_id   uuid        NOT NULL,
        role      text        NOT NULL,
        action    text        NOT NULL,
        case_id   uuid,
        client_id uuid,
        at        timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(
      'CREATE INDEX personal_data_reads_by_case ON personal_data_reads (org_id, case_id, read_id)',
    );
    await db.query(
      'CREATE INDEX personal_data_reads_by_user ON personal_data_reads (org_id, user_id, at, read_id)',
    );
    await db.query(`SELECT huquq_isolate_by_org('personal_data_reads')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE personal_data_reads');
    await db.query('DROP TABLE need_to_know_settings');
  }
}
