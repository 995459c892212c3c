import { isUuid, ValidationFailed } from '@huquq/shared-kernel';

/**
 * Keyset pagination: the cursor is the sort key of the last item, so a page is a range scan and
 * items written meanwhile never shift or repeat a page. A cursor comes back from the client, so
 * it is decoded as untrusted input: every part is checked against the shape the query expects
 * before it is a SQL parameter (a bad one would otherwise fail in PostgreSQL, whose message
 * quotes it).
 */
export type CursorPart =
  /** An instant the API wrote with toISOString(), years 0001–9999 (PostgreSQL takes them all). */
  | 'time'
  | 'uuid'
  /** A smallint rank (0–32767). */
  | 'rank'
  /** A row's position in an append-only table (a bigserial below 2^53). */
  | 'position';

type Decoded<P extends CursorPart> = P extends 'time' ? Date : P extends 'uuid' ? string : number;

const isPosition = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
export type CursorValues<Shape extends readonly CursorPart[]> = { [I in keyof Shape]: Decoded<Shape[I]> };

/** Far longer than any cursor we hand out. */
const MAX_CURSOR_LENGTH = 512;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const ISO_INSTANT = /^(\d{4})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function encodeCursor(parts: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

function decodePart(part: CursorPart, value: unknown): Date | string | number | undefined {
  if (part === 'uuid') return typeof value === 'string' && isUuid(value) ? value : undefined;
  if (part === 'rank')
    return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 32767
      ? value
      : undefined;
  if (part === 'position') return isPosition(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = ISO_INSTANT.exec(value);
  if (!match || Number(match[1]) < 1) return undefined;
  const at = new Date(value);
  return !Number.isNaN(at.getTime()) && at.toISOString() === value ? at : undefined;
}

export function decodeCursor<const Shape extends readonly CursorPart[]>(
  cursor: string | undefined,
  shape: Shape,
): CursorValues<Shape> | null {
  if (cursor === undefined || cursor === '') return null;
  let parts: unknown;
  try {
    if (cursor.length <= MAX_CURSOR_LENGTH && BASE64URL.test(cursor))
      parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    // refused below, with the rest
  }
  if (Array.isArray(parts) && parts.length === shape.length) {
    const values = shape.map((part, i) => decodePart(part, parts[i]));
    if (values.every((value) => value !== undefined)) return values as CursorValues<Shape>;
  }
  throw new ValidationFailed('The cursor is not valid', [
    { field: 'cursor', problem: 'not a cursor from this API' },
  ]);
}
