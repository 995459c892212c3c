import { Duration, parseDuration, requireDuration } from '@huquq/shared-kernel';

/**
 * Plain duration arithmetic for follow-ups: task due times and escalations (`PT1H`, `PT24H`), and
 * every duration when a time scale shrinks them for tests and demos. Legal terms at full scale
 * are counted by the legal calendar (`countTerm` in the shared kernel), not here.
 */
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export function isDuration(text: unknown): text is string {
  return typeof text === 'string' && parseDuration(text) !== null;
}

/** The fixed-length part in milliseconds (weeks, days, hours...), without years and months. */
function fixedMs(d: Duration): number {
  return ((d.weeks * 7 + d.days) * 24 + d.hours) * HOUR_MS + (d.minutes * 60 + d.seconds) * 1000;
}

/**
 * A month-based term ends on the same day of the month; in a month without that day, on its last
 * day (31 January + 1 month = 29 February in a leap year), as procedural codes count terms.
 */
function addCalendarMonths(from: Date, months: number): Date {
  const target = new Date(from.getTime());
  const day = target.getUTCDate();
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target;
}

/**
 * `from` moved by `duration` (backwards when `sign` is -1). With `timeScale` 1 years and months
 * are calendar months; any other scale (short delays for tests and demos) shrinks the whole
 * duration, taking a month as 30 days and a year as 365.
 */
export function shiftBy(from: Date, text: string, timeScale = 1, sign: 1 | -1 = 1): Date {
  const d = requireDuration(text);
  if (timeScale !== 1) {
    const total = (d.years * 365 + d.months * 30) * DAY_MS + fixedMs(d);
    return new Date(from.getTime() + sign * Math.round(total * timeScale));
  }
  const calendar = d.years * 12 + d.months;
  const moved = calendar ? addCalendarMonths(from, sign * calendar) : new Date(from.getTime());
  return new Date(moved.getTime() + sign * fixedMs(d));
}

/** Roughly how long a duration is, to compare two of them (reminders are ordered by it). */
export function approximateMs(text: string): number {
  const d = requireDuration(text);
  return (d.years * 365 + d.months * 30) * DAY_MS + fixedMs(d);
}
