import { ValidationFailed } from '@huquq/shared-kernel';
import { CursorPart, decodeCursor, encodeCursor } from './keyset-cursor';

const UUID = '0b5ac0a8-8d1f-4c5e-9b3a-1c2d3e4f5a6b';
const cursorOf = (parts: unknown) => Buffer.from(JSON.stringify(parts)).toString('base64url');

describe('keyset cursors', () => {
  it('decodes what it encoded, typed by the shape', () => {
    const at = new Date('2024-03-29T07:05:00.123Z');
    expect(decodeCursor(encodeCursor([3, at.toISOString(), UUID]), ['rank', 'time', 'uuid'])).toEqual([
      3,
      at,
      UUID,
    ]);
    expect(decodeCursor(undefined, ['uuid'])).toBeNull();
    expect(decodeCursor('', ['uuid'])).toBeNull();
  });

  it.each<[string, string, readonly CursorPart[]]>([
    ['not base64url', 'a+b/c=', ['uuid']],
    ['too long', 'A'.repeat(513), ['uuid']],
    ['not JSON', Buffer.from('[1,').toString('base64url'), ['rank']],
    ['not an array', cursorOf({ 0: UUID }), ['uuid']],
    ['another arity', cursorOf([UUID, UUID]), ['uuid']],
    ['a uuid that is not', cursorOf(["x' OR 1=1 --"]), ['uuid']],
    ['a rank beyond smallint', cursorOf([32768]), ['rank']],
    ['a negative rank', cursorOf([-1]), ['rank']],
    ['a rank that is a fraction', cursorOf([1.5]), ['rank']],
    ['a rank that is text', cursorOf(['1']), ['rank']],
  ])('refuses %s', (_what, cursor, shape) => {
    expect(() => decodeCursor(cursor, shape)).toThrow(ValidationFailed);
  });

  it.each([
    'not a time',
    '2024-02-30T00:00:00.000Z',
    '2024-03-01',
    '2024-03-01T00:00:00Z',
    '+275760-09-13T00:00:00.000Z',
    '0000-01-01T00:00:00.000Z',
  ])('refuses a time %s', (value) => {
    expect(() => decodeCursor(cursorOf([value]), ['time'])).toThrow(ValidationFailed);
  });

  it('names the cursor, never its value', () => {
    try {
      decodeCursor(cursorOf(['CANARY']), ['uuid']);
    } catch (error) {
      expect((error as ValidationFailed).details).toEqual([
        { field: 'cursor', problem: 'not a cursor from this API' },
      ]);
      expect(JSON.stringify(error)).not.toContain('CANARY');
      return;
    }
    throw new Error('the cursor was taken');
  });
});
