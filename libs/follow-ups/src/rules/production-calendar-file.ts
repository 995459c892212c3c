import { CalendarData, DEFAULT_PRODUCTION_CALENDAR, ProductionCalendar } from '@huquq/shared-kernel';
import { readConfigFile, refuseConfigFile } from './rulebook';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The production calendar: the built-in years (2024–2027), each year the file names replacing the
 * built-in one (PRODUCTION_CALENDAR_FILE), so an installation loads a new year's decree without a
 * release. A bad file stops the start, naming every problem: a wrong calendar moves deadlines.
 */
export function loadProductionCalendar(file: string | undefined): ProductionCalendar {
  if (!file) return DEFAULT_PRODUCTION_CALENDAR;
  const parsed = readConfigFile('PRODUCTION_CALENDAR_FILE', file);
  const problems = checkCalendar(parsed);
  if (problems.length > 0) refuseConfigFile('PRODUCTION_CALENDAR_FILE', problems);
  return new ProductionCalendar(parsed as CalendarData);
}

function checkCalendar(input: unknown): string[] {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return ['must be an object of years'];
  const problems: string[] = [];
  for (const [year, value] of Object.entries(input as Record<string, unknown>)) {
    if (!/^\d{4}$/.test(year)) problems.push(`${year}: a year is four digits`);
    const y = (value ?? {}) as Record<string, unknown>;
    if (y.status !== 'official' && y.status !== 'provisional')
      problems.push(`${year}.status: official or provisional`);
    if (typeof y.source !== 'string' || y.source.trim() === '')
      problems.push(`${year}.source: name the decree`);
    for (const list of ['nonWorkingWeekdays', 'workingWeekends'] as const) {
      const days = y[list];
      if (
        !Array.isArray(days) ||
        !days.every((d) => typeof d === 'string' && DATE.test(d) && d.startsWith(year))
      ) {
        problems.push(`${year}.${list}: a list of dates of ${year} (YYYY-MM-DD)`);
      }
    }
  }
  return problems;
}
