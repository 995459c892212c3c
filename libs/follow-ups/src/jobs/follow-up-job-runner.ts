import type { CommandHandler, EventStore, StoredEvent, WriteUnit } from '@huquq/event-store';
import { Database, Sql } from '@huquq/platform';
import { deterministicUuid, systemContext } from '@huquq/shared-kernel';
import { decideReminder } from '../domain/legal-deadline.decider';
import { decideEscalation } from '../domain/task.decider';
import { FollowUpJobPayload } from '../dispatch/follow-up-jobs';
import type { DuePlan, InlinePlanner } from '../dispatch/follow-up-dispatch.projection';
import { lockJob, markDone, markManyDone, markNotDue, startAttempt } from '../dispatch/job-ledger';
import { planFollowUps, TRIGGER_EVENT_TYPES, TriggerEvent } from '../rules/plan-follow-ups';
import { FollowUpRulebook } from '../rules/rulebook';
import { legalDeadlineStream, taskStream } from '../streams';

export interface JobResult {
  jobId: string;
  /** What the job did, in a word or two ('planned 1 task, 0 deadlines', 'skipped: task_done'). */
  outcome: string;
  /** True when the job had already been done: this delivery changed nothing. */
  repeated: boolean;
  /**
   * Set when the job was run before its time (promoted by hand, say) and did nothing
   * ('skipped: not_due'): it is not done, and must run again at this time.
   */
  notBefore?: string;
}

/** What a job's effect came to: its outcome, and when it was not yet due, when it will be. */
interface Effect {
  outcome: string;
  notBefore?: string;
}

const NOT_DUE = 'skipped: not_due';

/** A job whose ledger row is gone: nothing can be done, and retrying will not change that. */
export class UnknownFollowUpJob extends Error {
  override readonly name = 'UnknownFollowUpJob';
}

/** Who acts in the log when a follow-up job writes: no person, this system. */
const FOLLOW_UPS = 'follow-ups';

/** Stable event ids: a job's effect, appended twice, is stored once. */
const eventIds = {
  taskCreated: (taskId: string) => deterministicUuid(taskId, 'task-created'),
  deadlineSet: (deadlineId: string) => deterministicUuid(deadlineId, 'legal-deadline-set'),
  taskEscalated: (taskId: string) => deterministicUuid(taskId, 'task-escalated'),
  deadlineMissed: (deadlineId: string) => deterministicUuid(deadlineId, 'legal-deadline-missed'),
  deadlineLapsed: (deadlineId: string) => deterministicUuid(deadlineId, 'legal-deadline-lapsed'),
  reminder: (deadlineId: string, before: string) => deterministicUuid(deadlineId, 'reminder', before),
};

/**
 * Runs one follow-up job, exactly once in effect. Every delivery counts an attempt; the effect
 * (decided through the one write path, with event ids derived from the job) and the ledger's
 * "done" commit in one transaction, behind a per-job lock. A second delivery, a retry after a
 * crash, or a job enqueued again after Redis forgot it finds the job done, or appends ids
 * already stored.
 *
 * Escalations and reminders act at their time, by this runner's clock, whenever BullMQ hands
 * them over: one run before it (an operator promoted it, a clock ahead) does nothing and leaves
 * the job not done in the ledger, with `notBefore` for the worker to put it back until then.
 */
