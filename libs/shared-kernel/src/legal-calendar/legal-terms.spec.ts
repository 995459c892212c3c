import { countTerm, reminderTimes } from './legal-terms';
import { DEFAULT_PRODUCTION_CALENDAR as calendar } from './production-calendar';
import { REGION_TIME_ZONES, RUSSIAN_TIME_ZONES, timeZonesOf } from './time-zones';

const MOSCOW = ['Europe/Moscow'];
const at = (iso: string) => new Date(iso);
const DAY_MS = 86_400_000;

describe('legal terms: worked examples', () => {
  it('KoAP 30.3, 10 days: a copy received 24.12.2024 15:00 Moscow → 09.01.2025 24:00 Moscow (holidays to 08.01)', () => {
    const term = countTerm(at('2024-12-24T15:00:00+03:00'), 'P10D', MOSCOW, calendar);
    expect(term).toMatchObject({
      lastDay: '2025-01-09',
      movedFrom: '2025-01-03',
      counting: 'days',
      exact: true,
    });
    expect(term.dueAt.toISOString()).toBe('2025-01-09T21:00:00.000Z');
  });

  it('KAS 219, 3 months: received 31.01.2025 01:00 Moscow → 30.04.2025 24:00 Moscow (April has no 31st)', () => {
    const term = countTerm(at('2025-01-31T01:00:00+03:00'), 'P3M', MOSCOW, calendar);
    expect(term).toMatchObject({ lastDay: '2025-04-30', movedFrom: null, exact: true });
    expect(term.dueAt.toISOString()).toBe('2025-04-30T21:00:00.000Z');
  });

  it('the same in Vladivostok: 30.04.2025 24:00 Vladivostok time, 7 hours before Moscow', () => {
    const local = countTerm(at('2025-01-31T01:00:00+10:00'), 'P3M', timeZonesOf('RU-PRI'), calendar);
    expect(local.dueAt.toISOString()).toBe('2025-04-30T14:00:00.000Z');
    const sameInstant = countTerm(at('2025-01-31T01:00:00+03:00'), 'P3M', timeZonesOf('RU-PRI'), calendar);
    expect(sameInstant.dueAt.toISOString()).toBe('2025-04-30T14:00:00.000Z');
  });

  it('a day received just before local midnight counts from the next local day, not the UTC one', () => {
    // 23:30 on 31.03.2025 in Kamchatka is still 31.03 there (11:30 UTC), and 10 days end on 10.04.
    const term = countTerm(at('2025-03-31T23:30:00+12:00'), 'P10D', timeZonesOf('RU-KAM'), calendar);
    expect(term.lastDay).toBe('2025-04-10');
    expect(term.dueAt.toISOString()).toBe('2025-04-10T12:00:00.000Z');
  });

  it('months from the end of a month: 30.11.2024 + 3 months → 28.02.2025; 29.02.2024 + 1 year → 28.02.2025', () => {
    expect(countTerm(at('2024-11-30T12:00:00+03:00'), 'P3M', MOSCOW, calendar).lastDay).toBe('2025-02-28');
    expect(countTerm(at('2024-02-29T12:00:00+03:00'), 'P1Y', MOSCOW, calendar).lastDay).toBe('2025-02-28');
  });

  it('a last day on a weekend moves to Monday; on a working Saturday it stays (01.11.2025)', () => {
    // 5 days from Mon 20.10.2025 end Sat 25.10 → Mon 27.10; 5 days from Mon 27.10 end Sat 01.11, a working day.
    expect(countTerm(at('2025-10-20T10:00:00+03:00'), 'P5D', MOSCOW, calendar).lastDay).toBe('2025-10-27');
    expect(countTerm(at('2025-10-27T10:00:00+03:00'), 'P5D', MOSCOW, calendar).lastDay).toBe('2025-11-01');
  });

  it('hours run from the exact moment and never move: 48 hours from delivery', () => {
    const term = countTerm(at('2025-01-01T10:15:00+03:00'), 'PT48H', MOSCOW, calendar);
    expect(term).toMatchObject({ counting: 'hours', lastDay: null, exact: true });
    expect(term.dueAt.toISOString()).toBe('2025-01-03T07:15:00.000Z');
  });

  it('an unknown region ends at the earliest 24:00 in Russia, and says it is not exact', () => {
    const term = countTerm(at('2025-01-31T01:00:00+03:00'), 'P3M', timeZonesOf('other'), calendar);
    expect(term.dueAt.getTime()).toBeLessThanOrEqual(Date.parse('2025-04-30T12:00:00.000Z'));
    expect(term.exact).toBe(false);
  });

  it('a year whose decree is not loaded (2027): holidays of art. 112 move the end, weekends do not, not exact', () => {
    const beforeHolidays = countTerm(at('2026-12-22T12:00:00+03:00'), 'P10D', MOSCOW, calendar);
    // 01.01–08.01.2027 are holidays by art. 112; 09.01 is a Saturday of a year without its decree: not moved further.
    expect(beforeHolidays).toMatchObject({ lastDay: '2027-01-09', movedFrom: '2027-01-01', exact: false });
  });

  it('KoAP reminders 5, 2 and 1 working days before 09.01.2025: over the holidays, 28.12.2024 being a working Saturday', () => {
    const term = countTerm(at('2024-12-24T15:00:00+03:00'), 'P10D', MOSCOW, calendar);
    const reminders = reminderTimes(term, ['P5D', 'P2D', 'P1D'], calendar, { workingDays: true });
    expect(reminders.map((r) => [r.before, r.at.toISOString()])).toEqual([
      ['P5D', '2024-12-24T06:00:00.000Z'],
      ['P2D', '2024-12-27T06:00:00.000Z'],
      ['P1D', '2024-12-28T06:00:00.000Z'],
    ]);
  });

  it('calendar-day reminders on a day off move to the working day before it', () => {
    const term = countTerm(at('2025-01-31T01:00:00+03:00'), 'P3M', MOSCOW, calendar);
    const [thirty, seven, one] = reminderTimes(term, ['P30D', 'P7D', 'P1D'], calendar);
    // 31.03.2025 Mon; 23.04 Wed; 29.04 Tue: all working days, 09:00 Moscow.
    expect([thirty.at, seven.at, one.at].map((d) => d.toISOString())).toEqual([
      '2025-03-31T06:00:00.000Z',
      '2025-04-23T06:00:00.000Z',
      '2025-04-29T06:00:00.000Z',
    ]);
  });
});

