import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The backlog's medians from a histogram per day and month (docs/decisions/0150): cases logged
 * and their intake-to-first-contact and intake-to-first-lawyer-action delays, by delay bucket,
 * kept by the reports projection. A year's medians then read a few thousand counters and the
 * handful of cases in the bucket the median falls in, instead of sorting every case of the year.
 */
export class BacklogDelayHistogram1732240150000 implements MigrationInterface {
  name = 'BacklogDelayHistogram1732240150000';

  async up(db: QueryRunner): Promise<void> {
    // The same function as delayBucket() in libs/reports/src/shared/delay-buckets.ts (a test
    // holds them equal): whole seconds cut to two significant digits; -1 for a negative delay.
    await db.query(`
      CREATE FUNCTION huquq_delay_bucket(seconds numeric) RETURNS bigint
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT CASE
          WHEN seconds < 0 THEN -1
          WHEN floor(seconds) < 100 THEN floor(seconds)::bigint
          ELSE (floor(seconds)::bigint / power(10::numeric, length(floor(seconds)::bigint::text) - 2)::bigint)
               * power(10::numeric, length(floor(seconds)::bigint::text) - 2)::bigint
        END
      $$`);

    // grain 'day' or 'month' (UTC, by the case's logged_at); measure 'logged' (delay_bucket 0:
    // every case), 'contact' or 'lawyer'. Rows reaching 0 are deleted by the projection.
    await db.query(`
      CREATE TABLE report_delay_histogram (
        org_id       uuid        NOT NULL,
        grain        text        NOT NULL CHECK (grain IN ('day', 'month')),
        period       timestamptz NOT NULL,
        measure      text        NOT NULL CHECK (measure IN ('logged', 'contact', 'lawyer')),
        delay_bucket bigint      NOT NULL,
        cases        integer     NOT NULL,
        PRIMARY KEY (org_id, grain, period, measure, delay_bucket) INCLUDE (cases)
      ) WITH (fillfactor = 70)`);
    await db.query(`SELECT huquq_isolate_by_org('report_delay_histogram')`);

    // The delays themselves (seconds, to the millisecond as the facts are), so the cases of the
    // bucket a median falls in are read from the index alone (an expression index cannot answer
    // an index-only scan): a few index pages instead of a heap page per case. Double precision,
    // not numeric: the request path reads under row-level security, where only leakproof
    // operators may be index conditions, and numeric's comparisons are not (the range would be
    // a filter over every case of the organization). The same double percentile_cont sorts.
    await db.query(`
      ALTER TABLE report_case_facts
        ADD COLUMN contact_seconds double precision,
        ADD COLUMN lawyer_seconds double precision`);
    await db.query(`
      UPDATE report_case_facts SET
        contact_seconds = extract(epoch FROM first_contact_at - logged_at)::float8,
        lawyer_seconds = extract(epoch FROM first_lawyer_action_at - logged_at)::float8
      WHERE first_contact_at IS NOT NULL OR first_lawyer_action_at IS NOT NULL`);
    await db.query(`
      CREATE INDEX report_case_facts_contact_delay ON report_case_facts (org_id, contact_seconds, logged_at)
      WHERE contact_seconds IS NOT NULL`);
    await db.query(`
      CREATE INDEX report_case_facts_lawyer_delay ON report_case_facts (org_id, lawyer_seconds, logged_at)
      WHERE lawyer_seconds IS NOT NULL`);

    // An installation with reports already: the histogram of the facts it has.
    await db.query(BACKFILL_DELAY_HISTOGRAM);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE report_case_facts DROP COLUMN lawyer_seconds, DROP COLUMN contact_seconds');
    await db.query('DROP TABLE report_delay_histogram');
    await db.query('DROP FUNCTION huquq_delay_bucket');
  }
}

/** The histogram of every case in report_case_facts (into an empty table). */
export const BACKFILL_DELAY_HISTOGRAM = `
  INSERT INTO report_delay_histogram (org_id, grain, period, measure, delay_bucket, cases)
  SELECT f.org_id, g.grain, date_trunc(g.grain, f.logged_at, 'UTC'), m.measure, m.bucket, count(*)::int
  FROM report_case_facts f
  CROSS JOIN (VALUES ('day'), ('month')) AS g(grain)
  CROSS JOIN LATERAL (VALUES
    ('logged', 0::bigint),
    ('contact', huquq_delay_bucket(extract(epoch FROM f.first_contact_at - f.logged_at))),
    ('lawyer', huquq_delay_bucket(extract(epoch FROM f.first_lawyer_action_at - f.logged_at)))
  ) AS m(measure, bucket)
  WHERE m.bucket IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5`;
