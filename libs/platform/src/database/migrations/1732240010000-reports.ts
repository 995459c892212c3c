import { MigrationInterface, QueryRunner } from 'typeorm';

const REPORT_TABLES = [
  'report_load_counters',
  'report_load_transitions',
  'report_case_facts',
  'report_open_counts',
  'report_tasks',
  'report_deadlines',
];

/**
 * The coordinators' reports (docs/decisions/0011). All six tables are projections of the log,
 * pre-aggregated so that a report reads a few thousand index entries, never the log or every
 * case. None of them holds a name or any free text.
 */
export class Reports1732240010000 implements MigrationInterface {
  name = 'Reports1732240010000';

  async up(db: QueryRunner): Promise<void> {
    // Openings, closings and reopenings per (dimension, key) and UTC day or month, so any range is
    // a few index range scans: whole months for the bulk, days for the rest. Hours are kept for
    // the whole organization only (dimension 'all'): they make days and weeks of any whole-hour
    // time zone. For the status dimension the three columns are entries, exits and 0.
    await db.query(`
      CREATE TABLE report_load_counters (
        org_id    uuid        NOT NULL,
        dimension text        NOT NULL,
        grain     text        NOT NULL CHECK (grain IN ('hour', 'day', 'month')),
        bucket    timestamptz NOT NULL,
        key       text        NOT NULL,
        opened    integer     NOT NULL DEFAULT 0,
        closed    integer     NOT NULL DEFAULT 0,
        reopened  integer     NOT NULL DEFAULT 0,
        PRIMARY KEY (org_id, dimension, grain, bucket, key) INCLUDE (opened, closed, reopened)
      )`);

    // Every opening, closing, reopening and change of open status, with the case's attributes:
    // the parts of a range shorter than a day (the ends of a month in Moscow time, a range given
    // in hours) are counted from here: two or three rows per case.
    await db.query(`
      CREATE TABLE report_load_transitions (
        case_id      uuid        NOT NULL,
        version      integer     NOT NULL,
        org_id       uuid        NOT NULL,
        at           timestamptz NOT NULL,
        kind         text        NOT NULL CHECK (kind IN ('opened', 'closed', 'reopened', 'moved')),
        appeal_type  text        NOT NULL,
        region       text        NOT NULL,
        nationality  text        NOT NULL,
        channel      text        NOT NULL,
        status_from  text,
        status_to    text,
        PRIMARY KEY (case_id, version)
      )`);
    await db.query('CREATE INDEX report_load_transitions_by_time ON report_load_transitions (org_id, at)');

    // Rows updated as their case moves on get room on their page (fillfactor), so an update that
    // touches no indexed column stays on the page without new index entries.
    // One row per case: what the backlog asks of open cases, and the intake-to-first-action
    // times. '' stands for an unknown nationality or region (keys are never NULL).
    await db.query(`
      CREATE TABLE report_case_facts (
        case_id                uuid PRIMARY KEY,
        org_id                 uuid        NOT NULL,
        case_number            text        NOT NULL,
        appeal_type            text        NOT NULL,
        channel                text        NOT NULL,
        urgency                text        NOT NULL,
        nationality            text        NOT NULL,
        region                 text        NOT NULL,
        status                 text        NOT NULL,
        assignee_id            uuid,
        logged_at              timestamptz NOT NULL,
        closed_at              timestamptz,
        first_contact_at       timestamptz,
        first_lawyer_action_at timestamptz,
        version                integer     NOT NULL
      ) WITH (fillfactor = 70)`);
    // Open cases are a small part of all cases: partial indexes keep the backlog's scans to them.
    await db.query(`
      CREATE INDEX report_case_facts_open_by_age ON report_case_facts (org_id, logged_at)
      INCLUDE (urgency, assignee_id) WHERE closed_at IS NULL`);
    await db.query(`
      CREATE INDEX report_case_facts_by_logged ON report_case_facts (org_id, logged_at)
      INCLUDE (first_contact_at, first_lawyer_action_at)`);

    // Open cases counted by the day they were logged and by assignee ('' for nobody), each by
    // urgency: the backlog's ages and caseloads without reading every open case.
    await db.query(`
      CREATE TABLE report_open_counts (
        org_id   uuid    NOT NULL,
        grouping text    NOT NULL CHECK (grouping IN ('logged_day', 'assignee')),
        key      text    NOT NULL,
        urgency  text    NOT NULL,
        open     integer NOT NULL,
        PRIMARY KEY (org_id, grouping, key, urgency) INCLUDE (open)
      ) WITH (fillfactor = 50)`);

    // Follow-up tasks as the backlog needs them: due, done, and whether their case is open.
    await db.query(`
      CREATE TABLE report_tasks (
        task_id       uuid PRIMARY KEY,
        org_id        uuid        NOT NULL,
        case_id       uuid,
        queue         text        NOT NULL,
        priority      text        NOT NULL,
        is_escalation boolean     NOT NULL,
        due_at        timestamptz NOT NULL,
        completed_at  timestamptz,
        case_open     boolean     NOT NULL,
        version       integer     NOT NULL
      ) WITH (fillfactor = 70)`);
    await db.query(`
      CREATE INDEX report_tasks_outstanding ON report_tasks (org_id, due_at) INCLUDE (queue, priority)
      WHERE completed_at IS NULL AND case_open`);
    await db.query('CREATE INDEX report_tasks_by_case ON report_tasks (case_id) WHERE case_id IS NOT NULL');

    // Rule-made legal deadlines (done when their task is) and the case's own deadlines (which
    // nothing marks done: they stand while the case is open). `kind` only for rule-made ones:
    // a lawyer's own kind is free text.
    await db.query(`
      CREATE TABLE report_deadlines (
        deadline_id uuid PRIMARY KEY,
        org_id      uuid        NOT NULL,
        case_id     uuid        NOT NULL,
        source      text        NOT NULL CHECK (source IN ('legal', 'case')),
        kind        text,
        task_id     uuid,
        due_at      timestamptz NOT NULL,
        done_at     timestamptz,
        missed_at   timestamptz,
        case_open   boolean     NOT NULL
      )`);
    await db.query(`
      CREATE INDEX report_deadlines_outstanding ON report_deadlines (org_id, due_at)
      WHERE done_at IS NULL AND case_open`);
    await db.query(
      'CREATE INDEX report_deadlines_by_task ON report_deadlines (task_id) WHERE task_id IS NOT NULL',
    );
    await db.query('CREATE INDEX report_deadlines_by_case ON report_deadlines (case_id)');

    for (const table of REPORT_TABLES) await db.query(`SELECT huquq_isolate_by_org('${table}')`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [...REPORT_TABLES].reverse()) await db.query(`DROP TABLE ${table}`);
  }
}
