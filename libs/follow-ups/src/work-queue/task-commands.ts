import { Injectable } from '@nestjs/common';
import { CommandHandler, ExecuteOptions } from '@huquq/event-store';
import { TenantDatabase } from '@huquq/platform';
import { Actor, CommandContext, deterministicUuid, personIn, requireId } from '@huquq/shared-kernel';
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
 * Claims and completions through the one write path: the task's stream is loaded and folded,
 * the decider rules (who may work which queue, who holds the task), the core seals the result,
 * appends, and updates the work queue (an inline view) in the same transaction. The answer is
 * the queue's row, read once the command committed: it already shows the change.
 */
@Injectable()
export class TaskCommandHandler {
  constructor(
    private readonly commands: CommandHandler,
    private readonly db: TenantDatabase,
  ) {}

  claim(context: CommandContext, taskId: string, idempotencyKey?: string): Promise<TaskQueueItem> {
    const id = requireId(taskId, 'task');
    return this.run(context, id, (actor, now) => ({ type: 'ClaimTask', data: { actor, now } }), {
      key: idempotencyKey,
      request: { command: 'ClaimTask', taskId: id },
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
  ): Promise<TaskQueueItem> {
    const actor = personIn(context);
    await this.commands.execute<TaskCommandAnswer>(
      context,
      async (unit) => {
        const decided = await unit.decide(
          taskStream,
          taskId,
          (task) => {
            // A queue the role does not see holds nothing for it: its tasks answer like unknown ones.
            if (!task || !maySeeQueue(actor.role, task.queue)) throw taskStream.notFound();
            return command(actor, new Date().toISOString());
          },
          // A task is claimed once and completed once: ids from the task and the person are
          // unique, and stable across retries (the ids these events always had).
          { eventId: (event) => deterministicUuid(taskId, event.type, actor.userId) },
        );
        return { taskId, version: decided.version };
      },
      { attempts: ATTEMPTS, idempotency: idempotency.key ? idempotency : undefined },
    );
    return this.db.transaction(actor.orgId, (tx) => readTask(tx, actor, taskId));
  }
}
