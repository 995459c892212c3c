import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models of cases and clients. All are projections of the event log: they can be
 * dropped and rebuilt at any time, so they hold nothing the log does not.
 */
export class CaseViews1732240002000 implements MigrationInterface {
  name = 'CaseViews1732240002000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE case_views (
        case_id              uuid PRIMARY KEY,
        org_id               uuid        NOT NULL,
        case_number          text        NOT NULL,
        client_id            uuid        NOT NULL,
        appeal_type          text        NOT NULL,
        channel              text        NOT NULL,
        urgency              text        NOT NULL,
        status               text        NOT NULL,
        assignee_id          uuid,
        nationality          text,
        language             text,
        region               text,
        incident             jsonb       NOT NULL,
        incident_id          uuid,
        received_at          timestamptz,
        decision_received_at timestamptz,
        deadlines            jsonb       NOT NULL DEFAULT '[]',
        possible_duplicates  jsonb       NOT NULL DEFAULT '[]',
        version              integer     NOT NULL,
        opened_at            timestamptz NOT NULL,
        updated_at           timestamptz NOT NULL,
        closed_at            timestamptz,
        outcome              text
      )`);
    await db.query('CREATE UNIQUE INDEX case_views_number ON case_views (org_id, case_number)');
    // Lists are newest first, filtered by one field at a time: one index per filter keeps every page a range scan.
    await db.query('CREATE INDEX case_views_newest ON case_views (org_id, opened_at DESC, case_id DESC)');
    await db.query(
      'CREATE INDEX case_views_by_status ON case_views (org_id, status, opened_at DESC, case_id DESC)',
    );
    await db.query(
      'CREATE INDEX case_views_by_assignee ON case_views (org_id, assignee_id, opened_at DESC, case_id DESC)',
    );
    await db.query(
      'CREATE INDEX case_views_by_type ON case_views (org_id, appeal_type, opened_at DESC, case_id DESC)',
    );
    await db.query(
      'CREATE INDEX case_views_by_incident ON case_views (org_id, incident_id) WHERE incident_id IS NOT NULL',
    );
    await db.query('CREATE INDEX case_views_by_client ON case_views (org_id, client_id)');

    await db.query(`
      CREATE TABLE case_history (
        case_id         uuid        NOT NULL,
        org_id          uuid        NOT NULL,
        global_position bigint      NOT NULL,
        version         integer,
        type            text        NOT NULL,
        recorded_at     timestamptz NOT NULL,
        actor_id        uuid,
        data            jsonb       NOT NULL,
        PRIMARY KEY (case_id, global_position)
      )`);

    await db.query(`
      CREATE TABLE client_views (
        client_id     uuid PRIMARY KEY,
        org_id        uuid        NOT NULL,
        personal      jsonb,
        nationality   text,
        language      text,
        erased        boolean     NOT NULL DEFAULT false,
        registered_at timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TABLE client_match_keys (
        org_id    uuid NOT NULL,
        match_key text NOT NULL,
        client_id uuid NOT NULL,
        PRIMARY KEY (org_id, match_key, client_id)
      )`);

    // Not a projection: a counter that hands out human-friendly case numbers (2024-000123).
    await db.query(`
      CREATE TABLE case_number_counters (
        org_id      uuid    NOT NULL,
        year        integer NOT NULL,
        last_number integer NOT NULL,
        PRIMARY KEY (org_id, year)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'case_number_counters',
      'client_match_keys',
      'client_views',
      'case_history',
      'case_views',
    ]) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
