import { bucketKeys, parsePeriod, Period } from './period';

const now = new Date('2024-03-29T22:30:00Z');
const ok = (query: Parameters<typeof parsePeriod>[0]) => {
  const result = parsePeriod(query, now);
  if (Array.isArray(result)) throw new Error(JSON.stringify(result));
  return { from: result.from.toISOString(), to: result.to.toISOString(), timeZone: result.timeZone };
};

describe('report periods', () => {
  it('reads dates as whole days in the zone, the last one included', () => {
    expect(ok({ from: '2024-03-01', to: '2024-03-31' })).toEqual({
      from: '2024-03-01T00:00:00.000Z',
      to: '2024-04-01T00:00:00.000Z',
      timeZone: 'UTC',
    });
    expect(ok({ from: '2024-03-01', to: '2024-03-31', tz: 'Europe/Moscow' })).toEqual({
      from: '2024-02-29T21:00:00.000Z',
      to: '2024-03-31T21:00:00.000Z',
      timeZone: 'Europe/Moscow',
    });
  });

  it('defaults to the last 30 days up to today in the zone', () => {
    // 22:30 UTC on the 29th is already the 30th in Moscow.
    expect(ok({})).toEqual({
      from: '2024-02-29T00:00:00.000Z',
      to: '2024-03-30T00:00:00.000Z',
      timeZone: 'UTC',
    });
    expect(ok({ tz: 'Europe/Moscow' })).toMatchObject({
      from: '2024-02-29T21:00:00.000Z',
      to: '2024-03-30T21:00:00.000Z',
    });
    expect(ok({ from: '2024-03-20' }).to).toBe('2024-03-30T00:00:00.000Z');
    expect(ok({ to: '2024-03-10' }).from).toBe('2024-02-10T00:00:00.000Z');
  });

  it('reads times with an offset, and a "+" that a query string turned into a space', () => {
    expect(ok({ from: '2024-03-01T03:00:00+03:00', to: '2024-03-02T00:00Z' })).toMatchObject({
      from: '2024-03-01T00:00:00.000Z',
      to: '2024-03-02T00:00:00.000Z',
    });
    expect(ok({ from: '2024-03-01T03:00:00 03:00', to: '2024-03-02' }).from).toBe('2024-03-01T00:00:00.000Z');
  });

  it('names every problem', () => {
    expect(parsePeriod({ from: '2024-3-1', to: '2024-03-01T10:15:00Z', tz: 'Nowhere/Town' }, now)).toEqual([
      { field: 'tz', problem: expect.any(String) },
      { field: 'from', problem: expect.stringMatching(/must be a date/) },
    ]);
    expect(parsePeriod({ from: '2024-03-01T10:15:00Z', to: '2026-03-02' }, now)).toEqual([
      { field: 'from', problem: 'must fall on a whole hour: reports count by the hour' },
      { field: 'to', problem: 'must be at most 2 years after from' },
    ]);
  });

  it('lists every local day or ISO week (its Monday) of a period', () => {
    const period: Period = {
      from: new Date('2024-02-29T21:00:00Z'),
      to: new Date('2024-03-12T21:00:00Z'),
      timeZone: 'Europe/Moscow',
    };
    expect(bucketKeys(period, 'day')).toHaveLength(12);
    expect(bucketKeys(period, 'day')[0]).toBe('2024-03-01');
    expect(bucketKeys(period, 'week')).toEqual(['2024-02-26', '2024-03-04', '2024-03-11']);
  });
});
