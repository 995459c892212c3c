import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { PoolClient } from 'pg';
import type { Actor } from '@huquq/identity';
import { TenantDatabase, ValidationFailed } from '@huquq/platform';
import { GroupBy, OPEN_STATUSES } from '../shared/dimensions';
import { bucketKeys, parsePeriod, Period, PeriodQuery } from '../shared/period';
import { BucketRange, decompose } from '../shared/time-buckets';

export interface LoadRow {
  /** The day or week (its Monday), or the attribute's value; null for "not recorded". */
  key: string | null;
  opened: number;
  closed: number;
  reopened: number;
  open: number;
}

export interface LoadReport {
  groupBy: GroupBy;
  from: string;
  to: string;
  timeZone: string;
  rows: LoadRow[];
  totals: { opened: number; closed: number; reopened: number; open: number; openAtStart: number };
}

export class GetLoadReport {
  constructor(
    readonly actor: Actor,
    readonly query: PeriodQuery & { groupBy?: GroupBy },
    readonly now: Date = new Date(),
  ) {}
}

/** Months before any case was ever logged: the start of every "open so far" sum. */
const BEGINNING = new Date(Date.UTC(1970, 0, 1));

interface SumRow {
  dimension: string;
  key: string;
  opened: number;
  closed: number;
  reopened: number;
  open_at_start: number;
  open_at_end: number;
}

interface TimeRow {
  key: string;
  opened: number;
  closed: number;
  reopened: number;
}

/**
 * Per key: what happened in the period, and the net of openings, closings and reopenings before
 * its start and before its end (the cases open then). Whole days and months come from the
 * counters, the ends shorter than a day from the transitions: each range is one index range scan.
 */
const SUMS = `
  WITH ranges AS (
    SELECT * FROM unnest($2::text[], $3::timestamptz[], $4::timestamptz[], $5::bool[]) AS r(source, lo, hi, in_period)
  ),
  counted AS (
    SELECT c.dimension, c.key, c.opened, c.closed, c.reopened, r.in_period
    FROM ranges r
    JOIN report_load_counters c
      ON c.org_id = $1 AND c.dimension = ANY($6::text[]) AND c.grain = r.source
     AND c.bucket >= r.lo AND c.bucket < r.hi
    WHERE r.source <> 'events'
    UNION ALL
    SELECT d.dimension, d.key, d.opened, d.closed, d.reopened, r.in_period
    FROM ranges r
    JOIN report_load_transitions t ON t.org_id = $1 AND t.at >= r.lo AND t.at < r.hi
    CROSS JOIN LATERAL (VALUES
      ('all', '', (t.kind = 'opened')::int, (t.kind = 'closed')::int, (t.kind = 'reopened')::int),
      ('appealType', t.appeal_type, (t.kind = 'opened')::int, (t.kind = 'closed')::int, (t.kind = 'reopened')::int),
      ('region', t.region, (t.kind = 'opened')::int, (t.kind = 'closed')::int, (t.kind = 'reopened')::int),
      ('nationality', t.nationality, (t.kind = 'opened')::int, (t.kind = 'closed')::int, (t.kind = 'reopened')::int),
      ('channel', t.channel, (t.kind = 'opened')::int, (t.kind = 'closed')::int, (t.kind = 'reopened')::int),
      ('status', t.status_to, 1, 0, 0),
      ('status', t.status_from, 0, 1, 0)
    ) AS d(dimension, key, opened, closed, reopened)
    WHERE r.source = 'events' AND d.dimension = ANY($6::text[]) AND d.key IS NOT NULL
      AND (t.kind <> 'moved' OR d.dimension = 'status')
  )
  SELECT dimension, key,
         coalesce(sum(opened) FILTER (WHERE in_period), 0)::int AS opened,
         coalesce(sum(closed) FILTER (WHERE in_period), 0)::int AS closed,
         coalesce(sum(reopened) FILTER (WHERE in_period), 0)::int AS reopened,
         coalesce(sum(opened - closed + reopened) FILTER (WHERE NOT in_period), 0)::int AS open_at_start,
         sum(opened - closed + reopened)::int AS open_at_end
  FROM counted
  GROUP BY dimension, key`;

/** The period's hours, summed by local day or ISO week (date_trunc's weeks start on Monday). */
const BY_TIME = `
  SELECT date_trunc($4, c.bucket AT TIME ZONE $5)::date::text AS key,
         sum(c.opened)::int AS opened, sum(c.closed)::int AS closed, sum(c.reopened)::int AS reopened
  FROM report_load_counters c
  WHERE c.org_id = $1 AND c.dimension = 'all' AND c.grain = 'hour' AND c.bucket >= $2 AND c.bucket < $3
  GROUP BY 1`;

