import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Custody on the case view; deadlines say how the legal calendar counted them (docs/deadlines.md): the local last day and
 * the day it moved from, the zone, whether the count is exact, and when the rule's legal text was
 * last checked; tasks carry the confidence and last check of the clock behind them. Nullable:
 * rows of earlier events have none (read as not exact). The views fill them on a rebuild.
 */
export class LegalCalendar1732240040000 implements MigrationInterface {
  name = 'LegalCalendar1732240040000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE follow_up_deadlines
        ADD COLUMN counting     text,
        ADD COLUMN time_zone    text,
        ADD COLUMN last_day     text,
        ADD COLUMN moved_from   text,
        ADD COLUMN exact        boolean NOT NULL DEFAULT false,
        ADD COLUMN last_checked text,
        ADD COLUMN custody_id   uuid`);
    // Where the person is held now (sealed place name), for the case view.
    await db.query('ALTER TABLE case_views ADD COLUMN custody jsonb');
    // The case's court hearings (sealed court names), for the case view and the lawyers' calendars.
    await db.query("ALTER TABLE case_views ADD COLUMN hearings jsonb NOT NULL DEFAULT '[]'");
    await db.query(`
      ALTER TABLE follow_up_tasks
        ADD COLUMN confidence   text,
        ADD COLUMN last_checked text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE case_views DROP COLUMN custody, DROP COLUMN hearings');
    await db.query('ALTER TABLE follow_up_tasks DROP COLUMN confidence, DROP COLUMN last_checked');
    await db.query(`
      ALTER TABLE follow_up_deadlines
        DROP COLUMN counting, DROP COLUMN time_zone, DROP COLUMN last_day, DROP COLUMN moved_from,
        DROP COLUMN exact, DROP COLUMN last_checked, DROP COLUMN custody_id`);
  }
}
