import type { Projection, StoredEvent } from '@huquq/event-store';
import type { Sql } from '@huquq/platform';
import {
  BatchChanges,
  CaseFacts,
  caseIdsReferenced,
  REPORT_EVENT_TYPES,
  ReportBatch,
  TaskFacts,
  taskIdsReferenced,
} from './report-batch';

export const REPORT_TABLES = [
  'report_load_counters',
  'report_load_transitions',
  'report_case_facts',
  'report_open_counts',
  'report_tasks',
  'report_deadlines',
  'report_delay_histogram',
];

interface FactsRow {
  case_id: string;
  org_id: string;
  case_number: string;
  appeal_type: string;
  channel: string;
  urgency: string;
  nationality: string;
  region: string;
  status: string;
  assignee_id: string | null;
  logged_at: Date;
  closed_at: Date | null;
  first_contact_at: Date | null;
  first_lawyer_action_at: Date | null;
  version: number;
}

interface TaskRow {
  task_id: string;
  org_id: string;
  case_id: string | null;
  queue: string;
  priority: string;
  is_escalation: boolean;
  due_at: Date;
  completed_at: Date | null;
  version: number;
}

/**
 * The reports' read models: load counters and transitions, case facts, tasks and deadlines. A
 * page of events costs two reads (the tasks and cases it touches) and at most nine multi-row
 * writes, whatever its size, so catching up over a million events is a few thousand statements.
 */
export class ReportProjection implements Projection {
  readonly name = 'reports';
  readonly eventTypes = REPORT_EVENT_TYPES;
  /** The reports' indexes: apply reads facts and tasks by id, deadlines and tasks by task and case. */
  readonly deferredIndexes = [
    'report_case_facts_by_logged',
    'report_case_facts_open_by_age',
    'report_case_facts_contact_delay',
    'report_case_facts_lawyer_delay',
    'report_load_transitions_by_time',
    'report_tasks_outstanding',
    'report_deadlines_outstanding',
  ];

  async apply(sql: Sql, events: StoredEvent[]): Promise<void> {
    const tasks = await loadTasks(sql, taskIdsReferenced(events));
    const facts = await loadFacts(sql, caseIdsReferenced(events, tasks));
    const batch = new ReportBatch(facts.values(), tasks.values());
    for (const event of events) batch.apply(event);
    await write(sql, batch.changes(), batch);
  }

  async reset(sql: Sql): Promise<void> {
    // TRUNCATE, as the other projections: the replay then fills clean tables and indexes.
    await sql.query(`TRUNCATE ${REPORT_TABLES.join(', ')}`);
  }
}

async function loadTasks(sql: Sql, ids: string[]): Promise<Map<string, TaskFacts>> {
  if (ids.length === 0) return new Map();
  const { rows } = await sql.query<TaskRow>('SELECT * FROM report_tasks WHERE task_id = ANY($1::uuid[])', [
    ids,
  ]);
  return new Map(
    rows.map((r) => [
      r.task_id,
      {
        taskId: r.task_id,
        orgId: r.org_id,
        caseId: r.case_id,
        queue: r.queue,
        priority: r.priority,
        isEscalation: r.is_escalation,
        dueAt: r.due_at,
        completedAt: r.completed_at,
        version: r.version,
      },
    ]),
  );
}

