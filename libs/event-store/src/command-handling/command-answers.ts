import { RuleViolation } from '@huquq/shared-kernel';
import type { Sql } from '@huquq/platform';

/**
 * The first answer to each Idempotency-Key (table command_answers), saved in the command's own
 * transaction: if the command's events commit, so does its answer, and the other way round.
 */
export async function findAnswer<T>(
  sql: Sql,
  orgId: string,
  key: string,
  fingerprint: string,
): Promise<{ answer: T } | null> {
  const { rows } = await sql.query<{ fingerprint: string; answer: T }>(
    'SELECT fingerprint, answer FROM command_answers WHERE org_id = $1 AND idempotency_key = $2',
    [orgId, key],
  );
  if (rows.length === 0) return null;
  if (rows[0].fingerprint !== fingerprint) {
    throw new RuleViolation('This Idempotency-Key was already used with a different request');
  }
  return { answer: rows[0].answer };
}

export async function saveAnswer(sql: Sql, orgId: string, key: string, fingerprint: string, answer: unknown) {
  await sql.query(
    'INSERT INTO command_answers (org_id, idempotency_key, fingerprint, answer) VALUES ($1, $2, $3, $4)',
    [orgId, key, fingerprint, JSON.stringify(answer ?? null)],
  );
}
