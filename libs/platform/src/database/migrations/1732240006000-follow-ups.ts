import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Follow-up work: the ledger of dispatched jobs (the record that outlives Redis), and the work
 * queues and rule-made deadlines (projections of the task and deadline streams).
 */
export class FollowUps1732240006000 implements MigrationInterface {
  name = 'FollowUps1732240006000';

  async up(db: QueryRunner): Promise<void> {
    // One row per job ever dispatched. Payloads hold ids only, never personal data.
    await db.query(`
      CREATE TABLE follow_up_jobs (
        job_id          text        PRIMARY KEY,
        org_id          uuid        NOT NULL,
        kind            text        NOT NULL,
        payload         jsonb       NOT NULL,
        run_at          timestamptz NOT NULL,
        source_position bigint      NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        enqueued_epoch  text,
        enqueued_at     timestamptz,
        attempts        integer     NOT NULL DEFAULT 0,
        last_attempt_at timestamptz,
        done_at         timestamptz,
        outcome         text,
        failed_at       timestamptz,
        last_error      text
      )`);
    // The dispatcher's poll reads only this: jobs waiting to go (back) to Redis, soonest first.
    await db.query(`
      CREATE INDEX follow_up_jobs_to_enqueue ON follow_up_jobs (run_at)
      WHERE done_at IS NULL AND failed_at IS NULL AND enqueued_epoch IS NULL`);
    await db.query(
      `CREATE INDEX follow_up_jobs_outstanding ON follow_up_jobs (run_at) WHERE done_at IS NULL`,
    );

    // The installation's one dispatcher state: which Redis "epoch" the ledger's marks refer to,
    // and where the log stood when follow-ups were installed. It holds no organization's data,
    // hence no org_id.
    await db.query(`
      CREATE TABLE follow_up_dispatch_state (
        id                     smallint PRIMARY KEY CHECK (id = 1),
        redis_epoch            text,
        epoch_started_at       timestamptz,
        epochs                 integer NOT NULL DEFAULT 0,
        reconciled_at          timestamptz,
        history_until_txid     xid8    NOT NULL DEFAULT '0',
        history_until_position bigint  NOT NULL DEFAULT 0
      )`);
    // Appeals logged before follow-ups existed get none (and no burst of overdue escalations),
    // now or in a rebuild. The last event every running transaction is past: gap-safe (0002).
    await db.query(`
      INSERT INTO follow_up_dispatch_state (id, history_until_txid, history_until_position)
      SELECT 1, coalesce(last.transaction_id, '0'), coalesce(last.global_position, 0)
      FROM (SELECT 1) AS one
      LEFT JOIN LATERAL (
        SELECT transaction_id, global_position FROM events
        WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY transaction_id DESC, global_position DESC LIMIT 1
      ) AS last ON true`);

    await db.query(`
      CREATE TABLE follow_up_tasks (
        task_id            uuid        PRIMARY KEY,
        org_id             uuid        NOT NULL,
        case_id            uuid,
        incident_id        uuid,
        client_id          uuid,
        kind               text        NOT NULL,
        title              text        NOT NULL,
        queue              text        NOT NULL,
        priority           text        NOT NULL,
        priority_rank      smallint    NOT NULL,
        due_at             timestamptz NOT NULL,
        escalate_at        timestamptz,
        basis              text        NOT NULL,
        rule_id            text        NOT NULL,
        deadline_id        uuid,
        escalation_of      uuid,
        status             text        NOT NULL DEFAULT 'open',
        assignee_id        uuid,
        claimed_at         timestamptz,
        completed_at       timestamptz,
        completed_by       uuid,
        escalated_at       timestamptz,
        escalation_task_id uuid,
        reminders_sent     integer     NOT NULL DEFAULT 0,
        last_reminder_at   timestamptz,
        version            integer     NOT NULL,
        created_at         timestamptz NOT NULL
      )`);
    // A queue page is a range scan in (priority, due time, id) order, mine or unclaimed.
    await db.query(`
      CREATE INDEX follow_up_tasks_queue
      ON follow_up_tasks (org_id, status, priority_rank, due_at, task_id)`);
    await db.query(`
      CREATE INDEX follow_up_tasks_by_assignee
      ON follow_up_tasks (org_id, assignee_id, status, priority_rank, due_at, task_id)`);
    await db.query(`
      CREATE INDEX follow_up_tasks_by_case ON follow_up_tasks (org_id, case_id) WHERE case_id IS NOT NULL`);

    await db.query(`
      CREATE TABLE follow_up_deadlines (
        deadline_id      uuid        PRIMARY KEY,
        org_id           uuid        NOT NULL,
        case_id          uuid        NOT NULL,
        task_id          uuid        NOT NULL,
        kind             text        NOT NULL,
        due_at           timestamptz NOT NULL,
        basis            text        NOT NULL,
        confidence       text        NOT NULL,
        clock            text        NOT NULL,
        rule_id          text        NOT NULL,
        status           text        NOT NULL DEFAULT 'open',
        reminders_sent   integer     NOT NULL DEFAULT 0,
        last_reminder_at timestamptz,
        version          integer     NOT NULL,
        set_at           timestamptz NOT NULL
      )`);
    await db.query(
      'CREATE INDEX follow_up_deadlines_by_case ON follow_up_deadlines (org_id, case_id, due_at)',
    );
    await db.query('CREATE INDEX follow_up_deadlines_by_task ON follow_up_deadlines (task_id)');

    // Row-level security, when the installation has it already (it is switched on in a later
    // migration, which then covers these tables itself).
    await db.query(`
      DO $$ BEGIN
        IF to_regprocedure('huquq_isolate_by_org(regclass, text)') IS NOT NULL THEN
          PERFORM huquq_isolate_by_org('follow_up_jobs'::regclass);
          PERFORM huquq_isolate_by_org('follow_up_tasks'::regclass);
          PERFORM huquq_isolate_by_org('follow_up_deadlines'::regclass);
        END IF;
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'follow_up_deadlines',
      'follow_up_tasks',
      'follow_up_dispatch_state',
      'follow_up_jobs',
    ]) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
