import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { openTasksForCase, RuleDeadline, ruleDeadlinesForCase } from '@huquq/follow-ups';
import { Sql, TenantDatabase } from '@huquq/platform';
import { Actor } from '@huquq/shared-kernel';
import { CaseNotFound } from '../domain/case.decider';
import { decodeCaseCursor, encodeCaseCursor } from '../shared/cursor';
import { requireId } from '@huquq/shared-kernel';
import { CaseRow, toCaseListItem, toCaseResource } from './case-resource';
import { CaseRevealer } from './case-revealer';
import { NeedToKnow, ReadAudit } from '@huquq/follow-ups';
import type { CustodyView } from './case-view.projection';

/**
 * A case, its client's sealed data and its assignee's display name as it is now (read from the
 * users table, never copied into the log: a renamed user shows their new name at once).
 */
const CASE_WITH_CLIENT = `
  SELECT c.*, cl.personal, cl.erased, u.display_name AS assignee_name
  FROM case_views c LEFT JOIN client_views cl ON cl.client_id = c.client_id
  LEFT JOIN users u ON u.id = c.assignee_id AND u.org_id = c.org_id`;

export class GetCase {
  constructor(
    readonly actor: Actor,
    readonly caseId: string,
  ) {}
}

@QueryHandler(GetCase)
export class GetCaseHandler implements IQueryHandler<GetCase> {
  constructor(
    private readonly db: TenantDatabase,
    private readonly revealer: CaseRevealer,
    private readonly needToKnow: NeedToKnow,
    private readonly audit: ReadAudit,
  ) {}

  async execute({ actor, caseId }: GetCase) {
    const id = requireId(caseId, 'case');
    const found = await this.db.transaction(actor.orgId, async (tx) => {
      const { rows } = await tx.query<CaseRow>(`${CASE_WITH_CLIENT} WHERE c.case_id = $1 AND c.org_id = $2`, [
        id,
        actor.orgId,
      ]);
      if (!rows[0]) return null;
      // Follow-up work lives in streams of its own; the case view shows it beside the case.
      // One after another: a transaction is one connection, which runs one query at a time
      // anyway (pg queues them, and pg 9 will refuse overlapping calls).
      const openTasks = await openTasksForCase(tx, actor.orgId, id);
      const ruleDeadlines = await ruleDeadlinesForCase(tx, actor.orgId, id);
      const dismissed = await dismissedDuplicates(tx, rows[0]);
      const notes = await notesOf(tx, actor.orgId, id);
      const possible_duplicates = rows[0].possible_duplicates.filter((c) => !dismissed.has(c));
      const shown = await this.needToKnow.seesCase(tx, actor, id);
      if (shown && !rows[0].erased) {
        await this.audit.record(tx, actor, 'case-view', [{ caseId: id, clientId: rows[0].client_id }]);
      }
      return { row: { ...rows[0], possible_duplicates }, openTasks, ruleDeadlines, notes, shown };
    });
    if (!found) throw new CaseNotFound();
    const { shown } = found;
    const view = toCaseResource(await this.revealer.full(found.row, shown), shown, found.openTasks);
    const manual = view.deadlines.map((d) => ({ ...d, source: 'manual' }));
    // Opened like the history opens them: the same declaration, the client's key; erased, null.
    const notes = await Promise.all(
      found.notes.map(async (note) => {
        const opened = await this.revealer.historyEvent(actor.orgId, found.row.client_id, note, shown);
        const data = opened.data as { noteId: string; text: string | null };
        return {
          noteId: data.noteId,
          text: data.text ?? null,
          addedAt: note.addedAt,
          authorId: note.authorId,
        };
      }),
    );
    return {
      ...view,
      deadlines: [...manual, ...found.ruleDeadlines],
      custody: withRunningClock(view.custody, found.ruleDeadlines),
      notes,
    };
  }
}

/**
 * The suggested duplicates whose client someone judged to be another person than this case's:
 * suggested once at intake, never again.
 */
async function dismissedDuplicates(tx: Sql, row: CaseRow): Promise<Set<string>> {
  if (row.possible_duplicates.length === 0) return new Set();
  const { rows } = await tx.query<{ case_id: string }>(
    `SELECT c.case_id FROM case_views c
     JOIN client_pairs p ON p.org_id = c.org_id AND p.client_id = $2 AND p.other_client_id = c.client_id
     WHERE c.org_id = $1 AND c.case_id = ANY($3) AND p.verdict = 'different'`,
    [row.org_id, row.client_id, row.possible_duplicates],
  );
  return new Set(rows.map((r) => r.case_id));
}

/** The case's notes, oldest first, still sealed: from its history, where every note-added is. */
async function notesOf(tx: Sql, orgId: string, caseId: string) {
  const { rows } = await tx.query<{ data: unknown; recorded_at: Date; actor_id: string | null }>(
    `SELECT data, recorded_at, actor_id FROM case_history
     WHERE case_id = $1 AND org_id = $2 AND type = 'note-added' ORDER BY global_position`,
    [caseId, orgId],
  );
  return rows.map((r) => ({
    type: 'note-added',
    data: r.data,
    addedAt: r.recorded_at.toISOString(),
    authorId: r.actor_id,
  }));
}

/**
 * The current place and its clock: the rule deadline of the current custody (the detention or
 * special-institution limit), with its basis, confidence and status (`open`, `missed`, `met`).
 * None once released.
 */