export class FollowUpJobRunner implements InlinePlanner {
  constructor(
    private readonly db: Database,
    /** Reads the event a plan job is about (a case's or an incident's: not a follow-up stream). */
    private readonly store: EventStore,
    private readonly commands: CommandHandler,
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
      const { outcome, notBefore } = await this.effect(tx, jobId, started.orgId, started.payload);
      if (notBefore) {
        await markNotDue(tx, jobId, outcome);
        return { jobId, outcome, repeated: false, notBefore };
      }
      await markDone(tx, jobId, outcome);
      return { jobId, outcome, repeated: false };
    });
  }

  private async effect(tx: Sql, jobId: string, orgId: string, payload: FollowUpJobPayload): Promise<Effect> {
    switch (payload.kind) {
      case 'plan':
        return { outcome: await this.plan(tx, jobId, orgId, payload.streamId, payload.eventId) };
      case 'escalate':
        return this.escalate(tx, jobId, orgId, payload.taskId);
      case 'remind':
        return this.remind(tx, jobId, orgId, payload.deadlineId, payload.before);
    }
  }

  private async plan(
    tx: Sql,
    jobId: string,
    orgId: string,
    streamId: string,
    eventId: string,
  ): Promise<string> {
    const source = (await this.store.readStream(streamId, { sql: tx })).find((e) => e.eventId === eventId);
    if (!source) throw new Error(`The event of job plan.${eventId} is not in its stream`);
    if (!(TRIGGER_EVENT_TYPES as readonly string[]).includes(source.type)) return 'nothing to plan';
    const { rules } = await this.rulebook.rulesFor(orgId, tx);
    const { context, work, outcome } = this.planOf(jobId, orgId, source, rules);
    await this.commands.executeIn(tx, context, work);
    return outcome;
  }

  /**
   * First follow-ups planned in the dispatcher's transaction (decision 0141): the page's plan
   * jobs, each decided in its own unit as its job would, written by one append, marked done in
   * the ledger — all behind a savepoint. Any failure rolls back to it and leaves the jobs to the
   * queue, where a job runs with its retries and its own errors as before.
   */
  async planNow(tx: Sql, due: readonly DuePlan[]): Promise<boolean> {
    const plans = due.filter(({ event }) => (TRIGGER_EVENT_TYPES as readonly string[]).includes(event.type));
    if (plans.length === 0) return false;
    await tx.query('SAVEPOINT inline_plans');
    try {
      const rulesOf = new Map<string, Awaited<ReturnType<FollowUpRulebook['rulesFor']>>['rules']>();
      const planned = [];
      for (const { jobId, orgId, event } of plans) {
        if (!rulesOf.has(orgId)) rulesOf.set(orgId, (await this.rulebook.rulesFor(orgId, tx)).rules);
        planned.push({ jobId, ...this.planOf(jobId, orgId, event, rulesOf.get(orgId)!) });
      }
      await this.commands.executeManyIn(tx, planned);
      await markManyDone(tx, planned);
      await tx.query('RELEASE SAVEPOINT inline_plans');
      return true;
    } catch {
      await tx.query('ROLLBACK TO SAVEPOINT inline_plans');
      return false;
    }
  }

  /** What a plan job decides about its event: the deadlines and tasks the rules call for. */
  private planOf(
    jobId: string,
    orgId: string,
    source: StoredEvent,
    rules: Awaited<ReturnType<FollowUpRulebook['rulesFor']>>['rules'],
  ) {
    const { eventId } = source;
    const plan = planFollowUps(
      { eventId, recordedAt: source.recordedAt, type: source.type, data: source.data } as TriggerEvent,
      rules,
      { timeScale: this.timeScale, calendar: this.rulebook.calendar },
    );
    const now = this.clock().toISOString();
    const { correlationId } = source.metadata;
    const context = systemContext(orgId, FOLLOW_UPS, {
      jobId,
      causationId: eventId,
      correlationId: typeof correlationId === 'string' ? correlationId : undefined,
    });
    const work = async (unit: WriteUnit) => {
      for (const deadline of plan.deadlines) {
        await unit.decide(
          legalDeadlineStream,
          deadline.deadlineId,
          { type: 'SetLegalDeadline', data: { deadline, now } },
          // Ids derived from the job: new streams, not read. A repeat of the job appends the same
          // event ids, which the log takes as already stored.
          { eventId: () => eventIds.deadlineSet(deadline.deadlineId), isNew: true },
        );
      }
      for (const task of plan.tasks) {
        await unit.decide(
          taskStream,
          task.taskId,
          { type: 'CreateTask', data: { task, now } },
          { eventId: () => eventIds.taskCreated(task.taskId), isNew: true },
        );
      }
    };
    return {
      context,
      work,
      outcome: `planned ${plan.tasks.length} task(s), ${plan.deadlines.length} deadline(s)`,
    };
  }

  private escalate(tx: Sql, jobId: string, orgId: string, taskId: string): Promise<Effect> {
    const context = systemContext(orgId, FOLLOW_UPS, { jobId, causationId: taskId });
    return this.commands.executeIn(tx, context, async (unit): Promise<Effect> => {
      const { state: task } = await unit.load(taskStream, taskId);
      if (!task) throw new Error(`Task ${taskId} of an escalation job does not exist`);
      const now = this.clock().toISOString();
      const decision = decideEscalation(task, now);
      // Before its time nothing is decided, not even that the case is closed: it may reopen.
      if (decision.kind === 'skip' && decision.reason === 'not_due') {
        return { outcome: NOT_DUE, notBefore: decision.notBefore };
      }
      if (await caseIsClosed(unit, task.caseId)) return { outcome: 'skipped: case_closed' };
      if (decision.kind === 'skip') return { outcome: `skipped: ${decision.reason}` };
      const lapse = await lapsed(unit, task.caseId, task);
      if (lapse) {
        // The clock stopped with its custody or hearing: its deadline is no longer overdue either.
        if (task.deadlineId) {
          await unit.decide(
            legalDeadlineStream,
            task.deadlineId,
            { type: 'MarkDeadlineLapsed', data: { reason: lapse.reason, now } },
            { eventId: () => eventIds.deadlineLapsed(task.deadlineId!) },
          );
        }
        return { outcome: `skipped: ${lapse.reason}` };
      }
      const { escalation } = decision;
      await unit.decide(
        taskStream,
        taskId,
        { type: 'EscalateTask', data: { now } },
        { eventId: () => eventIds.taskEscalated(taskId) },
      );
      // The coordinators' task is a task of its own stream.
      await unit.decide(
        taskStream,
        escalation.taskId,
        { type: 'CreateTask', data: { task: escalation, now } },
        { eventId: () => eventIds.taskCreated(escalation.taskId) },
      );
      if (task.deadlineId) {
        const { state: deadline } = await unit.load(legalDeadlineStream, task.deadlineId);
        if (deadline) {
          await unit.decide(
            legalDeadlineStream,
            task.deadlineId,
            { type: 'MarkDeadlineMissed', data: { escalationTaskId: escalation.taskId, now } },
            { eventId: () => eventIds.deadlineMissed(deadline.deadlineId) },
          );
        }
      }
      return { outcome: `escalated: ${decision.reason}` };
    });
  }

  private remind(tx: Sql, jobId: string, orgId: string, deadlineId: string, before: string): Promise<Effect> {
    const context = systemContext(orgId, FOLLOW_UPS, { jobId, causationId: deadlineId });
    return this.commands.executeIn(tx, context, async (unit): Promise<Effect> => {
      const { state: deadline } = await unit.load(legalDeadlineStream, deadlineId);
      if (!deadline) throw new Error(`Deadline ${deadlineId} of a reminder job does not exist`);
      const { state: task } = await unit.load(taskStream, deadline.taskId);
      const reminder = { before, taskDone: task?.status === 'done', now: this.clock().toISOString() };
      const decision = decideReminder(deadline, reminder);
      if (decision.kind === 'skip' && decision.reason === 'not_due') {
        return { outcome: NOT_DUE, notBefore: decision.notBefore };
      }
      if (await caseIsClosed(unit, task?.caseId ?? null)) return { outcome: 'skipped: case_closed' };
      if (decision.kind === 'skip') return { outcome: `skipped: ${decision.reason}` };
      const lapse = await lapsed(unit, deadline.caseId, deadline);
      if (lapse) return { outcome: `skipped: ${lapse.reason}` };
      await unit.decide(
        legalDeadlineStream,
        deadlineId,
        { type: 'RemindOfDeadline', data: reminder },
        { eventId: () => eventIds.reminder(deadlineId, before) },
      );
      return { outcome: `reminded: ${before} before` };
    });
  }
}

