import { parseDuration } from '@huquq/shared-kernel';
import { approximateMs, isDuration, shiftBy } from './durations';

describe('durations of legal terms', () => {
  const at = (iso: string) => new Date(iso);

  it('reads whole-number ISO-8601 durations and refuses anything else', () => {
    expect(parseDuration('PT1H')).toMatchObject({ hours: 1, days: 0 });
    expect(parseDuration('P10D')).toMatchObject({ days: 10 });
    expect(parseDuration('P3M')).toMatchObject({ months: 3 });
    expect(parseDuration('P1Y2M3W4DT5H6M7S')).toEqual({
      years: 1,
      months: 2,
      weeks: 3,
      days: 4,
      hours: 5,
      minutes: 6,
      seconds: 7,
    });
    for (const bad of ['', 'P', 'PT', '1H', 'P1.5D', 'P-1D', 'PT1H ', 'p1d', 'P1DT']) {
      expect(isDuration(bad)).toBe(false);
    }
  });

  it('adds hours and days exactly', () => {
    expect(shiftBy(at('2024-03-29T03:00:00.000Z'), 'PT1H').toISOString()).toBe('2024-03-29T04:00:00.000Z');
    expect(shiftBy(at('2024-03-29T10:05:00.000Z'), 'P10D').toISOString()).toBe('2024-04-08T10:05:00.000Z');
    expect(shiftBy(at('2024-04-08T10:05:00.000Z'), 'P5D', 1, -1).toISOString()).toBe(
      '2024-04-03T10:05:00.000Z',
    );
  });

  it('ends a month term on the last day of a shorter month', () => {
    expect(shiftBy(at('2024-01-31T12:00:00.000Z'), 'P3M').toISOString()).toBe('2024-04-30T12:00:00.000Z');
    expect(shiftBy(at('2023-11-30T12:00:00.000Z'), 'P3M').toISOString()).toBe('2024-02-29T12:00:00.000Z');
    expect(shiftBy(at('2024-02-29T12:00:00.000Z'), 'P1Y').toISOString()).toBe('2025-02-28T12:00:00.000Z');
    expect(shiftBy(at('2024-03-15T08:00:00.000Z'), 'P3M').toISOString()).toBe('2024-06-15T08:00:00.000Z');
  });

  it('shrinks every duration by the time scale, months as 30 days', () => {
    const from = at('2024-01-01T00:00:00.000Z');
    expect(shiftBy(from, 'PT1H', 0.001).getTime() - from.getTime()).toBe(3600);
    expect(shiftBy(from, 'P3M', 0.001).getTime() - from.getTime()).toBe(90 * 86400);
    expect(approximateMs('P5D')).toBeGreaterThan(approximateMs('P2D'));
  });
});
