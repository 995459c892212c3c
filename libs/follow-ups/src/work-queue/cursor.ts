import { decodeCursor, encodeCursor } from '@huquq/platform';

/**
 * Keyset pagination of a work queue (most urgent first): the cursor is the last task's priority
 * rank, due time and id, so tasks created meanwhile never shift or repeat a page. What comes back
 * is checked part by part (platform's decodeCursor) before it is a SQL parameter: 400 naming
 * `cursor`.
 */
export function encodeTaskCursor(rank: number, dueAt: Date, taskId: string): string {
  return encodeCursor([rank, dueAt.toISOString(), taskId]);
}

export function decodeTaskCursor(
  cursor: string | undefined,
): { rank: number; dueAt: Date; taskId: string } | null {
  const parts = decodeCursor(cursor, ['rank', 'time', 'uuid']);
  return parts && { rank: parts[0], dueAt: parts[1], taskId: parts[2] };
}
