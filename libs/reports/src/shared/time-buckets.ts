/**
 * Counter buckets: UTC hours (for the whole organization only), days and months. A range is
 * whole months, whole days, and at each end less than a day, which is read from the individual
 * transitions: exact for any time zone, without reading more than a day's events at either end.
 */
export const GRAINS = ['hour', 'day', 'month'] as const;
export type Grain = (typeof GRAINS)[number];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export function floorTo(grain: Grain, at: Date): Date {
  const t = at.getTime();
  if (grain === 'hour') return new Date(t - mod(t, HOUR_MS));
  if (grain === 'day') return new Date(t - mod(t, DAY_MS));
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

function ceilTo(grain: Grain, at: Date): Date {
  const floor = floorTo(grain, at);
  return floor.getTime() === at.getTime() ? floor : next(grain, floor);
}

/** The start of the bucket after the one starting at `start`. */
function next(grain: Grain, start: Date): Date {
  if (grain === 'hour') return new Date(start.getTime() + HOUR_MS);
  if (grain === 'day') return new Date(start.getTime() + DAY_MS);
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
}

export interface BucketRange {
  /** Counters of whole days or months, or the transitions themselves ('events') for the ends. */
  source: 'events' | 'day' | 'month';
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
}

/**
 * [from, to) as the fewest ranges: events up to the first midnight, days up to the first
 * first-of-month, whole months, then days and events again.
 */
export function decompose(from: Date, to: Date): BucketRange[] {
  if (to <= from) return [];
  const ranges: BucketRange[] = [];
  const push = (source: BucketRange['source'], a: Date, b: Date) => {
    if (a < b) ranges.push({ source, from: a, to: b });
  };
  const firstDay = ceilTo('day', from);
  const lastDay = floorTo('day', to);
  if (firstDay >= lastDay) {
    push('events', from, to);
    return ranges;
  }
  push('events', from, firstDay);
  const firstMonth = ceilTo('month', firstDay);
  const lastMonth = floorTo('month', lastDay);
  if (firstMonth >= lastMonth) {
    push('day', firstDay, lastDay);
  } else {
    push('day', firstDay, firstMonth);
    push('month', firstMonth, lastMonth);
    push('day', lastMonth, lastDay);
  }
  push('events', lastDay, to);
  return ranges;
}

function mod(a: number, b: number): number {
  return ((a % b) + b) % b;
}
