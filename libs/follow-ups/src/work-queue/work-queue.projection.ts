import type { Projection, StoredEvent } from '@huquq/event-store';
import type { Sql } from '@huquq/platform';
import { PRIORITY_RANK } from '../domain/priorities';
import { DEADLINE_EVENT_TYPES, DeadlineEvent, TASK_EVENT_TYPES, TaskEvent } from '../domain/follow-up.events';

/** Timestamps are Dates when read back and the events' ISO text when new: PostgreSQL takes either. */
type Time = Date | string;

interface TaskRow {
  task_id: string;
  org_id: string;
  case_id: string | null;
  incident_id: string | null;
  client_id: string | null;
  kind: string;
  title: string;
  queue: string;
  priority: string;
  priority_rank: number;
  due_at: Time;
  escalate_at: Time | null;
  basis: string;
  rule_id: string;
  deadline_id: string | null;
  escalation_of: string | null;
  status: string;
  assignee_id: string | null;
  claimed_at: Time | null;
  completed_at: Time | null;
  completed_by: string | null;
  escalated_at: Time | null;
  escalation_task_id: string | null;
  reminders_sent: number;
  last_reminder_at: Time | null;
  version: number;
  created_at: Time;
  confidence: string | null;
  last_checked: string | null;
}

interface DeadlineRow {
  deadline_id: string;
  org_id: string;
  case_id: string;
  task_id: string;
  kind: string;
  due_at: Time;
  basis: string;
  confidence: string;
  clock: string;
  rule_id: string;
  status: string;
  reminders_sent: number;
  last_reminder_at: Time | null;
  version: number;
  set_at: Time;
  counting: string | null;
  time_zone: string | null;
  last_day: string | null;
  moved_from: string | null;
  exact: boolean;
  last_checked: string | null;
  custody_id: string | null;
}

const TASK_COLUMNS: Record<keyof TaskRow, string> = {
  task_id: 'uuid',
  org_id: 'uuid',
  case_id: 'uuid',
  incident_id: 'uuid',
  client_id: 'uuid',
  kind: 'text',
  title: 'text',
  queue: 'text',
  priority: 'text',
  priority_rank: 'smallint',
  due_at: 'timestamptz',
  escalate_at: 'timestamptz',
  basis: 'text',
  rule_id: 'text',
  deadline_id: 'uuid',
  escalation_of: 'uuid',
  status: 'text',
  assignee_id: 'uuid',
  claimed_at: 'timestamptz',
  completed_at: 'timestamptz',
  completed_by: 'uuid',
  escalated_at: 'timestamptz',
  escalation_task_id: 'uuid',
  reminders_sent: 'int',
  last_reminder_at: 'timestamptz',
  version: 'int',
  created_at: 'timestamptz',
  confidence: 'text',
  last_checked: 'text',
};

const DEADLINE_COLUMNS: Record<keyof DeadlineRow, string> = {
  deadline_id: 'uuid',
  org_id: 'uuid',
  case_id: 'uuid',
  task_id: 'uuid',
  kind: 'text',
  due_at: 'timestamptz',
  basis: 'text',
  confidence: 'text',
  clock: 'text',
  rule_id: 'text',
  status: 'text',
  reminders_sent: 'int',
  last_reminder_at: 'timestamptz',
  version: 'int',
  set_at: 'timestamptz',
  counting: 'text',
  time_zone: 'text',
  last_day: 'text',
  moved_from: 'text',
  exact: 'boolean',
  last_checked: 'text',
  custody_id: 'uuid',
};

/**
 * The lawyers' and coordinators' queues (follow_up_tasks) and the rule-made deadlines
 * (follow_up_deadlines). Inline: the write path updates them in the transaction of the command
 * that appends the events, so a claim or a completion answers with the row it changed; the
 * projection runner only catches them up at start and rebuilds them.
 *
 * Each change is guarded by its stream's version (creations by the row's existence), so an
 * event applied twice (inline, then again by a catch-up from an older checkpoint) changes
 * nothing twice.
 *
 * A batch is applied in memory: the tasks and deadlines it touches are read (two statements),
 * its events folded over them in log order, and what changed written back (two statements),
 * whatever the batch's size. Commands of different streams may touch one row (a reminder of a
 * deadline counts on its task's row while the task is claimed): the rows are read FOR UPDATE,
 * tasks before deadlines and each in id order, so such writers wait for each other instead of
 * overwriting each other's columns, and never deadlock over the order.
 */
export class WorkQueueProjection implements Projection {
  readonly name = 'follow-up-work-queues';
  readonly eventTypes: string[] = [...TASK_EVENT_TYPES, ...DEADLINE_EVENT_TYPES];
  /** The queues' indexes: apply reads tasks by id and deadlines by id and task. */
  readonly deferredIndexes = [
    'follow_up_tasks_by_assignee',
    'follow_up_tasks_by_case',
    'follow_up_tasks_queue',
    'follow_up_deadlines_by_case',
  ];
  readonly inline = true;

