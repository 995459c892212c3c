import type { Sql } from '@huquq/platform';

/**
 * What the database logs from now on counts as logged `daysAgo` days ago: the default of the
 * log's recorded time, on the demo's own database only. The hash chain covers the time as
 * stored, so the log stays verifiable; follow-up due times run from the appeal's own loggedAt
 * (now), so no task is born overdue. Set back to the plain clock when intake ends, and always
 * before the demo ends.
 */
export async function backdateLog(db: Sql, daysAgo: number): Promise<void> {
  const days = Math.max(0, Math.floor(daysAgo));
  await db.query(
    days === 0
      ? 'ALTER TABLE events ALTER COLUMN recorded_at SET DEFAULT clock_timestamp()'
      : `ALTER TABLE events ALTER COLUMN recorded_at SET DEFAULT clock_timestamp() - interval '${days} days'`,
  );
}
