/** A task as the API shows it in queues and case views. No personal data: kinds, times, basis. */
export interface TaskItem {
  id: string;
  caseId: string | null;
  kind: string;
  priority: string;
  dueAt: string;
  status: 'open' | 'done';
  basis: string;
  /** Of the legal clock behind the due time: `confirmed` or `to_verify`; null for organization standards. */
  confidence: string | null;
  /** When the legal text behind the due time was last checked (YYYY-MM-DD). */
  lastChecked: string | null;
}

/**
 * A queue item: the fields of the HTTP contract (the OpenAPI document at /docs-json), and what a
 * lawyer needs to pick it up.
 */
export interface TaskQueueItem extends TaskItem {
  title: string;
  queue: string;
  incidentId: string | null;
  assigneeId: string | null;
  deadlineId: string | null;
  escalationOf: string | null;
  escalatedAt: string | null;
  remindersSent: number;
  lastReminderAt: string | null;
  createdAt: string;
  completedAt: string | null;
}

export interface TaskRow {
  task_id: string;
  case_id: string | null;
  incident_id: string | null;
  kind: string;
  title: string;
  queue: string;
  priority: string;
  priority_rank: number;
  due_at: Date;
  status: 'open' | 'done';
  basis: string;
  assignee_id: string | null;
  deadline_id: string | null;
  escalation_of: string | null;
  escalated_at: Date | null;
  reminders_sent: number;
  last_reminder_at: Date | null;
  created_at: Date;
  completed_at: Date | null;
  confidence: string | null;
  last_checked: string | null;
}

export const TASK_COLUMNS = `task_id, case_id, incident_id, kind, title, queue, priority, priority_rank, due_at, status,
  basis, assignee_id, deadline_id, escalation_of, escalated_at, reminders_sent, last_reminder_at, created_at, completed_at,
  confidence, last_checked`;

export const toTaskItem = (row: TaskRow): TaskItem => ({
  id: row.task_id,
  caseId: row.case_id,
  kind: row.kind,
  priority: row.priority,
  dueAt: row.due_at.toISOString(),
  status: row.status,
  basis: row.basis,
  confidence: row.confidence,
  lastChecked: row.last_checked,
});

export const toTaskQueueItem = (row: TaskRow): TaskQueueItem => ({
  ...toTaskItem(row),
  title: row.title,
  queue: row.queue,
  incidentId: row.incident_id,
  assigneeId: row.assignee_id,
  deadlineId: row.deadline_id,
  escalationOf: row.escalation_of,
  escalatedAt: row.escalated_at?.toISOString() ?? null,
  remindersSent: row.reminders_sent,
  lastReminderAt: row.last_reminder_at?.toISOString() ?? null,
  createdAt: row.created_at.toISOString(),
  completedAt: row.completed_at?.toISOString() ?? null,
});
