import { REPORT_TABLES } from '@huquq/reports';
import { runCommand } from '../../apps/cli/src/commands';
import { appealBody, bearer, startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

/**
 * Every table a projection writes (the ledgers too: a rebuild replays into them), with the
 * columns it writes: the ledgers' other columns are the dispatchers' (enqueued, sent, attempts).
 */
const WRITTEN: Record<string, string> = {
  follow_up_jobs: 'job_id, org_id, kind, payload, run_at, source_position',
  notification_deliveries:
    'delivery_id, org_id, user_id, channel, kind, urgent, case_id, case_number, task_id, task_kind, due_at, event_id, source_position',
};
const TABLES = [
  'case_views',
  'case_history',
  'client_views',
  'client_match_keys',
  'client_pairs',
  'follow_up_tasks',
  'follow_up_deadlines',
  'follow_up_jobs',
  'notification_deliveries',
  ...REPORT_TABLES,
];

const INDEXES = `SELECT tablename, indexname, indexdef FROM pg_indexes
                 WHERE schemaname = 'public' AND tablename = ANY($1) ORDER BY indexname`;

/**
 * A full rebuild (one read of the log for all projections, pages of 2,000, indexes dropped and
 * built again around the replay) leaves every projection's tables as the running service left
 * them applying the same events as they came, a few at a time.
 */
describe('a rebuild gives what applying the events as they came gave', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  /** Every row of every table, in an order that does not depend on how it was written. */
  async function dump() {
    const out: Record<string, unknown[]> = {};
    for (const table of TABLES) {
      const columns = WRITTEN[table] ?? '*';
      const order = columns === '*' ? 't::text' : `ROW(${columns})::text`;
      out[table] = (await t.db.query(`SELECT ${columns} FROM ${table} t ORDER BY ${order}`)).rows;
    }
    return out;
  }

  /** Every asynchronous projection past the log's end, and no follow-up job due left to run. */
  function settled() {
    return waitFor(
      async () => {
        const status = (await runCommand(t.config, ['projections:status'])) as {
          projections: { lagEvents: number }[];
        };
        const { rows } = await t.db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM follow_up_jobs WHERE done_at IS NULL AND failed_at IS NULL AND run_at <= now()',
        );
        return status.projections.every((p) => p.lagEvents === 0) && rows[0].n === 0;
      },
      { what: 'the projections and follow-ups to settle', timeoutMs: 30000, intervalMs: 100 },
    );
  }

  it('rebuilds every projection into identical rows, with every index back', async () => {
    const org = await t.createOrg();
    const as = (role: 'intake' | 'coordinator' | 'lawyer') => bearer(org.users[role].token);
    for (let i = 0; i < 6; i++) {
      const res = await t.http.post('/v1/appeals').set(as('intake')).send(appealBody()).expect(201);
      const caseId = res.body.caseId as string;
      await t.http
        .post(`/v1/cases/${caseId}/assignment`)
        .set(as('coordinator'))
        .send({ lawyerId: org.users.lawyer.id, expectedVersion: 1 })
        .expect(200);
      await t.http
        .post(`/v1/cases/${caseId}/notes`)
        .set(as('lawyer'))
        .send({ text: `note ${i}` })
        .expect(200);
      await t.http
        .post(`/v1/cases/${caseId}/deadlines`)
        .set(as('lawyer'))
        .send({ kind: 'hearing', dueAt: `203${i}-01-01T10:00:00+03:00`, expectedVersion: 3 })
        .expect(200);
      if (i % 3 === 1)
        await t.http
          .post(`/v1/cases/${caseId}/close`)
          .set(as('coordinator'))
          .send({ outcome: 'settled', expectedVersion: 4 })
          .expect(200);
    }
    await settled();
    const before = await dump();
    const indexes = (await t.db.query(INDEXES, [TABLES])).rows;
    // Not a comparison of empty tables: the case, client, task and report tables have rows.
    for (const table of [
      'case_views',
      'client_match_keys',
      'follow_up_tasks',
      'follow_up_jobs',
      ...REPORT_TABLES,
    ])
      expect({ table, rows: before[table].length > 0 }).toEqual({ table, rows: true });

    await runCommand(t.config, ['projections:rebuild']);
    await settled();

    const after = await dump();
    for (const table of TABLES) expect({ table, rows: after[table] }).toEqual({ table, rows: before[table] });
    expect((await t.db.query(INDEXES, [TABLES])).rows).toEqual(indexes);
    expect((await t.db.query('SELECT * FROM projection_deferred_indexes')).rows).toEqual([]);
    expect((await t.db.query('SELECT projection, error_message FROM parked_events')).rows).toEqual([]);
  });

  it('builds the indexes an interrupted rebuild left dropped before it rebuilds again', async () => {
    // What a rebuild cut off between its reset and its end leaves: the index gone, its record kept.
    const { rows } = await t.db.query<{ indexdef: string }>(
      "SELECT indexdef FROM pg_indexes WHERE indexname = 'case_views_newest'",
    );
    await t.db.transaction(async (tx) => {
      await tx.query(
        "INSERT INTO projection_deferred_indexes (index_name, definition) VALUES ('case_views_newest', $1)",
        [rows[0].indexdef],
      );
      await tx.query('DROP INDEX case_views_newest');
    });

    await runCommand(t.config, ['projections:rebuild']);

    expect(
      (await t.db.query("SELECT indexdef FROM pg_indexes WHERE indexname = 'case_views_newest'")).rows,
    ).toEqual(rows);
    expect((await t.db.query('SELECT * FROM projection_deferred_indexes')).rows).toEqual([]);
  });
});
