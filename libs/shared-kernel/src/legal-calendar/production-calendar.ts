import { CalendarData, RU_PRODUCTION_CALENDAR } from './production-calendar.data';
import { isWeekend, LocalDate } from './local-time';

/**
 * `working` and `non_working` as the calendar says; `uncertain` for a Saturday or Sunday of a year
 * whose decree is not loaded (it may be made a working day). A term is never moved past an
 * uncertain day, and a reminder never set on one.
 */
export type DayKind = 'working' | 'non_working' | 'uncertain';

/** Labour Code art. 112 part 1: non-working in every year, whatever a decree moves. */
const ART_112_HOLIDAYS = [
  '01-01',
  '01-02',
  '01-03',
  '01-04',
  '01-05',
  '01-06',
  '01-07',
  '01-08',
  '02-23',
  '03-08',
  '05-01',
  '05-09',
  '06-12',
  '11-04',
];

export class ProductionCalendar {
  private readonly years: CalendarData;
  private readonly offDays = new Set<string>();
  private readonly workingWeekends = new Set<string>();

  /** The built-in data, with whole years replaced by `overrides` (PRODUCTION_CALENDAR_FILE). */
  constructor(overrides: CalendarData = {}) {
    this.years = { ...RU_PRODUCTION_CALENDAR, ...overrides };
    for (const year of Object.values(this.years)) {
      year.nonWorkingWeekdays.forEach((day) => this.offDays.add(day));
      year.workingWeekends.forEach((day) => this.workingWeekends.add(day));
    }
  }

  isOfficial(day: LocalDate): boolean {
    return this.years[day.slice(0, 4)]?.status === 'official';
  }

  kindOf(day: LocalDate): DayKind {
    if (this.isOfficial(day)) {
      if (this.offDays.has(day)) return 'non_working';
      if (isWeekend(day)) return this.workingWeekends.has(day) ? 'working' : 'non_working';
      return 'working';
    }
    if (this.offDays.has(day) || ART_112_HOLIDAYS.includes(day.slice(5))) return 'non_working';
    return isWeekend(day) ? 'uncertain' : 'working';
  }
}

export const DEFAULT_PRODUCTION_CALENDAR = new ProductionCalendar();
