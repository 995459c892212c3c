import type { EventStore, NewEvent, StoredEvent, StreamAppendRequest } from '@huquq/event-store';
import { Database, deterministicUuid, Sql } from '@huquq/platform';
import { foldDeadline, decideReminder } from '../domain/deadline';
import { deadlineStreamId, taskStreamId } from '../domain/follow-up.events';
import type { DeadlineEvent, TaskEvent } from '../domain/follow-up.events';
import { decideEscalation, foldTask } from '../domain/task';
import { FollowUpJobPayload } from '../dispatch/follow-up-jobs';
import { lockJob, markDone, startAttempt } from '../dispatch/job-ledger';
import {
  PlannedDeadline,
  PlannedTask,
  planFollowUps,
  TRIGGER_EVENT_TYPES,
  TriggerEvent,
} from '../rules/plan-follow-ups';
import { FollowUpRulebook } from '../rules/rulebook';
import { foldCase } from '@huquq/cases/domain/case.decider';
import { CaseEvent, caseStreamId } from '@huquq/cases/domain/case.events';

export interface JobResult {
  jobId: string;
  /** What the job did, in a word or two ('planned 1 task, 0 deadlines', 'skipped: task_done'). */
  outcome: string;
  /** True when the job had already been done: this delivery changed nothing. */
  repeated: boolean;
}

/** A job whose ledger row is gone: nothing can be done, and retrying will not change that. */
export class UnknownFollowUpJob extends Error {
  override readonly name = 'UnknownFollowUpJob';
}

/**
 * Runs one follow-up job, exactly once in effect. Every delivery counts an attempt; the effect
 * (events appended with ids derived from the job) and the ledger's "done" commit in one
 * transaction, behind a per-job lock. A second delivery, a retry after a crash, or a job
 * enqueued again after Redis forgot it finds the job done, or appends ids already stored.
 */
