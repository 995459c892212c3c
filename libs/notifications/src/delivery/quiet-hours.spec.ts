import { quietUntil } from './quiet-hours';

describe('quiet hours', () => {
  const night = { from: '22:00', to: '07:00', timeZone: 'Europe/Moscow' };

  it('holds a message sent at night until the morning, in the user’s time zone', () => {
    // 23:30 in Moscow (UTC+3) is 20:30 UTC; the morning is 07:00 Moscow, 04:00 UTC.
    expect(quietUntil(new Date('2026-12-02T20:30:00Z'), night)?.toISOString()).toBe(
      '2026-12-03T04:00:00.000Z',
    );
    expect(quietUntil(new Date('2026-12-03T02:15:00Z'), night)?.toISOString()).toBe(
      '2026-12-03T04:00:00.000Z',
    );
  });

  it('lets a message through by day, and at the window’s end', () => {
    expect(quietUntil(new Date('2026-12-02T09:00:00Z'), night)).toBeNull();
    expect(quietUntil(new Date('2026-12-03T04:00:00Z'), night)).toBeNull();
  });

  it('knows windows within one day, and none when from = to', () => {
    const lunch = { from: '12:00', to: '13:00', timeZone: 'UTC' };
    expect(quietUntil(new Date('2026-12-02T12:30:00Z'), lunch)?.toISOString()).toBe(
      '2026-12-02T13:00:00.000Z',
    );
    expect(quietUntil(new Date('2026-12-02T13:30:00Z'), lunch)).toBeNull();
    expect(quietUntil(new Date('2026-12-02T12:30:00Z'), { ...lunch, to: '12:00' })).toBeNull();
  });
});
