import { Checkpoint, checkpointOf, compareCheckpoints, readHistoryEnd } from '@huquq/event-store';
import type { Projection, StoredEvent } from '@huquq/event-store';
import type { DeadlineReminderDue, TaskAssigned, TaskEscalated } from '@huquq/follow-ups';
import type { Sql } from '@huquq/platform';
import { recordDeliveries } from '../delivery/delivery-ledger';
import { Channel, deliveryIdOf, NotificationKind, PlannedDelivery } from './planned-delivery';

/**
 * The event log is the outbox (as for follow-ups, docs/decisions/0010 and 0090): this reader goes
 * through it like any projection, gap-safe and checkpointed in the transaction that records the
 * deliveries, and plans one delivery per recipient and channel for each reminder, escalation and
 * assignment. It reads only events the follow-ups already log; nothing new is appended.
 */
export class NotificationOutboxProjection implements Projection {
  readonly name = 'notification-outbox';
  readonly eventTypes: string[] = ['deadline-reminder-due', 'task-escalated', 'task-assigned'];

  private historyEnd: Checkpoint | null = null;

  async apply(sql: Sql, events: StoredEvent[]): Promise<void> {
    const historyEnd = (this.historyEnd ??= await readHistoryEnd(sql, 'notification_outbox_state'));
    for (const event of events) {
      if (!event.orgId || compareCheckpoints(checkpointOf(event), historyEnd) <= 0) continue;
      await recordDeliveries(sql, await deliveriesFor(sql, event));
    }
  }

  /** The ledger is history: a rebuild finds every delivery recorded already (ON CONFLICT DO NOTHING). */
  async reset(): Promise<void> {}
}

interface TaskFacts {
  case_id: string | null;
  case_number: string | null;
  appeal_type: string | null;
  kind: string;
  priority: string;
  due_at: Date;
  assignee_id: string | null;
  case_assignee_id: string | null;
}

/** Who hears of an event, and what the message says. */
async function deliveriesFor(sql: Sql, event: StoredEvent): Promise<PlannedDelivery[]> {
  const orgId = event.orgId!;
  let kind: NotificationKind;
  let taskId: string;
  let dueAt: string | null = null;
  switch (event.type) {
    case 'deadline-reminder-due': {
      const data = (event as StoredEvent<DeadlineReminderDue['data']>).data;
      [kind, taskId, dueAt] = ['reminder', data.taskId, data.dueAt];
      break;
    }
    case 'task-escalated':
      [kind, taskId] = ['escalation', (event as StoredEvent<TaskEscalated['data']>).data.taskId];
      break;
    case 'task-assigned':
      [kind, taskId] = ['assignment', (event as StoredEvent<TaskAssigned['data']>).data.taskId];
      break;
    default:
      return [];
  }
  const task = await taskFacts(sql, orgId, taskId);
  if (!task) return [];
  const recipients = await recipientsOf(sql, orgId, event, kind, task);
  const channels = await channelsOf(sql, orgId, recipients);
  // Detention is counted in hours: nothing about it waits for the morning (0092).
  const urgent = task.appeal_type === 'detention' || task.priority === 'critical';
  return channels.map(({ userId, channel }) => ({
    deliveryId: deliveryIdOf(event.eventId, userId, channel),
    orgId,
    userId,
    channel,
    kind,
    urgent,
    caseId: task.case_id,
    caseNumber: task.case_number,
    taskId,
    taskKind: task.kind,
    dueAt: new Date(dueAt ?? task.due_at),
    eventId: event.eventId,
    sourcePosition: event.globalPosition,
  }));
}

/** The work queue and the case view are inline views: as current as the log at this event. */
async function taskFacts(sql: Sql, orgId: string, taskId: string): Promise<TaskFacts | null> {
  const { rows } = await sql.query<TaskFacts>(
    `SELECT t.case_id, c.case_number, c.appeal_type, t.kind, t.priority, t.due_at, t.assignee_id,
            c.assignee_id AS case_assignee_id
     FROM follow_up_tasks t LEFT JOIN case_views c ON c.case_id = t.case_id AND c.org_id = t.org_id
     WHERE t.task_id = $1 AND t.org_id = $2`,
    [taskId, orgId],
  );
  return rows[0] ?? null;
}

/**
 * A reminder goes to whoever holds the task (else the case's lawyer, else the coordinators: a
 * deadline nobody holds is theirs to hand out); an escalation to the organization's coordinators
 * and admins; an assignment to the lawyer given the task.
 */
async function recipientsOf(
  sql: Sql,
  orgId: string,
  event: StoredEvent,
  kind: NotificationKind,
  task: TaskFacts,
): Promise<string[]> {
  if (kind === 'assignment') return [(event as StoredEvent<TaskAssigned['data']>).data.userId];
  if (kind === 'reminder') {
    const holder = task.assignee_id ?? task.case_assignee_id;
    if (holder) return [holder];
  }
  const { rows } = await sql.query<{ id: string }>(
    `SELECT id FROM users WHERE org_id = $1 AND role IN ('coordinator', 'admin') AND status = 'active' ORDER BY id`,
    [orgId],
  );
  return rows.map((row) => row.id);
}

/** E-mail unless the user turned it off; a webhook where they gave one. */
async function channelsOf(
  sql: Sql,
  orgId: string,
  userIds: string[],
): Promise<{ userId: string; channel: Channel }[]> {
  if (userIds.length === 0) return [];
  const { rows } = await sql.query<{ id: string; email_off: boolean | null; webhook_url: string | null }>(
    `SELECT u.id, p.email_off, p.webhook_url
     FROM users u LEFT JOIN notification_preferences p ON p.user_id = u.id
     WHERE u.id = ANY($1::uuid[]) AND u.org_id = $2 AND u.status = 'active'`,
    [userIds, orgId],
  );
  return rows.flatMap((row) => [
    ...(row.email_off ? [] : [{ userId: row.id, channel: 'email' as const }]),
    ...(row.webhook_url ? [{ userId: row.id, channel: 'webhook' as const }] : []),
  ]);
}
