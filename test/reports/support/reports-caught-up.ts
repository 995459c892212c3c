import { REPORT_EVENT_TYPES } from '@huquq/reports/projection/report-batch';
import type { TestApp } from '../../support/test-app';
import { waitFor } from '../../support/wait-for';

/** Resolves once the reports projection has applied every event of its types now in the log. */
export function reportsCaughtUp(t: TestApp): Promise<unknown> {
  return waitFor(
    async () => {
      const { rows } = await t.db.query<{ done: boolean }>(
        `SELECT c.name IS NOT NULL AND NOT EXISTS (
                  SELECT 1 FROM events e
                  WHERE e.type = ANY($1) AND (e.transaction_id, e.global_position) > (c.transaction_id, c.global_position)
                ) AS done
         FROM (SELECT 1) one LEFT JOIN projection_checkpoints c ON c.name = 'reports'`,
        [REPORT_EVENT_TYPES],
      );
      return rows[0].done;
    },
    { what: 'the reports projection to catch up', timeoutMs: 20000 },
  );
}
