import type { Database, Sql } from '@huquq/platform';
import type { PlannedDelivery } from '../outbox/planned-delivery';

/**
 * notification_deliveries: every message ever planned, in PostgreSQL, with its state. The worker
 * takes what is due with a lease (SKIP LOCKED: two workers never take the same row), sends it,
 * and records what came of it. Redis plays no part: the row holds its own time (backoff, quiet
 * hours), so the ledger is the queue (docs/decisions/0090).
 */

export async function recordDeliveries(sql: Sql, deliveries: readonly PlannedDelivery[]): Promise<void> {
  if (deliveries.length === 0) return;
  const column = <T>(pick: (d: PlannedDelivery) => T) => deliveries.map(pick);
  await sql.query(
    `INSERT INTO notification_deliveries
       (delivery_id, org_id, user_id, channel, kind, urgent, case_id, case_number, task_id, task_kind,
        due_at, event_id, source_position)
     SELECT * FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::boolean[],
                          $7::uuid[], $8::text[], $9::uuid[], $10::text[], $11::timestamptz[],
                          $12::uuid[], $13::bigint[])
     ON CONFLICT (delivery_id) DO NOTHING`,
    [
      column((d) => d.deliveryId),
      column((d) => d.orgId),
      column((d) => d.userId),
      column((d) => d.channel),
      column((d) => d.kind),
      column((d) => d.urgent),
      column((d) => d.caseId),
      column((d) => d.caseNumber),
      column((d) => d.taskId),
      column((d) => d.taskKind),
      column((d) => d.dueAt),
      column((d) => d.eventId),
      column((d) => d.sourcePosition),
    ],
  );
}

/** A delivery the worker took, with what it needs to write and address the message. */
export interface TakenDelivery extends Pick<
  PlannedDelivery,
  | 'deliveryId'
  | 'userId'
  | 'channel'
  | 'kind'
  | 'urgent'
  | 'caseId'
  | 'caseNumber'
  | 'taskId'
  | 'taskKind'
  | 'dueAt'
> {
  attempts: number;
  /** The recipient's settings at the time of sending. */
  accountEmail: string | null;
  email: string | null;
  emailOff: boolean;
  webhookUrl: string | null;
  webhookKeyVersion: number;
  quietHours: { from: string; to: string; timeZone: string } | null;
}

/**
 * Takes up to `limit` deliveries that are due and not held by a live lease, leasing them for
 * `leaseMs`. A worker that dies mid-send leaves its lease to run out; another then sends again
 * under the same delivery id (receivers tell repeats by it).
 */
interface DeliveryRow {
  delivery_id: string;
  user_id: string;
  channel: TakenDelivery['channel'];
  kind: TakenDelivery['kind'];
  urgent: boolean;
  case_id: string | null;
  case_number: string | null;
  task_id: string;
  task_kind: string | null;
  due_at: Date | null;
  attempts: number;
}

interface RecipientRow {
  id: string;
  account_email: string;
  email: string | null;
  email_off: boolean;
  webhook_url: string | null;
  webhook_key_version: number;
  quiet_from: string | null;
  quiet_to: string | null;
  quiet_time_zone: string | null;
}

export async function takeDue(db: Database, limit: number, leaseMs: number): Promise<TakenDelivery[]> {
  const { rows } = await db.query<DeliveryRow>(
    `WITH due AS (
       SELECT delivery_id FROM notification_deliveries
       WHERE sent_at IS NULL AND failed_at IS NULL AND skipped IS NULL
         AND next_attempt_at <= now() AND (locked_until IS NULL OR locked_until <= now())
       ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
     UPDATE notification_deliveries d SET locked_until = now() + $2 * interval '1 millisecond'
     FROM due WHERE d.delivery_id = due.delivery_id
     RETURNING d.*`,
    [limit, leaseMs],
  );
  if (rows.length === 0) return [];
  const { rows: people } = await db.query<RecipientRow>(
    `SELECT u.id, u.email AS account_email, p.email, coalesce(p.email_off, false) AS email_off,
            p.webhook_url, coalesce(p.webhook_key_version, 1) AS webhook_key_version,
            p.quiet_from, p.quiet_to, p.quiet_time_zone
     FROM users u LEFT JOIN notification_preferences p ON p.user_id = u.id
     WHERE u.id = ANY($1::uuid[])`,
    [[...new Set(rows.map((row) => row.user_id))]],
  );
  const byId = new Map(people.map((person) => [person.id, person]));
  return rows.map((row) => {
    // A user deleted since: nothing is sent (no address, e-mail off).
    const person = byId.get(row.user_id);
    return {
      deliveryId: row.delivery_id,
      userId: row.user_id,
      channel: row.channel,
      kind: row.kind,
      urgent: row.urgent,
      caseId: row.case_id,
      caseNumber: row.case_number,
      taskId: row.task_id,
      taskKind: row.task_kind,
      dueAt: row.due_at,
      attempts: row.attempts,
      accountEmail: person?.account_email ?? null,
      email: person?.email ?? null,
      emailOff: person?.email_off ?? true,
      webhookUrl: person?.webhook_url ?? null,
      webhookKeyVersion: person?.webhook_key_version ?? 1,
      quietHours:
        person?.quiet_from && person.quiet_to && person.quiet_time_zone
          ? { from: person.quiet_from, to: person.quiet_to, timeZone: person.quiet_time_zone }
          : null,
    };
  });
}

