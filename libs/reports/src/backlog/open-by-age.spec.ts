import { ageBoundaryDays, openByAge } from './backlog-report';

const now = new Date('2024-03-29T10:00:00Z');

describe('open cases by age', () => {
  it('places whole logging days by their date, and the cases of days a boundary cuts one by one', () => {
    // Boundaries: 28 Mar 10:00 (1 day), 26 Mar 10:00 (3), 22 Mar 10:00 (7), 28 Feb 10:00 (30), 30 Dec 10:00 (90).
    expect(ageBoundaryDays(now).map((d) => d.toISOString().slice(0, 10))).toEqual([
      '2024-03-28',
      '2024-03-26',
      '2024-03-22',
      '2024-02-28',
      '2023-12-30',
    ]);
    const byAge = openByAge(
      now,
      [
        { day: '2024-03-29', urgency: 'critical', open: 2 },
        { day: '2024-03-28', urgency: 'high', open: 3 }, // cut: counted from the cases below instead
        { day: '2024-03-27', urgency: 'high', open: 1 },
        { day: '2024-03-01', urgency: 'normal', open: 4 },
        { day: '2023-01-01', urgency: 'low', open: 5 },
      ],
      [
        { loggedAt: new Date('2024-03-28T09:59:59Z'), urgency: 'high' },
        { loggedAt: new Date('2024-03-28T10:00:00Z'), urgency: 'high' },
        { loggedAt: new Date('2024-03-28T10:00:01Z'), urgency: 'high' },
      ],
    );
    expect(byAge.map((b) => [b.age, b.total, b.critical, b.high, b.normal, b.low])).toEqual([
      ['0-1d', 3, 2, 1, 0, 0],
      ['1-3d', 3, 0, 3, 0, 0],
      ['3-7d', 0, 0, 0, 0, 0],
      ['7-30d', 4, 0, 0, 4, 0],
      ['30-90d', 0, 0, 0, 0, 0],
      ['90d+', 5, 0, 0, 0, 5],
    ]);
  });
});
