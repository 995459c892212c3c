import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ReadYourWrites } from '@huquq/cases/shared/read-your-writes';
import { requireId } from '@huquq/shared-kernel';
import { EventStore } from '@huquq/event-store';
import type { Actor } from '@huquq/identity';
import { deterministicUuid, NotFound, Sql, TenantDatabase, VersionConflict } from '@huquq/platform';
import { PersonalDataProtector } from '@huquq/privacy';
import { TaskEvent, taskStreamId } from '../domain/follow-up.events';
import { checkCompletion, decideClaim, decideCompletion, foldTask, TaskState } from '../domain/task';
import { readTask } from './task-queries';
import { TaskQueueItem } from './task-item';

export class ClaimTask {
  constructor(
    readonly actor: Actor,
    readonly taskId: string,
  ) {}
}

export class CompleteTask {
  constructor(
    readonly actor: Actor,
    readonly taskId: string,
    readonly result: string,
  ) {}
}

/** The field name sealed results are bound to (it is part of the encryption's AAD). */
export const TASK_RESULT_FIELD = 'task.result';

/** Two people acting on one task at once: the loser reads again and gets a plain answer. */
const ATTEMPTS = 3;

/**
 * Claims and completions go the case commands' way: read the task's stream, decide, append at
 * the version read, answer once the queue shows it. Event ids derive from the task and the
 * person, so a retried request appends nothing new, while two people racing collide on the
 * version and the second is told the task is taken.
 */
abstract class TaskCommandHandler {
  constructor(
    protected readonly db: TenantDatabase,
    protected readonly store: EventStore,
    protected readonly readModels: ReadYourWrites,
  ) {}

  protected async load(sql: Sql, actor: Actor, taskId: string): Promise<TaskState> {
    const stored = await this.store.readStream(taskStreamId(taskId), { sql });
    // Another organization's task answers exactly like a task that does not exist.
    if (!stored.length || stored[0].orgId !== actor.orgId) throw new NotFound('task');
    const state = foldTask(stored.map((e) => ({ type: e.type, data: e.data }) as TaskEvent));
    if (!state) throw new NotFound('task');
    if (actor.role === 'lawyer' && state.queue !== 'lawyer') throw new NotFound('task');
    return state;
  }

  protected async decideAndAppend(
    actor: Actor,
    rawTaskId: string,
    decide: (state: TaskState) => Promise<(TaskEvent & { eventId: string })[]>,
  ): Promise<TaskQueueItem> {
    const taskId = requireId(rawTaskId, 'task');
    const { orgId } = actor;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const appended = await this.db.transaction(orgId, async (sql) => {
          const state = await this.load(sql, actor, taskId);
          const events = await decide(state);
          if (events.length === 0) return null;
          const metadata = { actorId: actor.userId, orgId };
          return this.store.append(
            taskStreamId(taskId),
            state.version,
            events.map((event) => ({ ...event, metadata })),
            { orgId, sql },
          );
        });
        if (appended) await this.readModels.waitFor(appended.lastPosition);
        break;
      } catch (error) {
        if (!(error instanceof VersionConflict) || attempt >= ATTEMPTS) throw error;
      }
    }
    return this.db.transaction(orgId, (tx) => readTask(tx, actor, taskId));
  }
}

@CommandHandler(ClaimTask)
export class ClaimTaskHandler extends TaskCommandHandler implements ICommandHandler<ClaimTask> {
  constructor(db: TenantDatabase, store: EventStore, readModels: ReadYourWrites) {
    super(db, store, readModels);
  }

  execute({ actor, taskId }: ClaimTask): Promise<TaskQueueItem> {
    return this.decideAndAppend(actor, taskId, async (state) =>
      decideClaim(state, actor, new Date()).map((event) => ({
        ...event,
        eventId: deterministicUuid(state.taskId, 'task-claimed', actor.userId),
      })),
    );
  }
}

@CommandHandler(CompleteTask)
export class CompleteTaskHandler extends TaskCommandHandler implements ICommandHandler<CompleteTask> {
  constructor(
    db: TenantDatabase,
    store: EventStore,
    readModels: ReadYourWrites,
    private readonly protector: PersonalDataProtector,
  ) {
    super(db, store, readModels);
  }

  execute({ actor, taskId, result }: CompleteTask): Promise<TaskQueueItem> {
    return this.decideAndAppend(actor, taskId, async (state) => {
      if (checkCompletion(state, actor) === 'done') return [];
      // The note is about the person: sealed under their key (the raid's, for a raid task),
      // so erasing them erases it too. Never stored, queued or logged in plaintext.
      const subjectId = state.clientId ?? state.incidentId ?? state.taskId;
      const sealed = await this.protector.seal({ orgId: actor.orgId, subjectId }, TASK_RESULT_FIELD, result);
      return decideCompletion(
        state,
        actor,
        { result: sealed, resultField: TASK_RESULT_FIELD },
        new Date(),
      ).map((event) => ({
        ...event,
        eventId: deterministicUuid(state.taskId, 'task-completed', actor.userId),
      }));
    });
  }
}
