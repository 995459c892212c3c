import { Injectable, Optional } from '@nestjs/common';
import { CommandHandler, ExecuteOptions, WriteUnit } from '@huquq/event-store';
import { IdentityRepository } from '@huquq/identity';
import { TenantDatabase } from '@huquq/platform';
import {
  Actor,
  CommandContext,
  deterministicUuid,
  personIn,
  requireId,
  RuleViolation,
} from '@huquq/shared-kernel';
import type { TaskCommand } from '../domain/task.commands';
import { maySeeQueue } from '../domain/task.policy';
import { taskStream } from '../streams';
import { readTask } from './task-queries';
import { TaskQueueItem } from './task-item';

/** Two people acting on one task at once: the loser decides again and gets a plain answer. */
const ATTEMPTS = 3;

/** What an Idempotency-Key remembers of a task command: ids and a version, nothing personal. */
interface TaskCommandAnswer {
  taskId: string;
  version: number;
}

/**
 * What claiming a task does to its case, in the same unit: the cases library provides it (the
 * lawyer who claims a task on an unassigned case takes the case), the app wires it in. Without
 * it (a test of follow-ups alone), a claim touches the task only.
 */
export abstract class CaseTakeover {
  abstract takeWithTask(unit: WriteUnit, caseId: string, taskId: string): Promise<void>;
}

/**
 * Claims, completions, releases and assignments through the one write path: the task's stream is loaded and folded,
 * the decider rules (who may work which queue, who holds the task), the core seals the result,
 * appends, and updates the work queue (an inline view) in the same transaction. The answer is
 * the queue's row, read once the command committed: it already shows the change.
 */
@Injectable()
export class TaskCommandHandler {
  constructor(
    private readonly commands: CommandHandler,
    private readonly db: TenantDatabase,
    private readonly identity: IdentityRepository,
    @Optional() private readonly cases?: CaseTakeover,
  ) {}

  /** A lawyer claiming a task on a case nobody is assigned to takes the case too (an event on it). */
  claim(context: CommandContext, taskId: string, idempotencyKey?: string): Promise<TaskQueueItem> {
    const id = requireId(taskId, 'task');
    return this.run(
      context,
      id,
      (actor, now) => ({ type: 'ClaimTask', data: { actor, now } }),
      { key: idempotencyKey, request: { command: 'ClaimTask', taskId: id } },
      async (unit, task) => {
        if (task.caseId && this.cases) await this.cases.takeWithTask(unit, task.caseId, id);
      },
    );
  }

  release(context: CommandContext, taskId: string, idempotencyKey?: string): Promise<TaskQueueItem> {
    const id = requireId(taskId, 'task');
    return this.run(context, id, (actor, now) => ({ type: 'ReleaseTask', data: { actor, now } }), {
      key: idempotencyKey,
      request: { command: 'ReleaseTask', taskId: id },
    });
  }

  /** To an active lawyer of the caller's organization only. */
  async assign(
    context: CommandContext,
    taskId: string,
    userId: string,
    idempotencyKey?: string,
  ): Promise<TaskQueueItem> {
    const id = requireId(taskId, 'task');
    const lawyer = await this.identity.findUser(context.orgId, userId);
    if (!lawyer || lawyer.role !== 'lawyer' || !isActive(lawyer)) {
      throw RuleViolation.because(
        'not_a_lawyer',
        'userId does not name an active lawyer of your organization',
      );
    }
    return this.run(context, id, (actor, now) => ({ type: 'AssignTask', data: { actor, userId, now } }), {
      key: idempotencyKey,
      request: { command: 'AssignTask', taskId: id, userId },
    });
  }

  /** `result` is plain text up to here; the write path seals it under the person's key. */
  complete(
    context: CommandContext,
    taskId: string,
    result: string,
    idempotencyKey?: string,
  ): Promise<TaskQueueItem> {
    const id = requireId(taskId, 'task');
    return this.run(context, id, (actor, now) => ({ type: 'CompleteTask', data: { actor, result, now } }), {
      key: idempotencyKey,
      request: { command: 'CompleteTask', taskId: id, result },
    });
  }

  private async run(
    context: CommandContext,
    taskId: string,
    command: (actor: Actor, now: string) => TaskCommand,
    idempotency: NonNullable<ExecuteOptions['idempotency']>,
    andThen?: (unit: WriteUnit, task: { caseId: string | null }) => Promise<void>,
  ): Promise<TaskQueueItem> {
    const actor = personIn(context);
    await this.commands.execute<TaskCommandAnswer>(
      context,
      async (unit) => {
        let version = 0;
        const decided = await unit.decide(
          taskStream,
          taskId,
          (task) => {
            // A queue the role does not see holds nothing for it: its tasks answer like unknown ones.
            if (!task || !maySeeQueue(actor.role, task.queue)) throw taskStream.notFound();
            version = task.version;
            return command(actor, new Date().toISOString());
          },
          // Ids from the task, the person and the position the event takes: stable across
          // retries, and unique now that a task can be released and claimed again.
          {
            eventId: (event, i) =>
              deterministicUuid(taskId, event.type, actor.userId, String(version + i + 1)),
          },
        );
        if (andThen && decided.state) await andThen(unit, decided.state);
        return { taskId, version: decided.version };
      },
      { attempts: ATTEMPTS, idempotency: idempotency.key ? idempotency : undefined },
    );
    return this.db.transaction(actor.orgId, (tx) => readTask(tx, actor, taskId));
  }
}

/** Users carry a status once accounts can be disabled; until then every user is active. */
function isActive(user: object): boolean {
  return (
    (user as { status?: string }).status === undefined || (user as { status?: string }).status === 'active'
  );
}
