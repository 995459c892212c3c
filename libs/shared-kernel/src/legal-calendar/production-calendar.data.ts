/**
 * The official production calendar of the Russian Federation, 2024–2027, as data: the days off
 * besides Saturdays and Sundays (the holidays of Labour Code art. 112 that fall on weekdays, and
 * the days off moved onto weekdays) and the Saturdays and Sundays made working days, as each
 * year's government decree on moving days off sets them. An installation replaces or extends it
 * with PRODUCTION_CALENDAR_FILE (same shape, JSON) without a release.
 *
 * `provisional`: the year's decree is not in this data yet. Only the art. 112 holidays are then
 * taken as certainly non-working, and a term ending in that year is never moved past a weekend
 * (a decree may make a Saturday a working day): earlier than the law at worst, never later.
 */
export interface CalendarYear {
  status: 'official' | 'provisional';
  /** Where the days come from. */
  source: string;
  /** Non-working days falling on Monday to Friday (YYYY-MM-DD). */
  nonWorkingWeekdays: string[];
  /** Saturdays and Sundays made working days. */
  workingWeekends: string[];
}

export type CalendarData = Record<string, CalendarYear>;

export const RU_PRODUCTION_CALENDAR: CalendarData = {
  '2024': {
    status: 'official',
    source:
      'Government Decree No. 1314 of 10.08.2023: 6 Jan → 10 May, 7 Jan → 31 Dec, 27 Apr → 29 Apr, ' +
      '2 Nov → 30 Apr, 28 Dec → 30 Dec; 248 working days',
    nonWorkingWeekdays: [
      '2024-01-01',
      '2024-01-02',
      '2024-01-03',
      '2024-01-04',
      '2024-01-05',
      '2024-01-08',
      '2024-02-23',
      '2024-03-08',
      '2024-04-29',
      '2024-04-30',
      '2024-05-01',
      '2024-05-09',
      '2024-05-10',
      '2024-06-12',
      '2024-11-04',
      '2024-12-30',
      '2024-12-31',
    ],
    workingWeekends: ['2024-04-27', '2024-11-02', '2024-12-28'],
  },
  '2025': {
    status: 'official',
    source:
      'Government Decree No. 1335 of 04.10.2024: 4 Jan → 2 May, 5 Jan → 31 Dec, 23 Feb → 8 May, ' +
      '8 Mar → 13 Jun, 1 Nov → 3 Nov; 247 working days',
    nonWorkingWeekdays: [
      '2025-01-01',
      '2025-01-02',
      '2025-01-03',
      '2025-01-06',
      '2025-01-07',
      '2025-01-08',
      '2025-05-01',
      '2025-05-02',
      '2025-05-08',
      '2025-05-09',
      '2025-06-12',
      '2025-06-13',
      '2025-11-03',
      '2025-11-04',
      '2025-12-31',
    ],
    workingWeekends: ['2025-11-01'],
  },
  '2026': {
    status: 'official',
    source:
      'Government Decree of 24.09.2025 on moving days off in 2026: 3 Jan → 9 Jan, 4 Jan → 31 Dec; ' +
      '8 Mar (Sun) → 9 Mar and 9 May (Sat) → 11 May under Labour Code art. 112 part 2; 247 working days',
    nonWorkingWeekdays: [
      '2026-01-01',
      '2026-01-02',
      '2026-01-05',
      '2026-01-06',
      '2026-01-07',
      '2026-01-08',
      '2026-01-09',
      '2026-02-23',
      '2026-03-09',
      '2026-05-01',
      '2026-05-11',
      '2026-06-12',
      '2026-11-04',
      '2026-12-31',
    ],
    workingWeekends: [],
  },
  '2027': {
    status: 'provisional',
    source:
      'Labour Code art. 112 holidays only: the decree on moving days off in 2027 is to be loaded ' +
      '(PRODUCTION_CALENDAR_FILE) once checked against its published text',
    nonWorkingWeekdays: [
      '2027-01-01',
      '2027-01-04',
      '2027-01-05',
      '2027-01-06',
      '2027-01-07',
      '2027-01-08',
      '2027-02-23',
      '2027-03-08',
      '2027-11-04',
    ],
    workingWeekends: [],
  },
};
