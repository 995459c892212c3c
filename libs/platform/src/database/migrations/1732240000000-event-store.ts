import { MigrationInterface, QueryRunner } from 'typeorm';

/** The append-only log of everything that happened, and the checkpoints of its readers. */
export class EventStore1732240000000 implements MigrationInterface {
  name = 'EventStore1732240000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE events (
        global_position bigserial PRIMARY KEY,
        stream_id       text        NOT NULL,
        stream_version  integer     NOT NULL,
        event_id        uuid        NOT NULL UNIQUE,
        type            text        NOT NULL,
        schema_version  integer     NOT NULL DEFAULT 1,
        data            jsonb       NOT NULL,
        metadata        jsonb       NOT NULL,
        org_id          uuid,
        recorded_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
        transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
        CONSTRAINT events_stream_version_unique UNIQUE (stream_id, stream_version)
      )`);
    // Readers of the whole log go in commit-safe order: transaction id, then position.
    await db.query(`CREATE INDEX events_transaction_order ON events (transaction_id, global_position)`);

    await db.query(`
      CREATE FUNCTION events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'events are append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(`
      CREATE TRIGGER events_no_update_or_delete BEFORE UPDATE OR DELETE ON events
      FOR EACH ROW EXECUTE FUNCTION events_are_append_only()`);
    await db.query(`
      CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
      FOR EACH STATEMENT EXECUTE FUNCTION events_are_append_only()`);

    // Wakes readers at commit (PostgreSQL folds the notices of one transaction into one).
    await db.query(`
      CREATE FUNCTION events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('huquq_events', '');
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER events_wake_readers AFTER INSERT ON events
      FOR EACH STATEMENT EXECUTE FUNCTION events_notify()`);

    await db.query(`
      CREATE TABLE projection_checkpoints (
        name            text PRIMARY KEY,
        transaction_id  xid8        NOT NULL DEFAULT '0',
        global_position bigint      NOT NULL DEFAULT 0,
        last_recorded_at timestamptz,
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);

    // A projection that fails on one event again and again sets it aside here and moves on,
    // so one poison event never stops the world; an operator fixes the code and rebuilds.
    await db.query(`
      CREATE TABLE parked_events (
        projection      text        NOT NULL,
        global_position bigint      NOT NULL,
        error_message   text        NOT NULL,
        parked_at       timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (projection, global_position)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE parked_events');
    await db.query('DROP TABLE projection_checkpoints');
    await db.query('DROP TABLE events');
    await db.query('DROP FUNCTION events_notify');
    await db.query('DROP FUNCTION events_are_append_only');
  }
}
