/** ISO-8601 durations (`PT3H`, `P10D`, `P3M`): the unit every legal term and follow-up rule is written in. */
export interface Duration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const PATTERN = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** The duration, or null when the text is not a whole-number ISO-8601 duration. */
export function parseDuration(text: string): Duration | null {
  if (typeof text !== 'string' || text === 'P' || text.endsWith('T')) return null;
  const match = PATTERN.exec(text);
  if (!match) return null;
  const [years, months, weeks, days, hours, minutes, seconds] = match.slice(1).map((n) => Number(n ?? 0));
  return { years, months, weeks, days, hours, minutes, seconds };
}

export function requireDuration(text: string): Duration {
  const duration = parseDuration(text);
  if (!duration) throw new Error(`Not an ISO-8601 duration: ${text}`);
  return duration;
}

/**
 * How the law counts a term written as this duration: `hours` from the exact moment (PT3H),
 * `days` from the next day to 24:00 of the last (P10D, P2W), `months` to the same date of the
 * last month (P3M, P1Y). Null for a mix (P1DT2H), which no legal term is.
 */
export type TermCounting = 'hours' | 'days' | 'months';

export function countingOf(term: string): TermCounting | null {
  const d = parseDuration(term);
  if (!d) return null;
  const calendar = d.years + d.months > 0;
  const days = d.weeks + d.days > 0;
  const clock = d.hours + d.minutes + d.seconds > 0;
  if (calendar && !days && !clock) return 'months';
  if (days && !calendar && !clock) return 'days';
  if (clock && !calendar && !days) return 'hours';
  return null;
}