describe('the production calendar data', () => {
  it.each([
    ['2024', 248],
    ['2025', 247],
    ['2026', 247],
  ])('%s has the official count of working days (%i)', (year, expected) => {
    let working = 0;
    for (let t = Date.UTC(Number(year), 0, 1); t < Date.UTC(Number(year) + 1, 0, 1); t += DAY_MS) {
      if (calendar.kindOf(new Date(t).toISOString().slice(0, 10)) === 'working') working += 1;
    }
    expect(working).toBe(expected);
  });

  it('every region has a zone, and the eleven Russian offsets are all there', () => {
    const offsets = new Set(
      Object.values(REGION_TIME_ZONES)
        .flat()
        .map(
          (zone) =>
            new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'longOffset' })
              .formatToParts(new Date('2025-06-01T00:00:00Z'))
              .find((p) => p.type === 'timeZoneName')!.value,
        ),
    );
    expect([...offsets].sort()).toEqual([
      'GMT+02:00',
      'GMT+03:00',
      'GMT+04:00',
      'GMT+05:00',
      'GMT+06:00',
      'GMT+07:00',
      'GMT+08:00',
      'GMT+09:00',
      'GMT+10:00',
      'GMT+11:00',
      'GMT+12:00',
    ]);
    expect(RUSSIAN_TIME_ZONES).toHaveLength(11);
  });
});