export async function markSent(db: Database, deliveryId: string): Promise<void> {
  await db.query(
    `UPDATE notification_deliveries
     SET sent_at = now(), attempts = attempts + 1, locked_until = NULL, last_error = NULL
     WHERE delivery_id = $1`,
    [deliveryId],
  );
}

/** Nothing to send (the channel was turned off since, or e-mail is off): said why, never retried. */
export async function markSkipped(db: Database, deliveryId: string, why: string): Promise<void> {
  await db.query(
    `UPDATE notification_deliveries SET skipped = $2, locked_until = NULL WHERE delivery_id = $1`,
    [deliveryId, why],
  );
}

/** Held back by the recipient's quiet hours until `until`; no try counted. */
export async function hold(db: Database, deliveryId: string, until: Date): Promise<void> {
  await db.query(
    `UPDATE notification_deliveries SET next_attempt_at = $2, held_until = $2, locked_until = NULL
     WHERE delivery_id = $1`,
    [deliveryId, until],
  );
}

/**
 * A failed try: again after `retryAt`, or dead-lettered when this was the last. The message is
 * ours or the transport's (a status code, a connection error), never the recipient's data.
 */
export async function markFailedTry(
  db: Database,
  deliveryId: string,
  error: string,
  retryAt: Date | null,
): Promise<void> {
  await db.query(
    `UPDATE notification_deliveries
     SET attempts = attempts + 1, last_error = left($2, 300), locked_until = NULL,
         next_attempt_at = coalesce($3, next_attempt_at),
         failed_at = CASE WHEN $3::timestamptz IS NULL THEN now() END
     WHERE delivery_id = $1`,
    [deliveryId, error, retryAt],
  );
}

/** A user changed their quiet hours: what was held for them is looked at again now. */
export async function releaseHeld(sql: Pick<Sql, 'query'>, userId: string): Promise<void> {
  await sql.query(
    `UPDATE notification_deliveries SET next_attempt_at = now()
     WHERE user_id = $1 AND held_until IS NOT NULL AND sent_at IS NULL AND failed_at IS NULL
       AND skipped IS NULL`,
    [userId],
  );
}

/** The dead letters, newest first: for operators (/health/details, `notifications:failed`). */
export interface DeadLetter {
  deliveryId: string;
  orgId: string;
  channel: string;
  kind: string;
  caseNumber: string | null;
  attempts: number;
  lastError: string | null;
  failedAt: string;
}

export async function deadLetters(sql: Pick<Sql, 'query'>, limit: number): Promise<DeadLetter[]> {
  const { rows } = await sql.query<{
    delivery_id: string;
    org_id: string;
    channel: string;
    kind: string;
    case_number: string | null;
    attempts: number;
    last_error: string | null;
    failed_at: Date;
  }>(
    `SELECT delivery_id, org_id, channel, kind, case_number, attempts, last_error, failed_at
     FROM notification_deliveries WHERE failed_at IS NOT NULL ORDER BY failed_at DESC LIMIT $1`,
    [limit],
  );
  return rows.map((row) => ({
    deliveryId: row.delivery_id,
    orgId: row.org_id,
    channel: row.channel,
    kind: row.kind,
    caseNumber: row.case_number,
    attempts: row.attempts,
    lastError: row.last_error,
    failedAt: new Date(row.failed_at).toISOString(),
  }));
}

/** An operator sends dead letters again (all, or one): tries start over. */
export async function retryDeadLetters(sql: Pick<Sql, 'query'>, deliveryId?: string): Promise<number> {
  const { rowCount } = await sql.query(
    `UPDATE notification_deliveries
     SET failed_at = NULL, attempts = 0, next_attempt_at = now(), locked_until = NULL
     WHERE failed_at IS NOT NULL AND ($1::text IS NULL OR delivery_id = $1)`,
    [deliveryId ?? null],
  );
  return rowCount ?? 0;
}

export async function deliveryCounts(sql: Pick<Sql, 'query'>) {
  const { rows } = await sql.query<Record<string, string>>(
    `SELECT count(*) FILTER (WHERE sent_at IS NULL AND failed_at IS NULL AND skipped IS NULL) AS pending,
            count(*) FILTER (WHERE sent_at IS NULL AND failed_at IS NULL AND skipped IS NULL
                             AND held_until > now()) AS held,
            count(*) FILTER (WHERE sent_at IS NOT NULL) AS sent,
            count(*) FILTER (WHERE skipped IS NOT NULL) AS skipped,
            count(*) FILTER (WHERE failed_at IS NOT NULL) AS failed
     FROM notification_deliveries`,
  );
  const row = rows[0] ?? {};
  return {
    pending: Number(row.pending ?? 0),
    held: Number(row.held ?? 0),
    sent: Number(row.sent ?? 0),
    skipped: Number(row.skipped ?? 0),
    failed: Number(row.failed ?? 0),
  };
}