const DIMENSION_OF: Record<Exclude<GroupBy, 'day' | 'week'>, string> = {
  appealType: 'appealType',
  region: 'region',
  nationality: 'nationality',
  channel: 'channel',
  status: 'status',
};

@QueryHandler(GetLoadReport)
export class GetLoadReportHandler implements IQueryHandler<GetLoadReport, LoadReport> {
  constructor(private readonly db: TenantDatabase) {}

  async execute({ actor, query, now }: GetLoadReport): Promise<LoadReport> {
    const period = parsePeriod(query, now);
    if (Array.isArray(period)) throw new ValidationFailed('The report parameters are not valid', period);
    const groupBy = query.groupBy ?? 'day';
    const result = await this.db.transaction(actor.orgId, (tx) =>
      groupBy === 'day' || groupBy === 'week'
        ? byTime(tx, actor.orgId, period, groupBy)
        : byDimension(tx, actor.orgId, period, DIMENSION_OF[groupBy]),
    );
    return {
      groupBy,
      from: period.from.toISOString(),
      to: period.to.toISOString(),
      timeZone: period.timeZone,
      ...result,
    };
  }
}

function rangesParameters(ranges: { range: BucketRange; inPeriod: boolean }[]) {
  return [
    ranges.map((r) => r.range.source),
    ranges.map((r) => r.range.from.toISOString()),
    ranges.map((r) => r.range.to.toISOString()),
    ranges.map((r) => r.inPeriod),
  ];
}

function sums(tx: PoolClient, orgId: string, period: Period, dimensions: string[]) {
  const ranges = [
    ...decompose(BEGINNING, period.from).map((range) => ({ range, inPeriod: false })),
    ...decompose(period.from, period.to).map((range) => ({ range, inPeriod: true })),
  ];
  return tx.query<SumRow>(SUMS, [orgId, ...rangesParameters(ranges), dimensions]);
}

async function byDimension(tx: PoolClient, orgId: string, period: Period, dimension: string) {
  const { rows } = await sums(tx, orgId, period, [dimension, 'all']);
  const all = rows.find((r) => r.dimension === 'all');
  const keyed = rows
    .filter((r) => r.dimension === dimension)
    .filter((r) => r.opened || r.closed || r.reopened || r.open_at_end)
    .map((r) => ({
      key: r.key === '' ? null : r.key,
      opened: r.opened,
      closed: r.closed,
      reopened: r.reopened,
      open: r.open_at_end,
    }));
  if (dimension === 'status') {
    const order = OPEN_STATUSES as readonly string[];
    keyed.sort((a, b) => order.indexOf(a.key ?? '') - order.indexOf(b.key ?? ''));
  } else {
    keyed.sort((a, b) => b.opened - a.opened || b.open - a.open || (a.key ?? '').localeCompare(b.key ?? ''));
  }
  return { rows: keyed, totals: totalsOf(all) };
}

async function byTime(tx: PoolClient, orgId: string, period: Period, unit: 'day' | 'week') {
  const before = await sums(tx, orgId, { ...period, to: period.from }, ['all']);
  const start = before.rows[0]?.open_at_start ?? 0;
  const { rows } = await tx.query<TimeRow>(BY_TIME, [
    orgId,
    period.from.toISOString(),
    period.to.toISOString(),
    unit,
    period.timeZone,
  ]);
  const byKey = new Map(rows.map((r) => [r.key, r]));
  let open = start;
  const totals = { opened: 0, closed: 0, reopened: 0, open: start, openAtStart: start };
  const out = bucketKeys(period, unit).map((key) => {
    const r = byKey.get(key) ?? { opened: 0, closed: 0, reopened: 0 };
    open += r.opened - r.closed + r.reopened;
    totals.opened += r.opened;
    totals.closed += r.closed;
    totals.reopened += r.reopened;
    return { key, opened: r.opened, closed: r.closed, reopened: r.reopened, open };
  });
  totals.open = open;
  return { rows: out, totals };
}

function totalsOf(all: SumRow | undefined) {
  return {
    opened: all?.opened ?? 0,
    closed: all?.closed ?? 0,
    reopened: all?.reopened ?? 0,
    open: all?.open_at_end ?? 0,
    openAtStart: all?.open_at_start ?? 0,
  };
}
