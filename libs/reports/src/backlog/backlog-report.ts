import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Actor } from '@huquq/identity';
import { TenantDatabase, ValidationFailed } from '@huquq/platform';
import { AGE_BUCKETS, URGENCY_ORDER } from '../shared/dimensions';
import { parsePeriod, PeriodQuery } from '../shared/period';
import { Median, periodMedians } from './period-medians';

export type { Median } from './period-medians';

type ByUrgency = Record<(typeof URGENCY_ORDER)[number], number>;

export interface BacklogReport {
  asOf: string;
  /** The cases whose intake-to-first-action times are measured: logged in [from, to). */
  period: { from: string; to: string; timeZone: string };
  open: {
    total: number;
    byUrgency: ByUrgency;
    /** Time since the case was logged, first logging (a reopened case keeps its age). */
    byAge: ({ age: string; total: number } & ByUrgency)[];
  };
  overdue: {
    deadlines: {
      total: number;
      legal: number;
      case: number;
      /** The ten most overdue: ids and numbers only, never who the case is about. */
      oldest: {
        caseId: string;
        caseNumber: string;
        source: 'legal' | 'case';
        kind: string | null;
        dueAt: string;
        assigneeId: string | null;
        /** The assignee's display name as it is now (null: none set, or unassigned). */
        assigneeName: string | null;
      }[];
    };
    tasks: { total: number; lawyer: number; coordinator: number; byPriority: ByUrgency };
  };
  caseload: { unassigned: number; lawyers: LawyerLoad[] };
  timeToFirstContact: Median;
  timeToFirstLawyerAction: Median;
}

/** A lawyer's open cases; the name is read from the users table when the report is. */
type LawyerLoad = { lawyerId: string; lawyerName: string | null; open: number } & ByUrgency;

export class GetBacklogReport {
  constructor(
    readonly actor: Actor,
    readonly query: PeriodQuery,
    readonly now: Date = new Date(),
  ) {}
}

const zeroByUrgency = (): ByUrgency => ({ critical: 0, high: 0, normal: 0, low: 0 });

/**
 * Open cases by the UTC day they were logged, and by assignee: a few hundred counter rows. An
 * assignee's display name is joined as it is now (staff data; never copied into the counters).
 */
const OPEN_COUNTS = `
  SELECT o.grouping, o.key, o.urgency, o.open, u.display_name AS name FROM report_open_counts o
  LEFT JOIN users u ON o.grouping = 'assignee' AND u.org_id = o.org_id AND u.id::text = o.key
  WHERE o.org_id = $1 AND o.open <> 0`;

/**
 * The open cases of the days an age boundary falls in, to place each on its side of it. LATERAL
 * with OFFSET 0 keeps it a range scan of the open-cases index per day: joined plainly, the
 * planner may read every open case instead.
 */
const OPEN_ON_DAYS = `
  SELECT f.logged_at, f.urgency
  FROM unnest($2::timestamptz[], $3::timestamptz[]) AS d(lo, hi)
  CROSS JOIN LATERAL (
    SELECT logged_at, urgency FROM report_case_facts
    WHERE org_id = $1 AND closed_at IS NULL AND logged_at >= d.lo AND logged_at < d.hi
    OFFSET 0
  ) f`;

const OVERDUE_DEADLINES = `
  SELECT source, count(*)::int AS n FROM report_deadlines
  WHERE org_id = $1 AND done_at IS NULL AND case_open AND due_at < $2
  GROUP BY source`;

const OLDEST_DEADLINES = `
  SELECT d.case_id, f.case_number, d.source, d.kind, d.due_at, f.assignee_id, u.display_name AS assignee_name
  FROM report_deadlines d JOIN report_case_facts f ON f.case_id = d.case_id AND f.org_id = d.org_id
  LEFT JOIN users u ON u.id = f.assignee_id AND u.org_id = f.org_id
  WHERE d.org_id = $1 AND d.done_at IS NULL AND d.case_open AND d.due_at < $2
  ORDER BY d.due_at, d.deadline_id LIMIT 10`;

const OVERDUE_TASKS = `
  SELECT queue, priority, count(*)::int AS n FROM report_tasks
  WHERE org_id = $1 AND completed_at IS NULL AND case_open AND due_at < $2
  GROUP BY queue, priority`;

@QueryHandler(GetBacklogReport)
export class GetBacklogReportHandler implements IQueryHandler<GetBacklogReport, BacklogReport> {
  constructor(private readonly db: TenantDatabase) {}