  async apply(sql: Sql, events: StoredEvent[]): Promise<void> {
    const state = await load(sql, events);
    for (const event of events) {
      if ((TASK_EVENT_TYPES as string[]).includes(event.type)) applyTask(state, event);
      else applyDeadline(state, event);
    }
    await save(
      sql,
      'follow_up_tasks',
      'task_id',
      TASK_COLUMNS,
      [...state.changedTasks].map((id) => state.tasks.get(id)!),
      state.unread,
    );
    await save(
      sql,
      'follow_up_deadlines',
      'deadline_id',
      DEADLINE_COLUMNS,
      [...state.changedDeadlines].map((id) => state.deadlines.get(id)!),
      state.unread,
    );
  }

  async reset(sql: Sql): Promise<void> {
    await sql.query('TRUNCATE follow_up_tasks, follow_up_deadlines');
  }
}

interface PageState {
  tasks: Map<string, TaskRow>;
  deadlines: Map<string, DeadlineRow>;
  changedTasks: Set<string>;
  changedDeadlines: Set<string>;
  /** Rows created in this batch, so not read first. */
  unread: Set<string>;
}

/** Every row the batch's events can touch: by their own ids, and deadlines by completed tasks. Locked. */
async function load(sql: Sql, events: StoredEvent[]): Promise<PageState> {
  const taskIds = new Set<string>();
  const deadlineIds = new Set<string>();
  const completedTaskIds = new Set<string>();
  // A row whose first event here creates it has nothing to read (the usual case inline: one new
  // task per plan). Should it exist already (a replay), the version guard of save keeps it.
  const createdHere = new Set<string>();
  const seen = new Set<string>();
  const note = (id: string, creates: boolean) => {
    if (!seen.has(id) && creates) createdHere.add(id);
    seen.add(id);
  };
  for (const event of events) {
    const data = event.data as { taskId?: string | null; deadlineId?: string };
    if ((TASK_EVENT_TYPES as string[]).includes(event.type)) {
      note(data.taskId!, event.type === 'task-created');
      taskIds.add(data.taskId!);
      if (event.type === 'task-completed') completedTaskIds.add(data.taskId!);
    } else {
      note(data.deadlineId!, event.type === 'legal-deadline-set');
      deadlineIds.add(data.deadlineId!);
      if (event.type === 'deadline-reminder-due' && data.taskId) {
        seen.add(data.taskId);
        taskIds.add(data.taskId);
      }
    }
  }
  for (const id of createdHere) {
    taskIds.delete(id);
    deadlineIds.delete(id);
  }
  const state: PageState = {
    tasks: new Map(),
    deadlines: new Map(),
    changedTasks: new Set(),
    changedDeadlines: new Set(),
    unread: createdHere,
  };
  if (taskIds.size > 0) {
    const { rows } = await sql.query<TaskRow>(
      `SELECT ${Object.keys(TASK_COLUMNS).join(', ')} FROM follow_up_tasks WHERE task_id = ANY($1::uuid[])
       ORDER BY task_id FOR UPDATE`,
      [[...taskIds]],
    );
    for (const row of rows) state.tasks.set(row.task_id, row);
  }
  if (deadlineIds.size > 0 || completedTaskIds.size > 0) {
    const { rows } = await sql.query<DeadlineRow>(
      `SELECT ${Object.keys(DEADLINE_COLUMNS).join(', ')} FROM follow_up_deadlines
       WHERE deadline_id = ANY($1::uuid[]) OR task_id = ANY($2::uuid[])
       ORDER BY deadline_id FOR UPDATE`,
      [[...deadlineIds], [...completedTaskIds]],
    );
    for (const row of rows) state.deadlines.set(row.deadline_id, row);
  }
  return state;
}