export class FollowUpJobRunner {
  constructor(
    private readonly db: Database,
    private readonly store: EventStore,
    private readonly rulebook: FollowUpRulebook,
    private readonly timeScale: number,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async run(jobId: string): Promise<JobResult> {
    const started = await startAttempt(this.db, jobId);
    if (!started) throw new UnknownFollowUpJob(`No follow-up job ${jobId} in the ledger`);
    if (started.doneAt) return { jobId, outcome: started.outcome ?? 'done', repeated: true };

    return this.db.transaction(async (tx) => {
      const lock = await lockJob(tx, jobId);
      if (lock.done) return { jobId, outcome: lock.outcome ?? 'done', repeated: true };
      const outcome = await this.effect(tx, jobId, started.orgId, started.payload);
      await markDone(tx, jobId, outcome);
      return { jobId, outcome, repeated: false };
    });
  }

  private effect(tx: Sql, jobId: string, orgId: string, payload: FollowUpJobPayload): Promise<string> {
    const metadata = { orgId, jobId };
    switch (payload.kind) {
      case 'plan':
        return this.plan(tx, orgId, payload.streamId, payload.eventId, metadata);
      case 'escalate':
        return this.escalate(tx, orgId, payload.taskId, metadata);
      case 'remind':
        return this.remind(tx, orgId, payload.deadlineId, payload.before, metadata);
    }
  }

  private async plan(
    tx: Sql,
    orgId: string,
    streamId: string,
    eventId: string,
    metadata: Record<string, unknown>,
  ): Promise<string> {
    const source = (await this.store.readStream(streamId, { sql: tx })).find((e) => e.eventId === eventId);
    if (!source) throw new Error(`The event of job plan.${eventId} is not in its stream`);
    if (!(TRIGGER_EVENT_TYPES as readonly string[]).includes(source.type)) return 'nothing to plan';
    const { rules } = await this.rulebook.rulesFor(orgId, tx);
    const plan = planFollowUps(
      { eventId, recordedAt: source.recordedAt, type: source.type, data: source.data } as TriggerEvent,
      rules,
      { timeScale: this.timeScale },
    );
    const now = this.clock().toISOString();
    const causation = {
      ...metadata,
      causationId: eventId,
      ...(source.metadata.correlationId ? { correlationId: source.metadata.correlationId } : {}),
    };
    await this.store.appendMany(
      [
        ...plan.deadlines.map((deadline) => deadlineCreation(orgId, deadline, now, causation)),
        ...plan.tasks.map((task) => taskCreation(orgId, task, now, causation)),
      ],
      { sql: tx },
    );
    return `planned ${plan.tasks.length} task(s), ${plan.deadlines.length} deadline(s)`;
  }

  private async escalate(
    tx: Sql,
    orgId: string,
    taskId: string,
    metadata: Record<string, unknown>,
  ): Promise<string> {
    const task = foldTask(
      asEvents<TaskEvent>(await this.store.readStream(taskStreamId(taskId), { sql: tx })),
    );
    if (!task) throw new Error(`Task ${taskId} of an escalation job does not exist`);
    if (await this.caseIsClosed(tx, task.caseId)) return 'skipped: case_closed';
    const now = this.clock();
    const decision = decideEscalation(task, now);
    if (decision.kind === 'skip') return `skipped: ${decision.reason}`;
    const escalatedAt = now.toISOString();
    const appends: StreamAppendRequest[] = [
      {
        streamId: taskStreamId(taskId),
        expectedVersion: task.version,
        orgId,
        events: [
          {
            eventId: deterministicUuid(taskId, 'task-escalated'),
            type: 'task-escalated',
            data: {
              taskId,
              escalationTaskId: decision.escalation.taskId,
              escalatedAt,
              reason: decision.reason,
            },
            metadata,
          },
        ],
      },
      taskCreation(orgId, decision.escalation, escalatedAt, { ...metadata, causationId: taskId }),
    ];
    if (task.deadlineId) {
      const stream = deadlineStreamId(task.deadlineId);
      const deadline = foldDeadline(
        asEvents<DeadlineEvent>(await this.store.readStream(stream, { sql: tx })),
      );
      if (deadline && !deadline.missedAt) {
        appends.push({
          streamId: stream,
          expectedVersion: deadline.version,
          orgId,
          events: [
            {
              eventId: deterministicUuid(deadline.deadlineId, 'legal-deadline-missed'),
              type: 'legal-deadline-missed',
              data: {
                deadlineId: deadline.deadlineId,
                taskId,
                dueAt: deadline.dueAt,
                escalationTaskId: decision.escalation.taskId,
                missedAt: escalatedAt,
              },
              metadata,
            },
          ],
        });
      }
    }
    await this.store.appendMany(appends, { sql: tx });
    return `escalated: ${decision.reason}`;
  }

  private async remind(
    tx: Sql,
    orgId: string,
    deadlineId: string,
    before: string,
    metadata: Record<string, unknown>,
  ): Promise<string> {
    const stream = deadlineStreamId(deadlineId);
    const deadline = foldDeadline(asEvents<DeadlineEvent>(await this.store.readStream(stream, { sql: tx })));
    if (!deadline) throw new Error(`Deadline ${deadlineId} of a reminder job does not exist`);
    const task = foldTask(
      asEvents<TaskEvent>(await this.store.readStream(taskStreamId(deadline.taskId), { sql: tx })),
    );
    if (await this.caseIsClosed(tx, task?.caseId ?? null)) return 'skipped: case_closed';
    const decision = decideReminder(deadline, task, before, this.clock());
    if (decision.kind === 'skip') return `skipped: ${decision.reason}`;
    await this.store.append(
      stream,
      deadline.version,
      [{ eventId: deterministicUuid(deadlineId, 'reminder', before), ...decision.event, metadata }],
      { orgId, sql: tx },
    );
    return `reminded: ${before} before`;
  }

  /** Closed is closed: nobody is reminded of, or escalated for, work on a case that ended. */
  private async caseIsClosed(tx: Sql, caseId: string | null): Promise<boolean> {
    if (!caseId) return false;
    const events = asEvents<CaseEvent>(await this.store.readStream(caseStreamId(caseId), { sql: tx }));
    return foldCase(events).status === 'closed';
  }
}

function asEvents<E extends { type: string; data: unknown }>(stored: StoredEvent[]): E[] {
  return stored.map((event) => ({ type: event.type, data: event.data }) as E);
}

function taskCreation(
  orgId: string,
  task: PlannedTask,
  createdAt: string,
  metadata: Record<string, unknown>,
): StreamAppendRequest {
  const event: NewEvent = {
    eventId: deterministicUuid(task.taskId, 'task-created'),
    type: 'task-created',
    data: { ...task, createdAt },
    metadata,
  };
  return { streamId: taskStreamId(task.taskId), expectedVersion: 0, orgId, events: [event] };
}

function deadlineCreation(
  orgId: string,
  deadline: PlannedDeadline,
  setAt: string,
  metadata: Record<string, unknown>,
): StreamAppendRequest {
  const event: NewEvent = {
    eventId: deterministicUuid(deadline.deadlineId, 'legal-deadline-set'),
    type: 'legal-deadline-set',
    data: { ...deadline, setAt },
    metadata,
  };
  return { streamId: deadlineStreamId(deadline.deadlineId), expectedVersion: 0, orgId, events: [event] };
}
