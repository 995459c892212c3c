import { Checkpoint, checkpointOf, compareCheckpoints, readHistoryEnd } from '@huquq/event-store';
import type { Projection, StoredEvent } from '@huquq/event-store';
import type { Sql } from '@huquq/platform';
import type { LegalDeadlineSet, TaskCreated } from '../domain/follow-up.events';
import { TRIGGER_EVENT_TYPES } from '../rules/plan-follow-ups';
import { FollowUpJobPayload, followUpJobId, RecordedJob } from './follow-up-jobs';
import { recordJobs } from './job-ledger';

/**
 * The event log is the outbox: this reader goes through it like any projection (gap-safe,
 * checkpointed in the transaction that records the jobs) and writes each job it calls for into
 * the ledger. Enqueueing to Redis happens after commit, from the ledger (FollowUpDispatcher).
 */
export class FollowUpDispatchProjection implements Projection {
  readonly name = 'follow-up-dispatcher';
  readonly eventTypes: string[] = [...TRIGGER_EVENT_TYPES, 'task-created', 'legal-deadline-set'];

  /** Where the log stood when follow-ups were installed; read once, it never changes. */
  private historyEnd: Checkpoint | null = null;

  async apply(sql: Sql, events: StoredEvent[]): Promise<void> {
    const historyEnd = (this.historyEnd ??= await readHistoryEnd(sql, 'follow_up_dispatch_state'));
    await recordJobs(
      sql,
      events
        .filter((event) => compareCheckpoints(checkpointOf(event), historyEnd) > 0)
        .flatMap((event) => jobsFor(event)),
    );
  }

  /**
   * Nothing to reset: the ledger is history, not a view. A rebuild replays the log into it, and
   * every job it finds again is already recorded (ON CONFLICT DO NOTHING), done or not.
   */
  async reset(): Promise<void> {}
}

export function jobsFor(event: StoredEvent): RecordedJob[] {
  if (!event.orgId) return [];
  const job = (payload: FollowUpJobPayload, runAt: Date): RecordedJob => ({
    jobId: followUpJobId(payload),
    orgId: event.orgId!,
    payload,
    runAt,
    sourcePosition: event.globalPosition,
  });
  switch (event.type) {
    case 'appeal-logged':
    case 'incident-reported':
    case 'custody-recorded':
    case 'hearing-scheduled':
      return [job({ kind: 'plan', streamId: event.streamId, eventId: event.eventId }, event.recordedAt)];
    case 'task-created': {
      const task = (event as StoredEvent<TaskCreated['data']>).data;
      return task.escalateAt
        ? [job({ kind: 'escalate', taskId: task.taskId }, new Date(task.escalateAt))]
        : [];
    }
    case 'legal-deadline-set': {
      const deadline = (event as StoredEvent<LegalDeadlineSet['data']>).data;
      return deadline.reminders.map((reminder) =>
        job(
          { kind: 'remind', deadlineId: deadline.deadlineId, before: reminder.before },
          new Date(reminder.at),
        ),
      );
    }
    default:
      return [];
  }
}
