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
  source: 'rule';
}

/** The legal deadlines the rules computed for the case (the case's own `deadlines` hold the manual ones). */
export async function ruleDeadlinesForCase(sql: Sql, orgId: string, caseId: string): Promise<RuleDeadline[]> {
  const { rows } = await sql.query<{ deadline_id: string; kind: string; due_at: Date; basis: string }>(
    `SELECT deadline_id, kind, due_at, basis FROM follow_up_deadlines
     WHERE org_id = $1 AND case_id = $2 ORDER BY due_at, deadline_id`,
    [orgId, caseId],
  );
  return rows.map((row) => ({
    deadlineId: row.deadline_id,
    kind: row.kind,
    dueAt: row.due_at.toISOString(),
    basis: row.basis,
    source: 'rule',
  }));
}
