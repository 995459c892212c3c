import type { Sql } from '@huquq/platform';
import { bucketBounds, delayBucket } from '../shared/delay-buckets';
import { decompose, floorTo } from '../shared/time-buckets';

/** A median of intake-to-first-action times over the cases logged in a period. */
export interface Median {
  medianSeconds: number | null;
  /** Cases of the period that have had it. */
  measured: number;
  /** Cases of the period still waiting for it. */
  waiting: number;
}

/** Each measure's delay column (seconds from logged_at, kept by the projection). */
const MEASURES = { contact: 'contact_seconds', lawyer: 'lawyer_seconds' } as const;
type Measure = keyof typeof MEASURES;

/**
 * Cases logged, and their delays by bucket, over whole UTC days and months; a range counted
 * with sign -1 is taken away (a month but the days of it outside the period).
 */
const HISTOGRAM = `
  SELECT h.measure, h.delay_bucket::float8 AS bucket, sum(h.cases * r.sign)::int AS cases
  FROM unnest($2::text[], $3::timestamptz[], $4::timestamptz[], $5::int[]) AS r(grain, lo, hi, sign)
  CROSS JOIN LATERAL (
    SELECT measure, delay_bucket, cases FROM report_delay_histogram
    WHERE org_id = $1 AND grain = r.grain AND period >= r.lo AND period < r.hi
    OFFSET 0
  ) h
  GROUP BY 1, 2`;

/** The cases of the parts of the period shorter than a day, one by one (a day's cases at most). */
const EDGES = `
  SELECT extract(epoch FROM f.first_contact_at - f.logged_at)::float8 AS contact,
         extract(epoch FROM f.first_lawyer_action_at - f.logged_at)::float8 AS lawyer
  FROM unnest($2::timestamptz[], $3::timestamptz[]) AS r(lo, hi)
  CROSS JOIN LATERAL (
    SELECT first_contact_at, first_lawyer_action_at, logged_at FROM report_case_facts
    WHERE org_id = $1 AND logged_at >= r.lo AND logged_at < r.hi
    OFFSET 0
  ) f`;

/**
 * The delays of one bucket within the period: an index-only range scan of the delay index.
 * `column` is one of MEASURES' values, never input.
 */
const inBucket = (column: string) => `
  SELECT ${column} AS seconds FROM report_case_facts
  WHERE org_id = $1 AND ${column} IS NOT NULL AND ${column} >= $2::float8 AND ${column} < $3::float8
    AND logged_at >= $4 AND logged_at < $5`;

/** What the histogram answers were before, straight from every case of the period. */
const SORTED = `
  SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_contact_at - logged_at))
           FILTER (WHERE first_contact_at IS NOT NULL) AS contact_median,
         count(first_contact_at)::int AS contact_measured,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_lawyer_action_at - logged_at))
           FILTER (WHERE first_lawyer_action_at IS NOT NULL) AS lawyer_median,
         count(first_lawyer_action_at)::int AS lawyer_measured,
         count(*)::int AS cases
  FROM report_case_facts
  WHERE org_id = $1 AND logged_at >= $2 AND logged_at < $3`;

/**
 * The medians of intake-to-first-contact and intake-to-first-lawyer-action over the cases logged
 * in [from, to), exact: the same numbers as PostgreSQL's percentile_cont(0.5) over every case
 * (docs/decisions/0150). Whole UTC days and months come from the delay histogram, the parts of
 * the period shorter than a day from the cases themselves; the histogram says which bucket the
 * middle case (or the two middle cases) falls in, and only that bucket's cases are read and
 * sorted. Should the histogram and the cases disagree (a page of the projection committed between
 * two reads), it answers from every case instead.
 */
export async function periodMedians(
  sql: Sql,
  orgId: string,
  from: Date,
  to: Date,
  /** Counts the answers that had to sort every case (for tests and benchmarks). */
  fallbacks?: { sorted: number },
): Promise<Record<Measure, Median>> {
  const ranges = decompose(from, to);
  const counted = fewestRows(ranges.filter((r) => r.source !== 'events'));
  const edges = ranges.filter((r) => r.source === 'events');
  const histogram =
    counted.length === 0
      ? []
      : (
          await sql.query<{ measure: 'logged' | Measure; bucket: number; cases: number }>(HISTOGRAM, [
            orgId,
            counted.map((r) => r.grain),
            counted.map((r) => r.from.toISOString()),
            counted.map((r) => r.to.toISOString()),
            counted.map((r) => r.sign),
          ])
        ).rows;
  const edgeCases =
    edges.length === 0
      ? []
      : (
          await sql.query<Record<Measure, number | null>>(EDGES, [
            orgId,
            edges.map((r) => r.from.toISOString()),
            edges.map((r) => r.to.toISOString()),
          ])
        ).rows;

  const cases = edgeCases.length + sum(histogram.filter((h) => h.measure === 'logged'));
  const answer = {} as Record<Measure, Median>;
  for (const measure of Object.keys(MEASURES) as Measure[]) {
    const edgeDelays = edgeCases.map((c) => c[measure]).filter((s): s is number => s !== null);
    const median = await medianOf(
      sql,
      orgId,
      from,
      to,
      measure,
      histogram.filter((h) => h.measure === measure),
      edgeDelays,
    );
    if (median === 'disagree') {
      if (fallbacks) fallbacks.sorted += 1;
      return sortedMedians(sql, orgId, from, to);
    }
    answer[measure] = {
      medianSeconds: median.seconds,
      measured: median.measured,
      waiting: cases - median.measured,
    };
  }
  return answer;
}

