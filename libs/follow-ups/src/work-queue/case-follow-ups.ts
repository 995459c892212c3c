import type { Sql } from '@huquq/platform';
import { TASK_COLUMNS, TaskItem, TaskRow, TASKS_WITH_CASE, toTaskItem } from './task-item';

/**
 * What a case view shows of follow-ups, exported by the library's barrel (`@huquq/follow-ups`):
 * follow-ups import nothing of the cases library, so the cases library may import this without
 * an import cycle. Call it inside the request's transaction; it filters by organization itself
 * as well.
 */

/** The case's open tasks, most urgent first. */
export async function openTasksForCase(sql: Sql, orgId: string, caseId: string): Promise<TaskItem[]> {
  const { rows } = await sql.query<TaskRow>(
    `SELECT ${TASK_COLUMNS} FROM ${TASKS_WITH_CASE}
     WHERE t.org_id = $1 AND t.case_id = $2 AND t.status = 'open'
     ORDER BY t.priority_rank, t.due_at, t.task_id`,
    [orgId, caseId],
  );
  return rows.map(toTaskItem);
}

export interface RuleDeadline {
  deadlineId: string;
  kind: string;
  dueAt: string;
  basis: string;
  /** `confirmed`: the legal text was read; `to_verify`: secondary sources only. */
  confidence: string;
  /** When the legal text was last checked (YYYY-MM-DD); null for deadlines set before rules said. */
  lastChecked: string | null;
  /** The local last day the term ends on at 24:00, and the day it moved from (next working day). */
  lastDay: string | null;
  movedFrom: string | null;
  timeZone: string | null;
  /** False when it may be earlier than the law (region or calendar uncertain); never later. */
  exact: boolean;
  status: string;
  /** The custody whose clock this is; null for other deadlines. */
  custodyId: string | null;
  source: 'rule';
}

interface RuleDeadlineRow {
  deadline_id: string;
  kind: string;
  due_at: Date;
  basis: string;
  confidence: string;
  last_checked: string | null;
  last_day: string | null;
  moved_from: string | null;
  time_zone: string | null;
  exact: boolean;
  status: string;
  custody_id: string | null;
}

/** The legal deadlines the rules computed for the case (the case's own `deadlines` hold the manual ones). */
export async function ruleDeadlinesForCase(sql: Sql, orgId: string, caseId: string): Promise<RuleDeadline[]> {
  const { rows } = await sql.query<RuleDeadlineRow>(
    `SELECT deadline_id, kind, due_at, basis, confidence, last_checked, last_day, moved_from, time_zone, exact, status,
       custody_id
     FROM follow_up_deadlines WHERE org_id = $1 AND case_id = $2 ORDER BY due_at, deadline_id`,
    [orgId, caseId],
  );
  return rows.map((row) => ({
    deadlineId: row.deadline_id,
    kind: row.kind,
    dueAt: row.due_at.toISOString(),
    basis: row.basis,
    confidence: row.confidence,
    lastChecked: row.last_checked,
    lastDay: row.last_day,
    movedFrom: row.moved_from,
    timeZone: row.time_zone,
    exact: row.exact,
    status: row.status,
    custodyId: row.custody_id,
    source: 'rule',
  }));
}