function withRunningClock(custody: CustodyView | null, deadlines: RuleDeadline[]) {
  if (!custody) return null;
  const current = custody.current;
  const clock = current ? deadlines.find((d) => d.custodyId === current.custodyId) : undefined;
  return {
    ...custody,
    clock: clock
      ? {
          kind: clock.kind,
          endsAt: clock.dueAt,
          status: clock.status,
          basis: clock.basis,
          confidence: clock.confidence,
          lastChecked: clock.lastChecked,
        }
      : null,
  };
}

export interface CaseFilters {
  status?: string;
  appealType?: string;
  assigneeId?: string;
  urgency?: string;
  incidentId?: string;
  caseNumber?: string;
  cursor?: string;
  limit?: number;
}

export class ListCases {
  constructor(
    readonly actor: Actor,
    readonly filters: CaseFilters,
  ) {}
}

const FILTER_COLUMNS: Record<string, string> = {
  status: 'c.status',
  appealType: 'c.appeal_type',
  assigneeId: 'c.assignee_id',
  urgency: 'c.urgency',
  incidentId: 'c.incident_id',
  caseNumber: 'c.case_number',
};

@QueryHandler(ListCases)
export class ListCasesHandler implements IQueryHandler<ListCases> {
  constructor(
    private readonly db: TenantDatabase,
    private readonly revealer: CaseRevealer,
    private readonly needToKnow: NeedToKnow,
    private readonly audit: ReadAudit,
  ) {}

  async execute({ actor, filters }: ListCases) {
    const limit = filters.limit ?? 50;
    const values: unknown[] = [actor.orgId];
    const where = ['c.org_id = $1'];
    for (const [name, column] of Object.entries(FILTER_COLUMNS)) {
      const value = filters[name as keyof CaseFilters];
      if (value === undefined) continue;
      values.push(value);
      where.push(`${column} = $${values.length}`);
    }
    const after = decodeCaseCursor(filters.cursor);
    if (after) {
      values.push(after.openedAt, after.caseId);
      where.push(`(c.opened_at, c.case_id) < ($${values.length - 1}, $${values.length})`);
    }
    values.push(limit + 1);
    const { rows, shown } = await this.db.transaction(actor.orgId, async (tx) => {
      const found = await tx.query<CaseRow>(
        `${CASE_WITH_CLIENT} WHERE ${where.join(' AND ')}
         ORDER BY c.opened_at DESC, c.case_id DESC LIMIT $${values.length}`,
        values,
      );
      const page = found.rows.slice(0, limit);
      const shown = await this.needToKnow.shownCases(tx, actor, page.map((row) => row.case_id));
      const named = page.filter((row) => shown.has(row.case_id) && !row.erased);
      await this.audit.record(
        tx,
        actor,
        'case-list',
        named.map((row) => ({ caseId: row.case_id, clientId: row.client_id })),
      );
      return { rows: found.rows, shown };
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const items = await Promise.all(
      page.map(async (row) => {
        const visible = shown.has(row.case_id);
        return toCaseListItem(await this.revealer.forList(row, visible), visible);
      }),
    );
    return {
      items,
      nextCursor: rows.length > limit && last ? encodeCaseCursor(last.opened_at, last.case_id) : null,
    };
  }
}

export class GetCaseHistory {
  constructor(
    readonly actor: Actor,
    readonly caseId: string,
  ) {}
}

interface HistoryRow {
  global_position: string;
  version: number | null;
  type: string;
  recorded_at: Date;
  actor_id: string | null;
  data: unknown;
}

@QueryHandler(GetCaseHistory)
export class GetCaseHistoryHandler implements IQueryHandler<GetCaseHistory> {
  constructor(
    private readonly db: TenantDatabase,
    private readonly revealer: CaseRevealer,
    private readonly needToKnow: NeedToKnow,
    private readonly audit: ReadAudit,
  ) {}

  async execute({ actor, caseId }: GetCaseHistory) {
    const id = requireId(caseId, 'case');
    const { clientId, rows, shown } = await this.db.transaction(actor.orgId, async (tx) => {
      const found = await tx.query<{ client_id: string }>(
        'SELECT client_id FROM case_views WHERE case_id = $1 AND org_id = $2',
        [id, actor.orgId],
      );
      if (!found.rows[0]) throw new CaseNotFound();
      const history = await tx.query<HistoryRow>(
        `SELECT global_position, version, type, recorded_at, actor_id, data FROM case_history
         WHERE case_id = $1 AND org_id = $2 ORDER BY global_position`,
        [id, actor.orgId],
      );
      const clientId = found.rows[0].client_id;
      const shown = await this.needToKnow.seesCase(tx, actor, id);
      if (shown) await this.audit.record(tx, actor, 'case-history', [{ caseId: id, clientId }]);
      return { clientId, rows: history.rows, shown };
    });
    const events = rows.map((r) => ({
      position: Number(r.global_position),
      version: r.version,
      type: r.type,
      recordedAt: r.recorded_at.toISOString(),
      actorId: r.actor_id,
      data: r.data,
    }));
    return {
      personalData: shown ? 'shown' : 'withheld',
      events: await Promise.all(
        events.map((e) => this.revealer.historyEvent(actor.orgId, clientId, e, shown)),
      ),
    };
  }
}
