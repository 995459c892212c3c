import { countingOf, requireDuration, TermCounting } from './iso-durations';
import { addDays, addMonths, localDateOf, LocalDate, localTimeOn, startOfLocalDay } from './local-time';
import { ProductionCalendar } from './production-calendar';

/** Where a term ends, and how sure the count is. */
export interface CountedTerm {
  /** The instant the term ends: 24:00 local of its last day, or the exact moment for hours. */
  dueAt: Date;
  counting: TermCounting;
  /** The zone whose 24:00 was kept: of several possible zones, the one ending first. */
  timeZone: string;
  /** The last day, local (after moving off non-working days); null for hours. */
  lastDay: LocalDate | null;
  /** The last day before it was moved to the next working day; null when not moved. */
  movedFrom: LocalDate | null;
  /**
   * False when the count may come earlier than the law: the region (and so the zone) is not
   * known for sure, or the year's calendar is not loaded. Never later.
   */
  exact: boolean;
}

/** The hour of a reminder on its day, local: the start of a working day. */
const REMINDER_HOUR = 9;

/**
 * A term counted as the law counts it (KoAP art. 4.8; KAS art. 92–93; Labour Code art. 14):
 * hours from the exact moment; days from the day after `from`, to 24:00 of the last day; months
 * to the same date of the last month, or its last day when there is none. A last day that is
 * not a working day moves to the next working day (hours do not move). Counted in each of
 * `timeZones` (the region's), the earliest end kept.
 */
export function countTerm(
  from: Date,
  term: string,
  timeZones: readonly string[],
  calendar: ProductionCalendar,
): CountedTerm {
  const counting = countingOf(term);
  if (!counting) throw new Error(`A legal term is hours, days or months, not ${term}`);
  if (timeZones.length === 0) throw new Error('A term needs a time zone');
  const counts = timeZones.map((zone) => countIn(from, term, counting, zone, calendar));
  const earliest = counts.reduce((a, b) => (b.dueAt.getTime() < a.dueAt.getTime() ? b : a));
  const zonesAgree = counts.every((c) => c.dueAt.getTime() === earliest.dueAt.getTime());
  return { ...earliest, exact: earliest.exact && zonesAgree };
}

function countIn(
  from: Date,
  term: string,
  counting: TermCounting,
  timeZone: string,
  calendar: ProductionCalendar,
): CountedTerm {
  const d = requireDuration(term);
  if (counting === 'hours') {
    const ms = ((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000;
    return {
      dueAt: new Date(from.getTime() + ms),
      counting,
      timeZone,
      lastDay: null,
      movedFrom: null,
      exact: true,
    };
  }
  const start = localDateOf(from, timeZone);
  const nominal =
    counting === 'days' ? addDays(start, d.weeks * 7 + d.days) : addMonths(start, d.years * 12 + d.months);
  let lastDay = nominal;
  while (calendar.kindOf(lastDay) === 'non_working') lastDay = addDays(lastDay, 1);
  return {
    dueAt: startOfLocalDay(addDays(lastDay, 1), timeZone),
    counting,
    timeZone,
    lastDay,
    movedFrom: lastDay === nominal ? null : nominal,
    exact: calendar.isOfficial(lastDay),
  };
}

export interface CountedReminder {
  /** As the rule says it: `P5D`. */
  before: string;
  at: Date;
}

/**
 * When to remind of a counted term, latest last. For a term in days or months: `before` is whole
 * days (or working days, with `workingDays`) before the last day, at 09:00 local; a reminder
 * landing on a day that is not a working day moves to the working day before it, unless the
 * last day itself is not one. For hours: exactly that long before.
 */
export function reminderTimes(
  term: CountedTerm,
  befores: readonly string[],
  calendar: ProductionCalendar,
  { workingDays = false }: { workingDays?: boolean } = {},
): CountedReminder[] {
  const reminders = befores.map((before): CountedReminder => {
    const d = requireDuration(before);
    if (term.lastDay === null) {
      const ms = ((((d.weeks * 7 + d.days) * 24 + d.hours) * 60 + d.minutes) * 60 + d.seconds) * 1000;
      return { before, at: new Date(term.dueAt.getTime() - ms) };
    }
    return {
      before,
      at: localTimeOn(
        reminderDay(term.lastDay, d.weeks * 7 + d.days, calendar, workingDays),
        REMINDER_HOUR,
        term.timeZone,
      ),
    };
  });
  return reminders.sort((a, b) => a.at.getTime() - b.at.getTime());
}

function reminderDay(
  lastDay: LocalDate,
  days: number,
  calendar: ProductionCalendar,
  workingDays: boolean,
): LocalDate {
  let day = lastDay;
  if (workingDays) {
    for (let left = days; left > 0;) {
      day = addDays(day, -1);
      if (calendar.kindOf(day) === 'working') left -= 1;
    }
  } else {
    day = addDays(lastDay, -days);
  }
  if (calendar.kindOf(lastDay) === 'working') {
    while (calendar.kindOf(day) !== 'working') day = addDays(day, -1);
  }
  return day;
}
