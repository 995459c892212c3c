import type { Projection, StoredEvent } from '@huquq/event-store';
import type { Sql } from '@huquq/platform';
import { PRIORITY_RANK } from '../domain/priorities';
import { DEADLINE_EVENT_TYPES, DeadlineEvent, TASK_EVENT_TYPES, TaskEvent } from '../domain/follow-up.events';

/**
 * The lawyers' and coordinators' queues (follow_up_tasks) and the rule-made deadlines
 * (follow_up_deadlines). Each change is guarded by its stream's version, so an event applied
 * twice changes nothing twice.
 */
export class WorkQueueProjection implements Projection {
  readonly name = 'follow-up-work-queues';
  readonly eventTypes: string[] = [...TASK_EVENT_TYPES, ...DEADLINE_EVENT_TYPES];

  async apply(sql: Sql, events: StoredEvent[]): Promise<void> {
    for (const event of events) {
      if ((TASK_EVENT_TYPES as string[]).includes(event.type)) await this.applyTask(sql, event);
      else await this.applyDeadline(sql, event);
    }
  }

  async reset(sql: Sql): Promise<void> {
    await sql.query('DELETE FROM follow_up_tasks');
    await sql.query('DELETE FROM follow_up_deadlines');
  }

  private async applyTask(sql: Sql, stored: StoredEvent): Promise<void> {
    const event = { type: stored.type, data: stored.data } as TaskEvent;
    const version = stored.streamVersion;
    switch (event.type) {
      case 'task-created': {
        const t = event.data;
        await sql.query(
          `INSERT INTO follow_up_tasks (task_id, org_id, case_id, incident_id, client_id, kind, title, queue,
             priority, priority_rank, due_at, escalate_at, basis, rule_id, deadline_id, escalation_of, version, created_at)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18)
           ON CONFLICT (task_id) DO NOTHING`,
          [
            t.taskId,
            stored.orgId,
            t.caseId,
            t.incidentId,
            t.clientId,
            t.kind,
            t.title,
            t.queue,
            t.priority,
            PRIORITY_RANK[t.priority],
            t.dueAt,
            t.escalateAt,
            t.basis,
            t.ruleId,
            t.deadlineId,
            t.escalationOf,
            version,
            t.createdAt,
          ],
        );
        return;
      }
      case 'task-claimed':
        await sql.query(
          `UPDATE follow_up_tasks SET assignee_id = $2, claimed_at = $3, version = $4
           WHERE task_id = $1 AND version < $4`,
          [event.data.taskId, event.data.userId, event.data.claimedAt, version],
        );
        return;
      case 'task-completed': {
        const { rowCount } = await sql.query(
          `UPDATE follow_up_tasks
           SET status = 'done', completed_at = $3, completed_by = $2,
               assignee_id = coalesce(assignee_id, $2), claimed_at = coalesce(claimed_at, $3), version = $4
           WHERE task_id = $1 AND version < $4`,
          [event.data.taskId, event.data.userId, event.data.completedAt, version],
        );
        if (rowCount) {
          await sql.query(
            `UPDATE follow_up_deadlines SET status = 'met'
             WHERE task_id = $1 AND status = 'open' AND due_at >= $2`,
            [event.data.taskId, event.data.completedAt],
          );
        }
        return;
      }
      case 'task-escalated':
        await sql.query(
          `UPDATE follow_up_tasks SET escalated_at = $2, escalation_task_id = $3, version = $4
           WHERE task_id = $1 AND version < $4`,
          [event.data.taskId, event.data.escalatedAt, event.data.escalationTaskId, version],
        );
        return;
    }
  }

  private async applyDeadline(sql: Sql, stored: StoredEvent): Promise<void> {
    const event = { type: stored.type, data: stored.data } as DeadlineEvent;
    const version = stored.streamVersion;
    switch (event.type) {
      case 'legal-deadline-set': {
        const d = event.data;
        await sql.query(
          `INSERT INTO follow_up_deadlines (deadline_id, org_id, case_id, task_id, kind, due_at, basis, confidence,
             clock, rule_id, version, set_at)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)
           ON CONFLICT (deadline_id) DO NOTHING`,
          [
            d.deadlineId,
            stored.orgId,
            d.caseId,
            d.taskId,
            d.kind,
            d.dueAt,
            d.basis,
            d.confidence,
            d.clock,
            d.ruleId,
            version,
            d.setAt,
          ],
        );
        return;
      }
      case 'deadline-reminder-due': {
        const { rowCount } = await sql.query(
          `UPDATE follow_up_deadlines SET reminders_sent = reminders_sent + 1, last_reminder_at = $2, version = $3
           WHERE deadline_id = $1 AND version < $3`,
          [event.data.deadlineId, event.data.remindedAt, version],
        );
        if (rowCount) {
          await sql.query(
            'UPDATE follow_up_tasks SET reminders_sent = reminders_sent + 1, last_reminder_at = $2 WHERE task_id = $1',
            [event.data.taskId, event.data.remindedAt],
          );
        }
        return;
      }
      case 'legal-deadline-missed':
        await sql.query(
          `UPDATE follow_up_deadlines SET status = 'missed', version = $2
           WHERE deadline_id = $1 AND version < $2`,
          [event.data.deadlineId, version],
        );
        return;
    }
  }
}
