/** A task as the API shows it in queues and case views. No personal data: kinds, times, basis. */
export interface TaskItem {
  id: string;
  caseId: string | null;
  /** The case's number, appeal type, urgency and status now: a queue screen needs no request per task. */
  caseNumber: string | null;
  appealType: string | null;
  urgency: string | null;
  caseStatus: string | null;
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
  /** The assigned user's display name as it is now (null: none set, or no assignee). */
  assigneeName: string | null;
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
  assignee_name: string | null;
  deadline_id: string | null;
  escalation_of: string | null;
  escalated_at: Date | null;
  reminders_sent: number;
  last_reminder_at: Date | null;
  created_at: Date;
  completed_at: Date | null;
  case_number: string | null;
  appeal_type: string | null;
  urgency: string | null;
  case_status: string | null;
  confidence: string | null;
  last_checked: string | null;
}

/**
 * A task's columns, its case's and its assignee's name, from `FROM ${TASKS_WITH_CASE}` (tasks
 * `t`, cases `c`, users `u`). The
 * case's facts are read from the case view at the moment, by its primary key, not copied onto
 * the task: a status changed a minute ago shows on the task at once, and follow-ups need not
 * follow every case event. The table is the only thing of the cases library used here.
 */
export const TASK_COLUMNS = `t.task_id, t.case_id, t.incident_id, t.kind, t.title, t.queue, t.priority, t.priority_rank,
  t.due_at, t.status, t.basis, t.assignee_id, t.deadline_id, t.escalation_of, t.escalated_at, t.reminders_sent,
  t.last_reminder_at, t.created_at, t.completed_at, t.confidence, t.last_checked,
  c.case_number, c.appeal_type, c.urgency, c.status AS case_status, u.display_name AS assignee_name`;

/**
 * The assignee's name is read from the users table when the task is read, never copied onto the
 * task or into an event: a renamed user shows their new name at once (staff data, not a person's).
 */
export const TASKS_WITH_CASE = `follow_up_tasks t
  LEFT JOIN case_views c ON c.case_id = t.case_id AND c.org_id = t.org_id
  LEFT JOIN users u ON u.id = t.assignee_id AND u.org_id = t.org_id`;

export const toTaskItem = (row: TaskRow): TaskItem => ({
  id: row.task_id,
  caseId: row.case_id,
  caseNumber: row.case_number,
  appealType: row.appeal_type,
  urgency: row.urgency,
  caseStatus: row.case_status,
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
  assigneeName: row.assignee_name,
  deadlineId: row.deadline_id,
  escalationOf: row.escalation_of,
  escalatedAt: row.escalated_at?.toISOString() ?? null,
  remindersSent: row.reminders_sent,
  lastReminderAt: row.last_reminder_at?.toISOString() ?? null,
  createdAt: row.created_at.toISOString(),
  completedAt: row.completed_at?.toISOString() ?? null,
});
