import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER, Sql } from '@huquq/platform';
import { Actor } from '@huquq/shared-kernel';
import { NeedToKnow } from './need-to-know';

/** The routes that show a person's data, as the access log names them. */
export type ReadAction =
  | 'case-view'
  | 'case-history'
  | 'case-list'
  | 'client-record'
  | 'task-result'
  | 'document-list'
  | 'document-read';

/** Lists show a person's name (or a file's), not their file: they do not count as opening a case. */
const LISTS: readonly ReadAction[] = ['case-list', 'document-list'];

/** The entry that marks a user's unusual reading in their own access log (decision 0096). */
const UNUSUAL_READING = 'unusual-reading';

/**
 * Records who read whose personal data: one row per case (or client) per request, written in
 * the same transaction that read it, so a read that fails records nothing and one that answers
 * is recorded exactly once. Ids, role, route and time only; the table is append-only for the
 * request path and no projection, so a rebuild never touches it.
 */
@Injectable()
export class ReadAudit {
  constructor(
    private readonly needToKnow: NeedToKnow,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async record(
    tx: Sql,
    actor: Actor,
    action: ReadAction,
    reads: { caseId?: string | null; clientId?: string | null }[],
  ): Promise<void> {
    if (reads.length === 0) return;
    await tx.query(
      `INSERT INTO personal_data_reads (org_id, user_id, role, action, case_id, client_id)
       SELECT $1, $2, $3, $4, r.case_id, r.client_id
       FROM unnest($5::uuid[], $6::uuid[]) AS r(case_id, client_id)`,
      [
        actor.orgId,
        actor.userId,
        actor.role,
        action,
        reads.map((r) => r.caseId ?? null),
        reads.map((r) => r.clientId ?? null),
      ],
    );
    // A list shows names only; what counts as reading a case is opening it.
    if (!LISTS.includes(action)) await this.watchForUnusualReading(tx, actor);
  }

  /**
   * More distinct cases than the organization's limit opened by one user within an hour: once
   * per hour, a security event in the log and an `unusual-reading` entry in the user's access
   * log, which admins read.
   */
  private async watchForUnusualReading(tx: Sql, actor: Actor): Promise<void> {
    const { unusualReadingCasesPerHour: limit } = await this.needToKnow.settings(tx, actor.orgId);
    const { rows } = await tx.query<{ cases: number; flagged: boolean }>(
      `SELECT count(DISTINCT case_id) FILTER (WHERE action <> $3 AND action <> ALL($4))::int AS cases,
              bool_or(action = $3) AS flagged
       FROM personal_data_reads
       WHERE org_id = $1 AND user_id = $2 AND at > now() - interval '1 hour'`,
      [actor.orgId, actor.userId, UNUSUAL_READING, LISTS],
    );
    const { cases, flagged } = rows[0];
    if (cases <= limit || flagged) return;
    await tx.query(
      `INSERT INTO personal_data_reads (org_id, user_id, role, action) VALUES ($1, $2, $3, $4)`,
      [actor.orgId, actor.userId, actor.role, UNUSUAL_READING],
    );
    this.logger.warn(
      { securityEvent: 'unusual_reading', orgId: actor.orgId, userId: actor.userId, cases, limit },
      'one user read the personal data of unusually many cases within an hour',
    );
  }
}
