import { decodeCursor, encodeCursor } from '@huquq/platform';

/**
 * Keyset pagination of the case list (newest first): the cursor is the last case's opened_at
 * and id, so items logged meanwhile never shift or repeat a page. What comes back is checked
 * part by part (platform's decodeCursor) before it is a SQL parameter: 400 naming `cursor`.
 */
export function encodeCaseCursor(openedAt: Date, caseId: string): string {
  return encodeCursor([openedAt.toISOString(), caseId]);
}

export function decodeCaseCursor(cursor: string | undefined): { openedAt: Date; caseId: string } | null {
  const parts = decodeCursor(cursor, ['time', 'uuid']);
  return parts && { openedAt: parts[0], caseId: parts[1] };
}
