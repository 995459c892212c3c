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
  // The request named a person since erased: its fingerprint is destroyed (it would confirm a
  // guess of their data), so a retry cannot be told from a reuse; the answer holds ids only.
  if (rows[0].fingerprint === ERASED_FINGERPRINT) return { answer: rows[0].answer };
  if (rows[0].fingerprint !== fingerprint) {
    throw RuleViolation.because(
      'idempotency_key_reused',
      'This Idempotency-Key was already used with a different request',
    );
  }
  return { answer: rows[0].answer };
}

export async function saveAnswer(
  sql: Sql,
  orgId: string,
  key: string,
  fingerprint: string,
  answer: unknown,
  /** Whose personal data the request carried (see sealedSubjectsOf). */
  subjects: string[] = [],
) {
  await sql.query(
    `INSERT INTO command_answers (org_id, idempotency_key, fingerprint, answer, subject_ids)
     VALUES ($1, $2, $3, $4, $5::uuid[])`,
    [orgId, key, fingerprint, JSON.stringify(answer ?? null), subjects],
  );
}

/** What a destroyed request fingerprint reads. */
const ERASED_FINGERPRINT = 'erased';

/**
 * Destroys the request fingerprints of erased people: every Idempotency-Key answer whose request
 * carried their personal data (or, for answers recorded before subjects were, whose answer names
 * them as its client). Run as the owner, after an erasure and at every start for the whole
 * erasure ledger (a restored old dump brings fingerprints back). Returns how many it destroyed.
 */
export async function destroyRequestFingerprints(sql: Sql, subjectIds: string[]): Promise<number> {
  if (subjectIds.length === 0) return 0;
  const { rowCount } = await sql.query(
    `UPDATE command_answers SET fingerprint = $2, subject_ids = '{}'
      WHERE fingerprint <> $2
        AND (subject_ids && $1::uuid[] OR answer->>'clientId' = ANY($1::text[]))`,
    [subjectIds.map((id) => id.toLowerCase()), ERASED_FINGERPRINT],
  );
  return rowCount ?? 0;
}
