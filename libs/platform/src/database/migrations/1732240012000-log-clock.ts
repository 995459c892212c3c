import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The log's clock survives a restore into another cluster (decision 0018). Readers order the
 * log by (transaction id, position) and read only below the oldest running transaction. A new
 * cluster's transaction ids start below the restored ones, so its events would sort before
 * everything restored and be skipped. `log_clock` holds an offset added to new transaction ids
 * (0 until a restore needs one) and the first id of the current era: everything stored before
 * it is committed. The service moves the clock at start (ensureLogClock); readers only use the
 * functions below.
 */
export class LogClock1732240012000 implements MigrationInterface {
  name = 'LogClock1732240012000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE log_clock (
        id         smallint    PRIMARY KEY CHECK (id = 1),
        xid_offset numeric     NOT NULL DEFAULT 0 CHECK (xid_offset >= 0),
        era_start  xid8        NOT NULL DEFAULT '0',
        moves      integer     NOT NULL DEFAULT 0,
        moved_at   timestamptz
      )`);
    await db.query('INSERT INTO log_clock (id) VALUES (1)');

    // What readers may read: below every transaction still running (in the log's clock), and
    // always everything of earlier eras, which were all committed before the restore.
    await db.query(`
      CREATE FUNCTION huquq_log_horizon() RETURNS xid8 LANGUAGE sql STABLE AS $$
        SELECT greatest(c.era_start,
                        (pg_snapshot_xmin(pg_current_snapshot())::text::numeric + c.xid_offset)::text::xid8)
        FROM log_clock c
      $$`);
    // Whether the event of log-clock transaction id \`t\` had committed when \`s\` was taken.
    await db.query(`
      CREATE FUNCTION huquq_log_committed_in(t xid8, s pg_snapshot) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT t < c.era_start
            OR pg_visible_in_snapshot((t::text::numeric - c.xid_offset)::text::xid8, s)
        FROM log_clock c
      $$`);
    // The log-clock id no transaction of snapshot \`s\` reaches: an index bound for the above.
    await db.query(`
      CREATE FUNCTION huquq_log_bound(s pg_snapshot) RETURNS xid8 LANGUAGE sql STABLE AS $$
        SELECT greatest(c.era_start, (pg_snapshot_xmax(s)::text::numeric + c.xid_offset)::text::xid8)
        FROM log_clock c
      $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP FUNCTION huquq_log_bound');
    await db.query('DROP FUNCTION huquq_log_committed_in');
    await db.query('DROP FUNCTION huquq_log_horizon');
    await db.query('DROP TABLE log_clock');
  }
}