function applyTask(state: PageState, stored: StoredEvent): void {
  const event = { type: stored.type, data: stored.data } as TaskEvent;
  const version = stored.streamVersion;
  if (event.type === 'task-created') {
    const t = event.data;
    if (state.tasks.has(t.taskId)) return;
    state.tasks.set(t.taskId, {
      task_id: t.taskId,
      org_id: stored.orgId!,
      case_id: t.caseId,
      incident_id: t.incidentId,
      client_id: t.clientId,
      kind: t.kind,
      title: t.title,
      queue: t.queue,
      priority: t.priority,
      priority_rank: PRIORITY_RANK[t.priority],
      due_at: t.dueAt,
      escalate_at: t.escalateAt,
      basis: t.basis,
      rule_id: t.ruleId,
      deadline_id: t.deadlineId,
      escalation_of: t.escalationOf,
      status: 'open',
      assignee_id: null,
      claimed_at: null,
      completed_at: null,
      completed_by: null,
      escalated_at: null,
      escalation_task_id: null,
      reminders_sent: 0,
      last_reminder_at: null,
      version,
      created_at: t.createdAt,
      confidence: t.confidence ?? null,
      last_checked: t.lastChecked ?? null,
    });
    state.changedTasks.add(t.taskId);
    return;
  }
  const task = state.tasks.get(event.data.taskId);
  if (!task || task.version >= version) return;
  task.version = version;
  state.changedTasks.add(task.task_id);
  switch (event.type) {
    case 'task-claimed':
      task.assignee_id = event.data.userId;
      task.claimed_at = event.data.claimedAt;
      return;
    case 'task-completed': {
      const { userId, completedAt } = event.data;
      task.status = 'done';
      task.completed_at = completedAt;
      task.completed_by = userId;
      task.assignee_id ??= userId;
      task.claimed_at ??= completedAt;
      // Done in time: its open deadlines are met.
      for (const deadline of state.deadlines.values()) {
        if (
          deadline.task_id === task.task_id &&
          deadline.status === 'open' &&
          at(deadline.due_at) >= at(completedAt)
        ) {
          deadline.status = 'met';
          state.changedDeadlines.add(deadline.deadline_id);
        }
      }
      return;
    }
    case 'task-escalated':
      task.escalated_at = event.data.escalatedAt;
      task.escalation_task_id = event.data.escalationTaskId;
      return;
    case 'task-released':
      task.assignee_id = null;
      task.claimed_at = null;
      return;
    case 'task-assigned':
      task.assignee_id = event.data.userId;
      task.claimed_at = event.data.assignedAt;
      return;
  }
}

function applyDeadline(state: PageState, stored: StoredEvent): void {
  const event = { type: stored.type, data: stored.data } as DeadlineEvent;
  const version = stored.streamVersion;
  if (event.type === 'legal-deadline-set') {
    const d = event.data;
    if (state.deadlines.has(d.deadlineId)) return;
    state.deadlines.set(d.deadlineId, {
      deadline_id: d.deadlineId,
      org_id: stored.orgId!,
      case_id: d.caseId,
      task_id: d.taskId,
      kind: d.kind,
      due_at: d.dueAt,
      basis: d.basis,
      confidence: d.confidence,
      clock: d.clock,
      rule_id: d.ruleId,
      status: 'open',
      reminders_sent: 0,
      last_reminder_at: null,
      version,
      set_at: d.setAt,
      // Deadlines set before the legal calendar lack these: counted in UTC, so not exact.
      counting: d.counting ?? null,
      time_zone: d.timeZone ?? null,
      last_day: d.lastDay ?? null,
      moved_from: d.movedFrom ?? null,
      exact: d.exact ?? false,
      last_checked: d.lastChecked ?? null,
      custody_id: d.custodyId ?? null,
    });
    state.changedDeadlines.add(d.deadlineId);
    return;
  }
  const deadline = state.deadlines.get(event.data.deadlineId);
  if (!deadline || deadline.version >= version) return;
  deadline.version = version;
  state.changedDeadlines.add(deadline.deadline_id);
  switch (event.type) {
    case 'deadline-reminder-due': {
      deadline.reminders_sent += 1;
      deadline.last_reminder_at = event.data.remindedAt;
      // The task shows how often it was reminded; its own version stays the task stream's.
      const task = state.tasks.get(event.data.taskId);
      if (task) {
        task.reminders_sent += 1;
        task.last_reminder_at = event.data.remindedAt;
        state.changedTasks.add(task.task_id);
      }
      return;
    }
    case 'legal-deadline-missed':
      deadline.status = 'missed';
      return;
    case 'legal-deadline-lapsed':
      deadline.status = 'lapsed';
      return;
  }
}

/** The changed rows in one statement: new ones inserted, the others overwritten with what was folded. */
async function save<Row extends object>(
  sql: Sql,
  table: string,
  key: keyof Row & string,
  columns: Record<keyof Row, string>,
  rows: Row[],
  unread: ReadonlySet<string>,
): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(columns) as (keyof Row & string)[];
  // A row built without reading it (created in this batch) never overwrites a stored row that
  // is further on: that is a replay of events it has already taken in.
  await sql.query(
    `INSERT INTO ${table} (${names.join(', ')})
     SELECT * FROM unnest(${names.map((name, i) => `$${i + 1}::${columns[name]}[]`).join(', ')})
     ON CONFLICT (${key}) DO UPDATE SET ${names
       .filter((name) => name !== key)
       .map((name) => `${name} = EXCLUDED.${name}`)
       .join(', ')}
     WHERE ${table}.version < EXCLUDED.version OR NOT (EXCLUDED.${key} = ANY($${names.length + 1}::uuid[]))`,
    [...names.map((name) => rows.map((row) => row[name])), [...unread]],
  );
}

function at(time: Time): number {
  return (time instanceof Date ? time : new Date(time)).getTime();
}