async function loadFacts(sql: Sql, ids: string[]): Promise<Map<string, CaseFacts>> {
  if (ids.length === 0) return new Map();
  const { rows } = await sql.query<FactsRow>(
    'SELECT * FROM report_case_facts WHERE case_id = ANY($1::uuid[])',
    [ids],
  );
  return new Map(
    rows.map((r) => [
      r.case_id,
      {
        caseId: r.case_id,
        orgId: r.org_id,
        caseNumber: r.case_number,
        appealType: r.appeal_type,
        channel: r.channel,
        urgency: r.urgency,
        nationality: r.nationality,
        region: r.region,
        status: r.status,
        assigneeId: r.assignee_id,
        loggedAt: r.logged_at,
        closedAt: r.closed_at,
        firstContactAt: r.first_contact_at,
        firstLawyerActionAt: r.first_lawyer_action_at,
        version: r.version,
      },
    ]),
  );
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
/** A delay in seconds to the millisecond: a JSON number PostgreSQL reads back as that exact decimal. */
const secondsSince = (from: Date, to: Date | null) => (to ? (to.getTime() - from.getTime()) / 1000 : null);

async function write(sql: Sql, changes: BatchChanges, batch: ReportBatch): Promise<void> {
  if (changes.facts.length > 0) {
    await sql.query(
      `INSERT INTO report_case_facts
       SELECT * FROM jsonb_populate_recordset(NULL::report_case_facts, $1::jsonb)
       ON CONFLICT (case_id) DO UPDATE SET
         status = EXCLUDED.status, assignee_id = EXCLUDED.assignee_id, closed_at = EXCLUDED.closed_at,
         first_contact_at = EXCLUDED.first_contact_at, first_lawyer_action_at = EXCLUDED.first_lawyer_action_at,
         contact_seconds = EXCLUDED.contact_seconds, lawyer_seconds = EXCLUDED.lawyer_seconds,
         version = EXCLUDED.version`,
      [
        JSON.stringify(
          changes.facts.map((f) => ({
            case_id: f.caseId,
            org_id: f.orgId,
            case_number: f.caseNumber,
            appeal_type: f.appealType,
            channel: f.channel,
            urgency: f.urgency,
            nationality: f.nationality,
            region: f.region,
            status: f.status,
            assignee_id: f.assigneeId,
            logged_at: iso(f.loggedAt),
            closed_at: iso(f.closedAt),
            first_contact_at: iso(f.firstContactAt),
            first_lawyer_action_at: iso(f.firstLawyerActionAt),
            contact_seconds: secondsSince(f.loggedAt, f.firstContactAt),
            lawyer_seconds: secondsSince(f.loggedAt, f.firstLawyerActionAt),
            version: f.version,
          })),
        ),
      ],
    );
  }

  if (changes.delays.length > 0) {
    const h = changes.delays;
    await sql.query(
      `INSERT INTO report_delay_histogram AS t (org_id, grain, period, measure, delay_bucket, cases)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::text[], $5::bigint[], $6::int[])
       ON CONFLICT (org_id, grain, period, measure, delay_bucket) DO UPDATE SET cases = t.cases + EXCLUDED.cases`,
      [
        h.map((d) => d.orgId),
        h.map((d) => d.grain),
        h.map((d) => d.period.toISOString()),
        h.map((d) => d.measure),
        h.map((d) => d.delayBucket),
        h.map((d) => d.delta),
      ],
    );
    // A bucket a case left (its first action turned out earlier) may be empty now: gone, so the
    // table is the same however the log was paged (a rebuild reads bigger pages).
    const left = h.filter((d) => d.delta < 0);
    if (left.length > 0) {
      await sql.query(
        `DELETE FROM report_delay_histogram t
         USING unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::text[], $5::bigint[])
           AS x(org_id, grain, period, measure, delay_bucket)
         WHERE (t.org_id, t.grain, t.period, t.measure, t.delay_bucket)
             = (x.org_id, x.grain, x.period, x.measure, x.delay_bucket)
           AND t.cases = 0`,
        [
          left.map((d) => d.orgId),
          left.map((d) => d.grain),
          left.map((d) => d.period.toISOString()),
          left.map((d) => d.measure),
          left.map((d) => d.delayBucket),
        ],
      );
    }
  }

  if (changes.counters.length > 0) {
    const c = changes.counters;
    await sql.query(
      `INSERT INTO report_load_counters AS t (org_id, dimension, grain, bucket, key, opened, closed, reopened)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::text[],
                            $6::int[], $7::int[], $8::int[])
       ON CONFLICT (org_id, dimension, grain, bucket, key) DO UPDATE SET
         opened = t.opened + EXCLUDED.opened, closed = t.closed + EXCLUDED.closed,
         reopened = t.reopened + EXCLUDED.reopened`,
      [
        c.map((d) => d.orgId),
        c.map((d) => d.dimension),
        c.map((d) => d.grain),
        c.map((d) => d.bucket.toISOString()),
        c.map((d) => d.key),
        c.map((d) => d.opened),
        c.map((d) => d.closed),
        c.map((d) => d.reopened),
      ],
    );
  }

  if (changes.transitions.length > 0) {
    const t = changes.transitions;
    await sql.query(
      `INSERT INTO report_load_transitions (case_id, version, org_id, at, kind, appeal_type, region, nationality,
         channel, status_from, status_to)
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::uuid[], $4::timestamptz[], $5::text[], $6::text[], $7::text[],
                            $8::text[], $9::text[], $10::text[], $11::text[])
       ON CONFLICT (case_id, version) DO NOTHING`,
      [
        t.map((x) => x.caseId),
        t.map((x) => x.version),
        t.map((x) => x.orgId),
        t.map((x) => x.at.toISOString()),
        t.map((x) => x.kind),
        t.map((x) => x.appealType),
        t.map((x) => x.region),
        t.map((x) => x.nationality),
        t.map((x) => x.channel),
        t.map((x) => x.statusFrom),
        t.map((x) => x.statusTo),
      ],
    );
  }

  if (changes.openCounts.length > 0) {
    const o = changes.openCounts;
    await sql.query(
      `INSERT INTO report_open_counts AS t (org_id, grouping, key, urgency, open)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[])
       ON CONFLICT (org_id, grouping, key, urgency) DO UPDATE SET open = t.open + EXCLUDED.open`,
      [
        o.map((x) => x.orgId),
        o.map((x) => x.grouping),
        o.map((x) => x.key),
        o.map((x) => x.urgency),
        o.map((x) => x.delta),
      ],
    );
    // A day or an assignee with no open case left has no row: the table is then the same however
    // the log was paged (a case logged and assigned in one page never touches the '' row).
    const emptied = o.filter((x) => x.delta < 0);
    if (emptied.length > 0) {
      await sql.query(
        `DELETE FROM report_open_counts t
         USING unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS x(org_id, grouping, key, urgency)
         WHERE (t.org_id, t.grouping, t.key, t.urgency) = (x.org_id, x.grouping, x.key, x.urgency)
           AND t.open = 0`,
        [
          emptied.map((x) => x.orgId),
          emptied.map((x) => x.grouping),
          emptied.map((x) => x.key),
          emptied.map((x) => x.urgency),
        ],
      );
    }
  }

  if (changes.tasks.length > 0) {
    const t = changes.tasks;
    await sql.query(
      `INSERT INTO report_tasks AS r (task_id, org_id, case_id, queue, priority, is_escalation, due_at,
         completed_at, case_open, version)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::bool[],
                            $7::timestamptz[], $8::timestamptz[], $9::bool[], $10::int[])
       ON CONFLICT (task_id) DO UPDATE SET completed_at = EXCLUDED.completed_at, version = EXCLUDED.version`,
      [
        t.map((x) => x.taskId),
        t.map((x) => x.orgId),
        t.map((x) => x.caseId),
        t.map((x) => x.queue),
        t.map((x) => x.priority),
        t.map((x) => x.isEscalation),
        t.map((x) => x.dueAt.toISOString()),
        t.map((x) => iso(x.completedAt)),
        t.map((x) => batch.isOpen(x.caseId)),
        t.map((x) => x.version),
      ],
    );
  }

  if (changes.newDeadlines.length > 0) {
    const d = changes.newDeadlines;
    await sql.query(
      `INSERT INTO report_deadlines (deadline_id, org_id, case_id, source, kind, task_id, due_at, done_at,
         missed_at, case_open)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::uuid[],
                            $7::timestamptz[], $8::timestamptz[], $9::timestamptz[], $10::bool[])
       ON CONFLICT (deadline_id) DO NOTHING`,
      [
        d.map((x) => x.deadlineId),
        d.map((x) => x.orgId),
        d.map((x) => x.caseId),
        d.map((x) => x.source),
        d.map((x) => x.kind),
        d.map((x) => x.taskId),
        d.map((x) => x.dueAt.toISOString()),
        d.map((x) => iso(x.doneAt)),
        d.map((x) => iso(x.missedAt)),
        d.map((x) => batch.isOpen(x.caseId)),
      ],
    );
  }

  // After the inserts above, so deadlines set and worked within the same page are covered too.
  if (changes.deadlinesDoneByTask.size > 0) {
    await sql.query(
      `UPDATE report_deadlines d SET done_at = x.done_at
       FROM unnest($1::uuid[], $2::timestamptz[]) AS x(task_id, done_at)
       WHERE d.task_id = x.task_id AND d.done_at IS NULL`,
      [[...changes.deadlinesDoneByTask.keys()], [...changes.deadlinesDoneByTask.values()].map(iso)],
    );
  }
  if (changes.deadlinesMissed.size > 0) {
    await sql.query(
      `UPDATE report_deadlines d SET missed_at = x.missed_at
       FROM unnest($1::uuid[], $2::timestamptz[]) AS x(deadline_id, missed_at)
       WHERE d.deadline_id = x.deadline_id AND d.missed_at IS NULL`,
      [[...changes.deadlinesMissed.keys()], [...changes.deadlinesMissed.values()].map(iso)],
    );
  }

  if (changes.openChanged.size > 0) {
    const ids = [...changes.openChanged.keys()];
    const open = [...changes.openChanged.values()];
    await sql.query(
      `WITH x AS (SELECT * FROM unnest($1::uuid[], $2::bool[]) AS x(case_id, open)),
       tasks AS (
         UPDATE report_tasks r SET case_open = x.open FROM x
         WHERE r.case_id = x.case_id AND r.case_open <> x.open
       )
       UPDATE report_deadlines d SET case_open = x.open FROM x
       WHERE d.case_id = x.case_id AND d.case_open <> x.open`,
      [ids, open],
    );
  }
}
