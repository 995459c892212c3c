import { ProblemDetail } from '@huquq/platform';
import { localDateOf, startOfLocalDay as startOfDayIn } from '@huquq/shared-kernel';

/** A report's range: [from, to) as instants, and the time zone its days and weeks are in. */
export interface Period {
  from: Date;
  /** Exclusive. */
  to: Date;
  timeZone: string;
}

export interface PeriodQuery {
  from?: string;
  to?: string;
  tz?: string;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const DEFAULT_DAYS = 30;
const MAX_YEARS = 2;
/**
 * The years a report may ask about: wider than any history, narrower than what PostgreSQL and
 * JavaScript can count with (a day after 9999-12-31 is no longer a date either reads back).
 */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2200;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// A '+' in a query string decodes to a space when the client did not encode it (curl users
// rarely do); a space before the offset is taken for the '+' it was.
const TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+\- ]\d{2}:\d{2})$/;

type Parsed = { kind: 'date'; y: number; m: number; d: number } | { kind: 'time'; at: Date };

/**
 * Reads from/to/tz as the HTTP contract (the OpenAPI document at /docs-json) and decision 0011
 * define them: a date is a whole day in the time
 * zone (`to` included), a time with offset is an instant (`to` excluded) and must fall on a whole
 * hour, since counts are kept by the hour. Without from/to: the last 30 days up to today. Every
 * problem is named, not just the first.
 */
export function parsePeriod(
  query: PeriodQuery,
  now: Date,
  defaultDays = DEFAULT_DAYS,
): Period | ProblemDetail[] {
  const problems: ProblemDetail[] = [];
  const timeZone = query.tz ?? 'UTC';
  const zoneOk = isTimeZone(timeZone);
  if (!zoneOk)
    problems.push({ field: 'tz', problem: 'must be an IANA time zone such as UTC or Europe/Moscow' });
  const zone = zoneOk ? timeZone : 'UTC';

  const from = query.from === undefined ? null : parse(query.from, 'from', problems);
  const to = query.to === undefined ? null : parse(query.to, 'to', problems);
  if (problems.length) return problems;

  const today = localDate(now, zone);
  const toInstant = to
    ? to.kind === 'time'
      ? to.at
      : startOfLocalDay(to.y, to.m, to.d + 1, zone)
    : startOfLocalDay(today.y, today.m, today.d + 1, zone);
  let fromInstant: Date;
  if (from) fromInstant = from.kind === 'time' ? from.at : startOfLocalDay(from.y, from.m, from.d, zone);
  else {
    const last = localDate(new Date(toInstant.getTime() - 1), zone);
    fromInstant = startOfLocalDay(last.y, last.m, last.d - (defaultDays - 1), zone);
  }

  for (const [field, at, given] of [
    ['from', fromInstant, from],
    ['to', toInstant, to],
  ] as const) {
    if (at.getTime() % HOUR_MS === 0) continue;
    problems.push({
      field,
      problem:
        given?.kind === 'time'
          ? 'must fall on a whole hour: reports count by the hour'
          : `the time zone ${zone} is not a whole number of hours from UTC on that day`,
    });
  }
  if (toInstant < fromInstant) problems.push({ field: 'to', problem: 'must not be before from' });
  const limit = new Date(fromInstant);
  limit.setUTCFullYear(limit.getUTCFullYear() + MAX_YEARS);
  if (toInstant > limit)
    problems.push({ field: 'to', problem: `must be at most ${MAX_YEARS} years after from` });
  if (problems.length) return problems;
  return { from: fromInstant, to: toInstant, timeZone: zone };
}

const outOfRange = (y: number, field: string, problems: ProblemDetail[]) => {
  if (y >= FIRST_YEAR && y <= LAST_YEAR) return false;
  problems.push({ field, problem: `must be between the years ${FIRST_YEAR} and ${LAST_YEAR}` });
  return true;
};

function parse(value: string, field: string, problems: ProblemDetail[]): Parsed | null {
  const date = DATE.exec(value);
  if (date) {
    const [y, m, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
    if (!realDate(y, m, d)) {
      problems.push({ field, problem: 'is not a real date' });
      return null;
    }
    if (outOfRange(y, field, problems)) return null;
    return { kind: 'date', y, m, d };
  }
  const time = TIME.exec(value);
  if (time) {
    const [y, m, d, hh, mm] = [1, 2, 3, 4, 5].map((i) => Number(time[i]));
    if (outOfRange(y, field, problems)) return null;
    const offset = time[8] === 'Z' ? 'Z' : `${time[8][0] === ' ' ? '+' : time[8][0]}${time[8].slice(1)}`;
    const text = `${time[1]}-${time[2]}-${time[3]}T${time[4]}:${time[5]}:${time[6] ?? '00'}${time[7] ? `.${time[7]}` : ''}${offset}`;
    const at = new Date(text);
    if (!realDate(y, m, d) || hh > 23 || mm > 59 || Number.isNaN(at.getTime())) {
      problems.push({ field, problem: 'is not a real time' });
      return null;
    }
    return { kind: 'time', at };
  }
  problems.push({
    field,
    problem: 'must be a date (2024-03-01) or a time with offset (2024-03-01T00:00:00+03:00)',
  });
  return null;
}

function realDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function isTimeZone(zone: string): boolean {
  if (zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function localDate(at: Date, zone: string): { y: number; m: number; d: number } {
  const [y, m, d] = localDateOf(at, zone).split('-').map(Number);
  return { y, m, d };
}

/** The instant a local day begins (day may overflow: d + 1 is the next day). */
export function startOfLocalDay(y: number, m: number, d: number, zone: string): Date {
  return startOfDayIn(new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10), zone);
}

export function isoDate(p: { y: number; m: number; d: number }): string {
  const date = new Date(Date.UTC(p.y, p.m - 1, p.d));
  return date.toISOString().slice(0, 10);
}

/** Every local day (or ISO week's Monday) that [from, to) touches, as YYYY-MM-DD. */
export function bucketKeys(period: Period, unit: 'day' | 'week'): string[] {
  if (period.to <= period.from) return [];
  const first = localDate(period.from, period.timeZone);
  const last = localDate(new Date(period.to.getTime() - 1), period.timeZone);
  let cursor = Date.UTC(first.y, first.m - 1, first.d);
  const end = Date.UTC(last.y, last.m - 1, last.d);
  if (unit === 'week') cursor -= ((new Date(cursor).getUTCDay() + 6) % 7) * DAY_MS;
  const keys: string[] = [];
  for (; cursor <= end; cursor += unit === 'week' ? 7 * DAY_MS : DAY_MS) {
    keys.push(new Date(cursor).toISOString().slice(0, 10));
  }
  return keys;
}