async function medianOf(
  sql: Sql,
  orgId: string,
  from: Date,
  to: Date,
  measure: Measure,
  histogram: readonly { bucket: number; cases: number }[],
  edgeDelays: readonly number[],
): Promise<{ seconds: number | null; measured: number } | 'disagree'> {
  const counts = new Map<number, number>();
  for (const h of histogram) counts.set(h.bucket, (counts.get(h.bucket) ?? 0) + h.cases);
  for (const seconds of edgeDelays) {
    const bucket = delayBucket(seconds);
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  }
  const buckets = [...counts.entries()].filter(([, n]) => n > 0).sort(([a], [b]) => a - b);
  const measured = buckets.reduce((total, [, n]) => total + n, 0);
  if (measured === 0) return { seconds: null, measured };

  // percentile_cont(0.5): the value at rank (n - 1) / 2, between the two middle ones when n is even.
  const position = (measured - 1) / 2;
  const wanted = [Math.floor(position), Math.ceil(position)];
  const values = new Map<number, number>();
  let before = 0;
  for (const [bucket, n] of buckets) {
    const ranks = wanted.filter((rank) => rank >= before && rank < before + n);
    if (ranks.length > 0) {
      const { lower, upper } = bucketBounds(bucket);
      const { rows } = await sql.query<{ seconds: number }>(inBucket(MEASURES[measure]), [
        orgId,
        String(lower),
        String(upper),
        from.toISOString(),
        to.toISOString(),
      ]);
      if (rows.length !== n) return 'disagree';
      const sorted = rows.map((r) => r.seconds).sort((a, b) => a - b);
      for (const rank of ranks) values.set(rank, sorted[rank - before]);
    }
    before += n;
    if (before > wanted[1]) break;
  }
  const low = values.get(wanted[0])!;
  const high = values.get(wanted[1])!;
  // As percentile_cont interpolates (float8_lerp), so the rounding below meets the same number.
  const value = low + (position - wanted[0]) * (high - low);
  return { seconds: Math.round(value), measured };
}

async function sortedMedians(
  sql: Sql,
  orgId: string,
  from: Date,
  to: Date,
): Promise<Record<Measure, Median>> {
  const { rows } = await sql.query<{
    contact_median: number | null;
    contact_measured: number;
    lawyer_median: number | null;
    lawyer_measured: number;
    cases: number;
  }>(SORTED, [orgId, from.toISOString(), to.toISOString()]);
  const r = rows[0];
  const median = (value: number | null, measured: number): Median => ({
    medianSeconds: value === null ? null : Math.round(Number(value)),
    measured,
    waiting: r.cases - measured,
  });
  return {
    contact: median(r.contact_median, r.contact_measured),
    lawyer: median(r.lawyer_median, r.lawyer_measured),
  };
}

interface CountedRange {
  grain: 'day' | 'month';
  from: Date;
  to: Date;
  sign: 1 | -1;
}

const DAY_MS = 86_400_000;

/**
 * Whole days and months as the fewest histogram rows: the days of one month that cover more than
 * half of it are read as the month less the days outside them (a year from the 3rd of a month is
 * then 12 months and 2 days taken away, not 11 months and 29 days). Counts add up exactly: every
 * change to the histogram goes to the day and the month alike.
 */
function fewestRows(ranges: readonly { source: string; from: Date; to: Date }[]): CountedRange[] {
  const out: CountedRange[] = [];
  for (const range of ranges) {
    if (range.source === 'month') {
      out.push({ grain: 'month', from: range.from, to: range.to, sign: 1 });
      continue;
    }
    // Days: cut at each first of a month, then each piece on its own.
    for (let start = range.from; start < range.to;) {
      const monthStart = floorTo('month', start);
      const monthEnd = new Date(Date.UTC(monthStart.getUTCFullYear(), monthStart.getUTCMonth() + 1, 1));
      const end = range.to < monthEnd ? range.to : monthEnd;
      const days = (end.getTime() - start.getTime()) / DAY_MS;
      const monthDays = (monthEnd.getTime() - monthStart.getTime()) / DAY_MS;
      if (days > monthDays / 2) {
        out.push({ grain: 'month', from: monthStart, to: monthEnd, sign: 1 });
        if (monthStart < start) out.push({ grain: 'day', from: monthStart, to: start, sign: -1 });
        if (end < monthEnd) out.push({ grain: 'day', from: end, to: monthEnd, sign: -1 });
      } else {
        out.push({ grain: 'day', from: start, to: end, sign: 1 });
      }
      start = end;
    }
  }
  return out;
}

function sum(rows: readonly { cases: number }[]): number {
  return rows.reduce((total, row) => total + row.cases, 0);
}
