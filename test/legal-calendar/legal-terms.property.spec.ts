import fc from 'fast-check';
import {
  countTerm,
  DEFAULT_PRODUCTION_CALENDAR as calendar,
  localDateOf,
  REGION_TIME_ZONES,
  reminderTimes,
  RU_PRODUCTION_CALENDAR,
  timeZonesOf,
} from '@huquq/shared-kernel';

/**
 * The legal calendar against a reckoning of its own: random receipt times (any moment, the ends of
 * months, the days around holidays), every Russian time zone, terms in days and months. A computed
 * end is never later than the law's, and never more than a day earlier. (Kept out of the shared
 * kernel, which imports no package, fast-check included.)
 */
const DAY_MS = 86_400_000;

// ------------------------------------------------------------------------------------------------
// A reference reckoning, written apart and as plainly as possible: day by day, from the decree
// data itself, with the zone's offset read from Intl's "GMT+hh:mm". The property compares the
// calendar above with it.
// ------------------------------------------------------------------------------------------------

function referenceOffsetMinutes(instant: Date, zone: string): number {
  const name = new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(instant)
    .find((p) => p.type === 'timeZoneName')!.value;
  const match = /GMT([+-])(\d\d):(\d\d)/.exec(name);
  if (!match) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

function referenceIsDayOff(utcMidnight: Date): boolean {
  const iso = utcMidnight.toISOString().slice(0, 10);
  const year = RU_PRODUCTION_CALENDAR[iso.slice(0, 4)];
  if (year.nonWorkingWeekdays.includes(iso)) return true;
  if (year.workingWeekends.includes(iso)) return false;
  return utcMidnight.getUTCDay() === 0 || utcMidnight.getUTCDay() === 6;
}

/** The legal end: the first instant after 24:00 local of the last day. Null in a year without its decree. */
function referenceLegalEnd(
  received: Date,
  amount: number,
  unit: 'days' | 'months',
  zone: string,
): Date | null {
  const local = new Date(received.getTime() + referenceOffsetMinutes(received, zone) * 60_000);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth();
  const d = local.getUTCDate();
  let last: Date;
  if (unit === 'days') {
    last = new Date(Date.UTC(y, m, d));
    for (let i = 0; i < amount; i++) last = new Date(last.getTime() + DAY_MS);
  } else {
    const daysInTarget = new Date(Date.UTC(y, m + amount + 1, 0)).getUTCDate();
    last = new Date(Date.UTC(y, m + amount, Math.min(d, daysInTarget)));
  }
  for (;;) {
    if (RU_PRODUCTION_CALENDAR[String(last.getUTCFullYear())]?.status !== 'official') return null;
    if (!referenceIsDayOff(last)) break;
    last = new Date(last.getTime() + DAY_MS);
  }
  const nextMidnightWall = last.getTime() + DAY_MS;
  return new Date(nextMidnightWall - referenceOffsetMinutes(new Date(nextMidnightWall), zone) * 60_000);
}

const ALL_ZONES = [...new Set(Object.values(REGION_TIME_ZONES).flat())];
const TERMS: { term: string; amount: number; unit: 'days' | 'months' }[] = [
  { term: 'P10D', amount: 10, unit: 'days' },
  { term: 'P5D', amount: 5, unit: 'days' },
  { term: 'P1M', amount: 1, unit: 'months' },
  { term: 'P3M', amount: 3, unit: 'months' },
  { term: 'P1Y', amount: 12, unit: 'months' },
];
const DAYS_OFF = Object.values(RU_PRODUCTION_CALENDAR)
  .filter((y) => y.status === 'official')
  .flatMap((y) => y.nonWorkingWeekdays);

/** Receipt times from 2024 to 2026: any moment, the last days of months, and days near holidays. */
const receipts = fc.oneof(
  fc.date({
    min: new Date('2024-01-01T00:00:00Z'),
    max: new Date('2026-12-31T00:00:00Z'),
    noInvalidDate: true,
  }),
  fc
    .record({
      year: fc.integer({ min: 2024, max: 2026 }),
      month: fc.integer({ min: 0, max: 11 }),
      day: fc.integer({ min: 27, max: 31 }),
      minute: fc.integer({ min: 0, max: 24 * 60 - 1 }),
    })
    .map(
      ({ year, month, day, minute }) =>
        new Date(Date.UTC(year, month, day) + minute * 60_000 - 12 * 3_600_000),
    ),
  fc
    .record({
      dayOff: fc.constantFrom(...DAYS_OFF),
      shift: fc.integer({ min: -12, max: 2 }),
      minute: fc.integer({ min: 0, max: 24 * 60 - 1 }),
    })
    .map(
      ({ dayOff, shift, minute }) =>
        new Date(Date.parse(`${dayOff}T00:00:00Z`) + shift * DAY_MS + minute * 60_000 - 12 * 3_600_000),
    ),
);

describe('legal terms: never later than the law, never more than a day earlier (property)', () => {
  it('in every Russian time zone, for terms in days and months, across month ends and holidays', () => {
    fc.assert(
      fc.property(receipts, fc.constantFrom(...ALL_ZONES), fc.constantFrom(...TERMS), (received, zone, t) => {
        const legal = referenceLegalEnd(received, t.amount, t.unit, zone);
        fc.pre(legal !== null);
        const counted = countTerm(received, t.term, [zone], calendar).dueAt.getTime();
        expect(counted).toBeLessThanOrEqual(legal!.getTime());
        expect(legal!.getTime() - counted).toBeLessThanOrEqual(DAY_MS);
      }),
      { numRuns: 3000 },
    );
  });

  it('a region with several zones, or none known, is never later than the law in any of them', () => {
    const regions = [...Object.keys(REGION_TIME_ZONES), 'other'];
    fc.assert(
      fc.property(receipts, fc.constantFrom(...regions), fc.constantFrom(...TERMS), (received, region, t) => {
        const counted = countTerm(received, t.term, timeZonesOf(region), calendar).dueAt.getTime();
        for (const zone of timeZonesOf(region)) {
          const legal = referenceLegalEnd(received, t.amount, t.unit, zone);
          if (legal) expect(counted).toBeLessThanOrEqual(legal.getTime());
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('reminders never land on a non-working day unless the last day is one, and come before the end', () => {
    fc.assert(
      fc.property(
        receipts,
        fc.constantFrom(...ALL_ZONES),
        fc.constantFrom(
          { term: 'P10D', before: ['P5D', 'P2D', 'P1D'], workingDays: true },
          { term: 'P10D', before: ['P5D', 'P2D', 'P1D'], workingDays: false },
          { term: 'P3M', before: ['P30D', 'P7D', 'P1D'], workingDays: false },
        ),
        (received, zone, rule) => {
          const term = countTerm(received, rule.term, [zone], calendar);
          for (const reminder of reminderTimes(term, rule.before, calendar, rule)) {
            expect(reminder.at.getTime()).toBeLessThan(term.dueAt.getTime());
            if (calendar.kindOf(term.lastDay!) === 'working') {
              expect(calendar.kindOf(localDateOf(reminder.at, zone))).toBe('working');
            }
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
