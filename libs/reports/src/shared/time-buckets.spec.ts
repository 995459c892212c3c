import { decompose, floorTo } from './time-buckets';

const d = (iso: string) => new Date(iso);
const show = (from: string, to: string) =>
  decompose(d(from), d(to)).map(
    (r) => `${r.source} ${r.from.toISOString().slice(0, 13)}..${r.to.toISOString().slice(0, 13)}`,
  );

describe('bucket ranges', () => {
  it('cuts a range into hours, days and months, covering it exactly once', () => {
    expect(show('2024-02-29T21:00:00Z', '2024-05-03T05:00:00Z')).toEqual([
      'events 2024-02-29T21..2024-03-01T00',
      'month 2024-03-01T00..2024-05-01T00',
      'day 2024-05-01T00..2024-05-03T00',
      'events 2024-05-03T00..2024-05-03T05',
    ]);
  });

  it('keeps a range inside one day to events, and inside one month to days', () => {
    expect(show('2024-03-04T09:00:00Z', '2024-03-04T12:00:00Z')).toEqual([
      'events 2024-03-04T09..2024-03-04T12',
    ]);
    expect(show('2024-03-04T00:00:00Z', '2024-03-07T00:00:00Z')).toEqual([
      'day 2024-03-04T00..2024-03-07T00',
    ]);
    expect(show('2024-03-04T00:00:00Z', '2024-03-04T00:00:00Z')).toEqual([]);
  });

  it('starts the sums of everything before a date at 1970 in one month range', () => {
    expect(show('1970-01-01T00:00:00Z', '2024-03-15T03:00:00Z')).toEqual([
      'month 1970-01-01T00..2024-03-01T00',
      'day 2024-03-01T00..2024-03-15T00',
      'events 2024-03-15T00..2024-03-15T03',
    ]);
  });

  it('takes ends at any instant: the parts under a day are read event by event', () => {
    expect(show('2024-03-01T00:30:00Z', '2024-03-02T00:00:00Z')).toEqual([
      'events 2024-03-01T00..2024-03-02T00',
    ]);
  });

  it('floors to the UTC hour, day and month', () => {
    const at = d('2024-03-31T22:45:10Z');
    expect(floorTo('hour', at).toISOString()).toBe('2024-03-31T22:00:00.000Z');
    expect(floorTo('day', at).toISOString()).toBe('2024-03-31T00:00:00.000Z');
    expect(floorTo('month', at).toISOString()).toBe('2024-03-01T00:00:00.000Z');
  });
});
