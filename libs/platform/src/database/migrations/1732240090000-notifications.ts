import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications (docs/decisions/0090): the delivery ledger the outbox reader fills from the log,
 * each staff member's notification preferences, and where the log stood when notifications were
 * installed (events before it notify nobody, now or in a rebuild). Ids, case numbers and times
 * only: no person's data.
 */
export class Notifications1732240090000 implements MigrationInterface {
  name = 'Notifications1732240090000';

  async up(db: QueryRunner): Promise<void> {
    // One row per message per recipient per channel, ever. The id is derived from the event, the
    // recipient and the channel: a replayed event plans nothing new.
    await db.query(`
      CREATE TABLE notification_deliveries (
        delivery_id     text        PRIMARY KEY,
        org_id          uuid        NOT NULL,
        user_id         uuid        NOT NULL,
        channel         text        NOT NULL CHECK (channel IN ('email', 'webhook')),
        kind            text        NOT NULL CHECK (kind IN ('reminder', 'escalation', 'assignment')),
        urgent          boolean     NOT NULL,
        case_id         uuid,
        case_number     text,
        task_id         uuid        NOT NULL,
        task_kind       text,
        due_at          timestamptz,
        event_id        uuid        NOT NULL,
        source_position bigint      NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        locked_until    timestamptz,
        attempts        integer     NOT NULL DEFAULT 0,
        held_until      timestamptz,
        sent_at         timestamptz,
        skipped         text,
        failed_at       timestamptz,
        last_error      text
      )`);
    // The worker's poll reads only this: deliveries still to make, soonest first.
    await db.query(`
      CREATE INDEX notification_deliveries_to_send ON notification_deliveries (next_attempt_at)
      WHERE sent_at IS NULL AND failed_at IS NULL AND skipped IS NULL`);
    await db.query(`
      CREATE INDEX notification_deliveries_failed ON notification_deliveries (failed_at DESC)
      WHERE failed_at IS NOT NULL`);

    // Settings of staff, like the users table: not case history, not events (0091).
    await db.query(`
      CREATE TABLE notification_preferences (
        user_id          uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        org_id           uuid        NOT NULL,
        email            text,
        email_off        boolean     NOT NULL DEFAULT false,
        webhook_url      text,
        webhook_key_version integer  NOT NULL DEFAULT 1,
        quiet_from       text,
        quiet_to         text,
        quiet_time_zone  text,
        updated_at       timestamptz NOT NULL DEFAULT now()
      )`);

    await db.query(`
      CREATE TABLE notification_outbox_state (
        id                     smallint PRIMARY KEY CHECK (id = 1),
        history_until_txid     xid8    NOT NULL DEFAULT '0',
        history_until_position bigint  NOT NULL DEFAULT 0
      )`);
    await db.query(`
      INSERT INTO notification_outbox_state (id, history_until_txid, history_until_position)
      SELECT 1, coalesce(last.transaction_id, '0'), coalesce(last.global_position, 0)
      FROM (SELECT 1) AS one
      LEFT JOIN LATERAL (
        SELECT transaction_id, global_position FROM events
        WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY transaction_id DESC, global_position DESC LIMIT 1
      ) AS last ON true`);

    await db.query(`SELECT huquq_isolate_by_org('notification_deliveries')`);
    await db.query(`SELECT huquq_isolate_by_org('notification_preferences')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE notification_outbox_state');
    await db.query('DROP TABLE notification_preferences');
    await db.query('DROP TABLE notification_deliveries');
  }
}
