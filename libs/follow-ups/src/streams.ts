import type { StreamType } from '@huquq/event-store';
import { NotFound } from '@huquq/shared-kernel';
import type { DeadlineEvent, FollowUpRulesEvent, TaskEvent } from './domain/follow-up.events';
import { followUpRulesDecider, RulesState } from './domain/follow-up-rules.decider';
import type { FollowUpRulesCommand } from './domain/follow-up-rules.commands';
import type { LegalDeadlineCommand } from './domain/legal-deadline.commands';
import { deadlineNotFound, DeadlineState, legalDeadlineDecider } from './domain/legal-deadline.decider';
import type { TaskCommand } from './domain/task.commands';
import { taskDecider, taskNotFound, TaskState } from './domain/task.decider';

/**
 * The field name a task's result is sealed under: bound into the ciphertext's authenticated
 * data, and the name every result ever written used (events before the one write path carry it
 * as `resultField`), so old results still open.
 */
export const TASK_RESULT_FIELD = 'task.result';

/**
 * Whose key seals what is written on a task: the person's it is about, the raid's for a raid
 * task, so erasing them erases it too.
 */
export const taskSubject = (task: Pick<TaskState, 'clientId' | 'incidentId' | 'taskId'>): string =>
  task.clientId ?? task.incidentId ?? task.taskId;

/** `task-<id>`: one stream per task, never the case's (background work must not move a case's version). */
export const taskStream: StreamType<TaskCommand, TaskEvent, TaskState | null> = {
  name: 'task',
  decider: taskDecider,
  sealed: {
    // A completion is decided on an existing task only; the event's own id is the last resort.
    subjectOf: (state, event) => (state ? taskSubject(state) : (event.data as { taskId: string }).taskId),
    fields: { 'task-completed': { result: TASK_RESULT_FIELD } },
  },
  notFound: taskNotFound,
};

/** `legal-deadline-<id>`: the deadlines the rules compute. Nothing personal in them. */
export const legalDeadlineStream: StreamType<LegalDeadlineCommand, DeadlineEvent, DeadlineState | null> = {
  name: 'legal-deadline',
  decider: legalDeadlineDecider,
  notFound: deadlineNotFound,
};

/** `follow-up-rules-<orgId>`: one per organization, its rules' history. */
export const followUpRulesStream: StreamType<FollowUpRulesCommand, FollowUpRulesEvent, RulesState> = {
  name: 'follow-up-rules',
  decider: followUpRulesDecider,
  notFound: () => new NotFound('follow-up rules'),
};
