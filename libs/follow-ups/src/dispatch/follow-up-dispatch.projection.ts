import { Checkpoint, checkpointOf, compareCheckpoints, readHistoryEnd } from '@huquq/event-store';
import type { Projection, StoredEvent } from '@huquq/event-store';
import type { Sql } from '@huquq/platform';
import type { LegalDeadlineSet, TaskCreated } from '../domain/follow-up.events';
import { TRIGGER_EVENT_TYPES } from '../rules/plan-follow-ups';
import { FollowUpJobPayload, followUpJobId, RecordedJob } from './follow-up-jobs';
import { recordJobs } from './job-ledger';

/**
 * Plans first follow-ups where the dispatcher records their jobs (decision 0141): in the
 * projection's transaction, so neither Redis nor a worker's transaction is needed for them.
 * Answers false when it did nothing (the jobs then go through the queue as before).
 */
export interface InlinePlanner {
  planNow(sql: Sql, due: readonly DuePlan[]): Promise<boolean>;
}

export interface DuePlan {
  jobId: string;
  orgId: string;
  /** The event the plan is about, as the log gives it. */
  event: StoredEvent;
}

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

  private planner: InlinePlanner | null = null;

  /** Where background work runs, first follow-ups are planned here rather than by a job. */
  planWith(planner: InlinePlanner): void {
    this.planner = planner;
  }

  async apply(sql: Sql, events: StoredEvent[]): Promise<void> {
    const historyEnd = (this.historyEnd ??= await readHistoryEnd(sql, 'follow_up_dispatch_state'));
    const found = events
      .filter((event) => compareCheckpoints(checkpointOf(event), historyEnd) > 0)
      .flatMap((event) => jobsFor(event).map((job) => ({ job, event })));
    const recorded = await recordJobs(
      sql,
      found.map(({ job }) => job),
    );
    if (!this.planner) return;
    // Only plans recorded just now (a replay finds its jobs recorded already) and due now (no
    // delay): each is done here, in the transaction that records it, or left to the queue.
    const now = Date.now();
    const due = found
      .filter(
        ({ job }) => job.payload.kind === 'plan' && recorded.has(job.jobId) && job.runAt.getTime() <= now,
      )
      .map(({ job, event }) => ({ jobId: job.jobId, orgId: job.orgId, event }));
    if (due.length > 0) await this.planner.planNow(sql, due);
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