/**
 * Closed is closed: nobody is reminded of, or escalated for, work on a case that ended. The case
 * view is written with the case's events (an inline view), so in this transaction it is as
 * current as the log; follow-ups read it rather than fold another capability's stream.
 */
async function caseIsClosed(unit: WriteUnit, caseId: string | null): Promise<boolean> {
  if (!caseId) return false;
  const { rows } = await unit.sql.query<{ status: string }>(
    'SELECT status FROM case_views WHERE case_id = $1 AND org_id = $2',
    [caseId, unit.context.orgId],
  );
  return rows[0]?.status === 'closed';
}

/**
 * Work that belongs to a custody or a hearing lapses with it: a person released or moved on to
 * another place (the new place has its own task and clock), a hearing whose result is recorded
 * (held, moved or cancelled). Nobody is reminded or escalated for those. Null: still current.
 */
async function lapsed(
  unit: WriteUnit,
  caseId: string | null,
  { custodyId, hearingId }: { custodyId?: string | null; hearingId?: string | null },
): Promise<{ reason: 'custody_ended' | 'hearing_result_recorded' } | null> {
  if (!caseId || (!custodyId && !hearingId)) return null;
  const { rows } = await unit.sql.query<{ custody: string | null; heard: boolean }>(
    `SELECT custody->'current'->>'custodyId' AS custody,
            EXISTS (SELECT 1 FROM jsonb_array_elements(hearings) h
                    WHERE h->>'hearingId' = $3 AND h->>'result' IS NOT NULL) AS heard
     FROM case_views WHERE case_id = $1 AND org_id = $2`,
    [caseId, unit.context.orgId, hearingId ?? null],
  );
  if (custodyId && rows[0]?.custody !== custodyId) return { reason: 'custody_ended' };
  if (hearingId && rows[0]?.heard) return { reason: 'hearing_result_recorded' };
  return null;
}
