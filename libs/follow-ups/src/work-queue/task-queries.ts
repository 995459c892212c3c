import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EventStore } from '@huquq/event-store';
import type { Actor } from '@huquq/identity';
import { Sql, TenantDatabase } from '@huquq/platform';
import { PersonalDataProtector } from '@huquq/privacy';
import { requireId } from '@huquq/shared-kernel';
import { TaskCompleted, TaskEvent, taskStreamId } from '../domain/follow-up.events';
import { TASK_QUEUES } from '../domain/follow-up-rules';
import { foldTask } from '../domain/task.decider';
import { maySeeQueue, queuesShownTo } from '../domain/task.policy';
import { TASK_RESULT_FIELD, taskStream, taskSubject } from '../streams';
import { NeedToKnow } from '../need-to-know/need-to-know';
import { ReadAudit } from '../need-to-know/read-audit';
import { decodeTaskCursor, encodeTaskCursor } from './cursor';
import { ListTasksRequest } from './list-tasks.request';
import { TASK_COLUMNS, TaskQueueItem, TaskRow, TASKS_WITH_CASE, toTaskQueueItem } from './task-item';

export class ListTasks {
  constructor(
    readonly actor: Actor,
    readonly filters: ListTasksRequest,
  ) {}
}

export class GetTask {
  constructor(
    readonly actor: Actor,
    readonly taskId: string,
  ) {}
}

/**
 * A queue page, most urgent first: priority, then due time, then id. The cursor is the last
 * item's sort key, so tasks created meanwhile never shift or repeat a page.
 */
@QueryHandler(ListTasks)
export class ListTasksHandler implements IQueryHandler<ListTasks> {
  constructor(private readonly db: TenantDatabase) {}

  execute({ actor, filters }: ListTasks) {
    const limit = filters.limit ?? 50;
    const after = decodeTaskCursor(filters.cursor);
    // Row-level security confines the transaction to the caller's organization; the WHERE says so too.
    return this.db.transaction(actor.orgId, async (tx) => {
      const values: unknown[] = [actor.orgId, filters.status ?? 'open'];
      const where = ['t.org_id = $1', 't.status = $2'];
      if (filters.assignee === 'me') {
        values.push(actor.userId);
        where.push(`t.assignee_id = $${values.length}`);
      } else if (filters.assignee === 'none') {
        where.push('t.assignee_id IS NULL');
      }
      // Lawyers see the lawyers' queue; coordinators and admins every queue (escalations are theirs).
      const queues = queuesShownTo(actor.role, filters.queue);
      if (queues.length < TASK_QUEUES.length) {
        values.push(queues);
        where.push(`t.queue = ANY($${values.length}::text[])`);
      }
      if (after) {
        values.push(after.rank, after.dueAt, after.taskId);
        const n = values.length;
        where.push(
          `(t.priority_rank, t.due_at, t.task_id) > ($${n - 2}::smallint, $${n - 1}::timestamptz, $${n}::uuid)`,
        );
      }
      values.push(limit + 1);
      const { rows } = await tx.query<TaskRow>(
        `SELECT ${TASK_COLUMNS} FROM ${TASKS_WITH_CASE} WHERE ${where.join(' AND ')}
           ORDER BY t.priority_rank, t.due_at, t.task_id LIMIT $${values.length}`,
        values,
      );
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map(toTaskQueueItem),
        nextCursor:
          rows.length > limit && last
            ? encodeTaskCursor(last.priority_rank, last.due_at, last.task_id)
            : null,
      };
    });
  }
}

/** One task of the caller's organization, as the queues show it; another organization's answers 404. */
export async function readTask(sql: Sql, actor: Actor, taskId: string): Promise<TaskQueueItem> {
  const { rows } = await sql.query<TaskRow>(
    `SELECT ${TASK_COLUMNS} FROM ${TASKS_WITH_CASE} WHERE t.task_id = $1 AND t.org_id = $2`,
    [taskId, actor.orgId],
  );
  if (!rows[0] || !maySeeQueue(actor.role, rows[0].queue)) throw taskStream.notFound();
  return toTaskQueueItem(rows[0]);
}

export interface TaskDetail extends TaskQueueItem {
  /** The completion note, opened for the reader; null when not done, or when the person was erased. */
  result: string | null;
  resultErased: boolean;
  /** A case's task result is personal: withheld (null) from a reader without need-to-know. */
  personalData: 'shown' | 'withheld';
}

@QueryHandler(GetTask)
export class GetTaskHandler implements IQueryHandler<GetTask> {
  constructor(
    private readonly db: TenantDatabase,
    private readonly store: EventStore,
    private readonly protector: PersonalDataProtector,
    private readonly needToKnow: NeedToKnow,
    private readonly audit: ReadAudit,
  ) {}

  async execute({ actor, taskId }: GetTask): Promise<TaskDetail> {
    const id = requireId(taskId, 'task');
    const { item, events, shown } = await this.db.transaction(actor.orgId, async (tx) => {
      const found = await readTask(tx, actor, id);
      const done = found.status === 'done';
      // A raid's own task (no case) has no person's result; a case's follows the case's rule.
      const shown = !found.caseId || (await this.needToKnow.seesCase(tx, actor, found.caseId));
      if (done && shown && found.caseId) {
        await this.audit.record(tx, actor, 'task-result', [{ caseId: found.caseId }]);
      }
      return {
        item: found,
        shown,
        events: done && shown ? await this.store.readStream(taskStreamId(id), { sql: tx }) : [],
      };
    });
    const personalData = shown ? 'shown' : 'withheld';
    if (item.status !== 'done' || !shown) return { ...item, result: null, resultErased: false, personalData };
    const task = foldTask(events.map((event) => ({ type: event.type, data: event.data }) as TaskEvent));
    const completed = events.find((event) => event.type === 'task-completed') as
      { type: 'task-completed'; data: TaskCompleted['data'] } | undefined;
    if (!completed || !task) return { ...item, result: null, resultErased: false, personalData };
    // Sealed as the task stream declares: under the person's key, bound to the field's name
    // (which events before the one write path name themselves).
    const field = completed.data.resultField ?? TASK_RESULT_FIELD;
    const subject = { orgId: actor.orgId, subjectId: taskSubject(task) };
    const result = await this.protector.open(subject, field, completed.data.result);
    return { ...item, result, resultErased: result === null, personalData };
  }
}
