import { compareCheckpoints, laterCheckpoint, sameCheckpoint } from './checkpoint';
import { START } from './events';

describe('checkpoints', () => {
  it('order by transaction id first, then position', () => {
    const early = { transactionId: '900', globalPosition: 50 };
    const late = { transactionId: '901', globalPosition: 10 };
    expect(compareCheckpoints(early, late)).toBeLessThan(0);
    expect(compareCheckpoints(late, early)).toBeGreaterThan(0);
    expect(compareCheckpoints(START, early)).toBeLessThan(0);
    expect(compareCheckpoints({ ...early, globalPosition: 51 }, early)).toBeGreaterThan(0);
    expect(laterCheckpoint(early, late)).toBe(late);
    expect(sameCheckpoint(early, { ...early })).toBe(true);
  });

  it('compare transaction ids beyond 2^53 exactly', () => {
    const a = { transactionId: '18446744073709551614', globalPosition: 1 };
    const b = { transactionId: '18446744073709551615', globalPosition: 1 };
    expect(compareCheckpoints(a, b)).toBeLessThan(0);
  });
});