  async execute({ actor, query, now }: GetBacklogReport): Promise<BacklogReport> {
    const period = parsePeriod(query, now);
    if (Array.isArray(period)) throw new ValidationFailed('The report parameters are not valid', period);
    const orgId = actor.orgId;
    const at = now.toISOString();

    const boundaries = ageBoundaryDays(now);
    const [counts, onBoundaries, deadlines, oldest, tasks, medians] = await this.db.transaction(
      orgId,
      async (tx) =>
        [
          (
            await tx.query<{
              grouping: 'logged_day' | 'assignee';
              key: string;
              urgency: string;
              open: number;
              name: string | null;
            }>(OPEN_COUNTS, [orgId])
          ).rows,
          (
            await tx.query<{ logged_at: Date; urgency: string }>(OPEN_ON_DAYS, [
              orgId,
              boundaries.map((d) => d.toISOString()),
              boundaries.map((d) => new Date(d.getTime() + DAY_MS).toISOString()),
            ])
          ).rows,
          (await tx.query<{ source: 'legal' | 'case'; n: number }>(OVERDUE_DEADLINES, [orgId, at])).rows,
          (
            await tx.query<{
              case_id: string;
              case_number: string;
              source: 'legal' | 'case';
              kind: string | null;
              due_at: Date;
              assignee_id: string | null;
              assignee_name: string | null;
            }>(OLDEST_DEADLINES, [orgId, at])
          ).rows,
          (await tx.query<{ queue: string; priority: string; n: number }>(OVERDUE_TASKS, [orgId, at])).rows,
          await periodMedians(tx, orgId, period.from, period.to),
        ] as const,
    );

    const byAge = openByAge(
      now,
      counts
        .filter((c) => c.grouping === 'logged_day')
        .map((c) => ({ day: c.key, urgency: c.urgency, open: c.open })),
      onBoundaries.map((c) => ({ loggedAt: c.logged_at, urgency: c.urgency })),
    );
    const byUrgency = zeroByUrgency();
    for (const bucket of byAge) for (const u of URGENCY_ORDER) byUrgency[u] += bucket[u];
    const lawyers = new Map<string, LawyerLoad>();
    let unassigned = 0;
    for (const row of counts.filter((c) => c.grouping === 'assignee')) {
      if (row.key === '') {
        unassigned += row.open;
        continue;
      }
      let lawyer = lawyers.get(row.key);
      if (!lawyer) {
        lawyer = { lawyerId: row.key, lawyerName: row.name, open: 0, ...zeroByUrgency() };
        lawyers.set(row.key, lawyer);
      }
      lawyer[row.urgency as keyof ByUrgency] += row.open;
      lawyer.open += row.open;
    }

    const taskTotals = { total: 0, lawyer: 0, coordinator: 0, byPriority: zeroByUrgency() };
    for (const row of tasks) {
      taskTotals.total += row.n;
      if (row.queue === 'lawyer' || row.queue === 'coordinator') taskTotals[row.queue] += row.n;
      const priority = row.priority as keyof ByUrgency;
      taskTotals.byPriority[priority] = (taskTotals.byPriority[priority] ?? 0) + row.n;
    }
    const legal = deadlines.find((d) => d.source === 'legal')?.n ?? 0;
    const own = deadlines.find((d) => d.source === 'case')?.n ?? 0;

    return {
      asOf: at,
      period: { from: period.from.toISOString(), to: period.to.toISOString(), timeZone: period.timeZone },
      open: { total: byAge.reduce((sum, b) => sum + b.total, 0), byUrgency, byAge },
      overdue: {
        deadlines: {
          total: legal + own,
          legal,
          case: own,
          oldest: oldest.map((d) => ({
            caseId: d.case_id,
            caseNumber: d.case_number,
            source: d.source,
            kind: d.kind,
            dueAt: d.due_at.toISOString(),
            assigneeId: d.assignee_id,
            assigneeName: d.assignee_name,
          })),
        },
        tasks: taskTotals,
      },
      caseload: {
        unassigned,
        lawyers: [...lawyers.values()].sort(
          (a, b) => b.open - a.open || a.lawyerId.localeCompare(b.lawyerId),
        ),
      },
      timeToFirstContact: medians.contact,
      timeToFirstLawyerAction: medians.lawyer,
    };
  }
}

const DAY_MS = 86_400_000;

/** The instants where one age bucket ends and the next begins: now minus 1, 3, 7, 30, 90 days. */
function ageBoundaries(now: Date): Date[] {
  return AGE_BUCKETS.filter((b) => b.underDays !== null).map(
    (b) => new Date(now.getTime() - b.underDays! * DAY_MS),
  );
}

/** The UTC days an age boundary falls in: their open cases are placed one by one. */
export function ageBoundaryDays(now: Date): Date[] {
  const days = ageBoundaries(now).map((b) => b.getTime() - (b.getTime() % DAY_MS));
  return [...new Set(days)].map((t) => new Date(t));
}

function ageBucketOf(loggedAt: Date, boundaries: Date[]): number {
  const i = boundaries.findIndex((boundary) => loggedAt > boundary);
  return i === -1 ? boundaries.length : i;
}

/**
 * Open cases by age and urgency: a whole logging day falls in one bucket, except the days an age
 * boundary cuts, whose open cases (`onBoundaryDays`) are placed one by one.
 */
export function openByAge(
  now: Date,
  days: readonly { day: string; urgency: string; open: number }[],
  onBoundaryDays: readonly { loggedAt: Date; urgency: string }[],
): ({ age: string; total: number } & ByUrgency)[] {
  const boundaries = ageBoundaries(now);
  const cut = new Set(ageBoundaryDays(now).map((d) => d.toISOString().slice(0, 10)));
  const byAge = AGE_BUCKETS.map((b) => ({ age: b.key, total: 0, ...zeroByUrgency() }));
  const add = (bucket: number, urgency: string, n: number) => {
    const row = byAge[bucket];
    row[urgency as keyof ByUrgency] = (row[urgency as keyof ByUrgency] ?? 0) + n;
    row.total += n;
  };
  for (const d of days) {
    if (!cut.has(d.day)) add(ageBucketOf(new Date(`${d.day}T00:00:00Z`), boundaries), d.urgency, d.open);
  }
  for (const c of onBoundaryDays) add(ageBucketOf(c.loggedAt, boundaries), c.urgency, 1);
  return byAge;
}
