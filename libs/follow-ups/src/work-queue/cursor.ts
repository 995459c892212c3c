import { ValidationFailed } from '@huquq/shared-kernel';

/**
 * Keyset pagination: the cursor is the sort key of the last item, so a page is a range scan
 * and items created meanwhile never shift or repeat a page.
 */
export function encodeCursor(parts: (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, arity: number): (string | number)[] | null {
  if (!cursor) return null;
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parts) && parts.length === arity) return parts;
  } catch {
    // fall through to the error below
  }
  throw new ValidationFailed('The cursor is not valid', [
    { field: 'cursor', problem: 'not a cursor from this API' },
  ]);
}
