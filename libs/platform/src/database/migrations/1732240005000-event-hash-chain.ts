import { MigrationInterface, QueryRunner } from 'typeorm';

/** The previous hash of a stream's first event: 32 zero bytes. */
const CHAIN_START = `'\\x${'00'.repeat(32)}'::bytea`;

/**
 * Tamper evidence (docs/decisions/0006): every event carries the SHA-256 of its predecessor in
 * the same stream and its own hash over that and every stored column, so an event edited or
 * removed behind the app's back, even by a superuser with triggers off, breaks the chain.
 */
export class EventHashChain1732240005000 implements MigrationInterface {
  name = 'EventHashChain1732240005000';

  async up(db: QueryRunner): Promise<void> {
    // Names inside the trigger are qualified with this schema, so a temporary table called
    // `events` (pg_temp comes first in the search path for tables) can never feed the chain.
    const [{ schema }] = (await db.query('SELECT quote_ident(current_schema()) AS schema')) as {
      schema: string;
    }[];

    await db.query('ALTER TABLE events ADD COLUMN previous_hash bytea, ADD COLUMN hash bytea');

    // One field: its length (4 bytes, big-endian) and its bytes; NULL is length -1, as in the
    // wire protocol. Lengths make the encoding unambiguous: no field can shift into the next.
    await db.query(`
      CREATE FUNCTION event_chain_field(value bytea) RETURNS bytea
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN coalesce(int4send(octet_length(value)) || value, int4send(-1))`);

    // The one definition of an event's hash, used by the trigger that writes it and by every
    // check that recomputes it, so the two can never disagree. Nothing in it depends on the
    // session: jsonb's text form is canonical (sorted keys, fixed spacing), text is taken as
    // UTF-8, the time as whole microseconds since 1970 UTC. STABLE only because convert_to is.
    // A SQL-standard body is bound at creation, so the search path at call time cannot redirect it.
    await db.query(`
      CREATE FUNCTION event_chain_hash(
        previous_hash bytea, global_position bigint, stream_id text, stream_version integer, event_id uuid,
        type text, schema_version integer, data jsonb, metadata jsonb, org_id uuid,
        recorded_at timestamptz, transaction_id xid8
      ) RETURNS bytea
      LANGUAGE sql STABLE PARALLEL SAFE
      RETURN sha256(
        event_chain_field(previous_hash)
        || event_chain_field(convert_to('huquq-event-chain-v1', 'UTF8'))
        || event_chain_field(int8send(global_position))
        || event_chain_field(convert_to(stream_id, 'UTF8'))
        || event_chain_field(int4send(stream_version))
        || event_chain_field(uuid_send(event_id))
        || event_chain_field(convert_to(type, 'UTF8'))
        || event_chain_field(int4send(schema_version))
        || event_chain_field(convert_to(data::text, 'UTF8'))
        || event_chain_field(convert_to(metadata::text, 'UTF8'))
        || event_chain_field(uuid_send(org_id))
        || event_chain_field(int8send((extract(epoch FROM recorded_at) * 1000000)::bigint))
        || event_chain_field(xid8send(transaction_id)))`);

    // Rows written before this migration are chained as they stand, stream by stream.
    await db.query('ALTER TABLE events DISABLE TRIGGER events_no_update_or_delete');
    await db.query(`
      DO $$
      DECLARE
        e record;
        previous bytea;
        current_stream text;
      BEGIN
        FOR e IN SELECT * FROM events ORDER BY stream_id, stream_version LOOP
          IF current_stream IS DISTINCT FROM e.stream_id THEN
            previous := ${CHAIN_START};
            current_stream := e.stream_id;
          END IF;
          UPDATE events
          SET previous_hash = previous,
              hash = event_chain_hash(previous, e.global_position, e.stream_id, e.stream_version, e.event_id,
                                      e.type, e.schema_version, e.data, e.metadata, e.org_id,
                                      e.recorded_at, e.transaction_id)
          WHERE global_position = e.global_position
          RETURNING hash INTO previous;
        END LOOP;
      END $$`);
    await db.query('ALTER TABLE events ENABLE TRIGGER events_no_update_or_delete');
    await db.query(
      'ALTER TABLE events ALTER COLUMN previous_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL',
    );

    // Whatever the writer put into previous_hash and hash is overwritten: only this computes them.
    //
    // The predecessor (stream_version - 1) is found on the unique index. Rows inserted earlier by
    // the same multi-row INSERT are visible here: a VOLATILE function's queries see the changes
    // of rows the outer command already processed, and the append inserts in version order. No
    // predecessor means a gap is about to be written: refused, never chained to the start.
    //
    // SECURITY INVOKER on purpose. Under row-level security the lookup sees what the inserting
    // role sees, and that always includes the predecessor: the append derived stream_version
    // from max(stream_version) in that same view (a stream is one organization's). A role that
    // could not see it would already have collided on the unique index. SECURITY DEFINER would
    // run as the owner for every role that may INSERT into events, and hand back (RETURNING
    // previous_hash) the hash of a row its policies hide: no gain, a needless hole.
    //
    // BEFORE triggers fire in name order: "zz" keeps this one last, so it hashes the final row.
    await db.query(`
      CREATE FUNCTION events_hash_chain() RETURNS trigger
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        previous bytea;
      BEGIN
        IF NEW.stream_version = 1 THEN
          previous := ${CHAIN_START};
        ELSE
          SELECT e.hash INTO previous FROM ${schema}.events e
          WHERE e.stream_id = NEW.stream_id AND e.stream_version = NEW.stream_version - 1;
          IF previous IS NULL THEN
            RAISE EXCEPTION 'event % of stream % has no predecessor: streams are numbered from 1 without gaps',
              NEW.stream_version, NEW.stream_id USING ERRCODE = 'integrity_constraint_violation';
          END IF;
        END IF;
        NEW.previous_hash := previous;
        NEW.hash := ${schema}.event_chain_hash(previous, NEW.global_position, NEW.stream_id, NEW.stream_version,
          NEW.event_id, NEW.type, NEW.schema_version, NEW.data, NEW.metadata, NEW.org_id, NEW.recorded_at,
          NEW.transaction_id);
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER events_zz_hash_chain BEFORE INSERT ON events
      FOR EACH ROW EXECUTE FUNCTION events_hash_chain()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TRIGGER events_zz_hash_chain ON events');
    await db.query('DROP FUNCTION events_hash_chain');
    await db.query('ALTER TABLE events DROP COLUMN hash, DROP COLUMN previous_hash');
    await db.query('DROP FUNCTION event_chain_hash');
    await db.query('DROP FUNCTION event_chain_field');
  }
}
