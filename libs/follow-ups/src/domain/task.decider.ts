import {
  Actor,
  Conflict,
  Decider,
  deterministicUuid,
  Forbidden,
  NotFound,
  RuleViolation,
} from '@huquq/shared-kernel';
import {
  AssignTask,
  ClaimTask,
  CompleteTask,
  CreateTask,
  EscalateTask,
  ReleaseTask,
  TaskCommand,
} from './task.commands';
import { TaskEvent } from './follow-up.events';
import type { PlannedTask } from './planned-work';
import { raised } from './priorities';
import { mayManageTasks, mayWork, TASK_MANAGERS } from './task.policy';

/** A task as its stream tells it; null while the stream holds nothing. */
export interface TaskState extends PlannedTask {
  /** How many events the stream holds. */
  version: number;
  status: 'open' | 'done';
  assigneeId: string | null;
  completedBy: string | null;
  escalatedAt: string | null;
}

/** An unknown task, and another organization's, answer alike. */
export const taskNotFound = () => new NotFound('task');

const initialTaskState = (): TaskState | null => null;

/** One recorded event folded into the task. Never refuses: the log is what happened. */
function evolve(state: TaskState | null, event: TaskEvent): TaskState | null {
  if (event.type === 'task-created') {
    const { createdAt: _createdAt, ...planned } = event.data;
    return { ...planned, version: 1, status: 'open', assigneeId: null, completedBy: null, escalatedAt: null };
  }
  if (!state) return state;
  const next = { ...state, version: state.version + 1 };
  switch (event.type) {
    case 'task-claimed':
      return { ...next, assigneeId: event.data.userId };
    case 'task-completed':
      return {
        ...next,
        status: 'done',
        completedBy: event.data.userId,
        assigneeId: state.assigneeId ?? event.data.userId,
      };
    case 'task-escalated':
      return { ...next, escalatedAt: event.data.escalatedAt };
    case 'task-released':
      return { ...next, assigneeId: null };
    case 'task-assigned':
      return { ...next, assigneeId: event.data.userId };
    default:
      return next;
  }
}

/** The task folded from its events; null when the stream has none. */
export const foldTask = (events: readonly Pick<TaskEvent, 'type' | 'data'>[]): TaskState | null =>
  (events as readonly TaskEvent[]).reduce(evolve, initialTaskState());

function existing(state: TaskState | null): TaskState {
  if (!state) throw taskNotFound();
  return state;
}

/** Planning the same event twice plans the same task id: the second creation is a no-op. */
function createTask({ data }: CreateTask, state: TaskState | null): TaskEvent[] {
  if (state) return [];
  return [{ type: 'task-created', data: { ...data.task, createdAt: data.now } }];
}

/** Claiming your own task again is a no-op; claiming someone else's, or a done one, is a conflict. */
function claimTask({ data }: ClaimTask, current: TaskState | null): TaskEvent[] {
  const state = existing(current);
  mayWork(data.actor, state.queue);
  if (state.status === 'done') throw new Conflict('This task is already done');
  if (state.assigneeId === data.actor.userId) return [];
  if (state.assigneeId) throw new Conflict('This task is already claimed by someone else');
  return [
    { type: 'task-claimed', data: { taskId: state.taskId, userId: data.actor.userId, claimedAt: data.now } },
  ];
}

/**
 * A task is completed once. Completing it again is a conflict, whoever asks and whatever the
 * result: a second result would be silently dropped otherwise. A retry of the same request is
 * told apart by its Idempotency-Key, which answers before the decider is asked. An unclaimed
 * task is claimed by completing it.
 */
function checkCompletion(state: TaskState, actor: Actor): void {
  mayWork(actor, state.queue);
  if (state.status === 'done') throw new Conflict('This task is already done');
  if (state.assigneeId && state.assigneeId !== actor.userId) {
    throw new Conflict('This task is claimed by someone else');
  }
}

function completeTask({ data }: CompleteTask, current: TaskState | null): TaskEvent[] {
  const state = existing(current);
  checkCompletion(state, data.actor);
  return [
    {
      type: 'task-completed',
      data: { taskId: state.taskId, userId: data.actor.userId, completedAt: data.now, result: data.result },
    },
  ];
}

/**
 * The holder gives a task back, or a coordinator or admin takes it off them. Releasing a task
 * nobody holds records nothing; a done task stays with whoever did it.
 */
function releaseTask({ data }: ReleaseTask, current: TaskState | null): TaskEvent[] {
  const state = existing(current);
  const manager = TASK_MANAGERS.includes(data.actor.role);
  if (!manager) mayWork(data.actor, state.queue);
  if (state.status === 'done') throw new Conflict('This task is already done');
  if (!state.assigneeId) return [];
  if (!manager && state.assigneeId !== data.actor.userId) {
    throw new Forbidden('Only its holder, a coordinator or an admin may release this task');
  }
  return [
    { type: 'task-released', data: { taskId: state.taskId, userId: state.assigneeId, releasedAt: data.now } },
  ];
}

/** A lawyers' task to a lawyer, by a coordinator or admin; to its holder again, nothing. */
function assignTask({ data }: AssignTask, current: TaskState | null): TaskEvent[] {
  const state = existing(current);
  mayManageTasks(data.actor, 'assign tasks');
  if (state.status === 'done') throw new Conflict('This task is already done');
  if (state.queue !== 'lawyer')
    throw RuleViolation.because(
      'task_not_in_lawyers_queue',
      "Only tasks of the lawyers' queue are assigned to a lawyer",
    );
  if (state.assigneeId === data.userId) return [];
  return [
    {
      type: 'task-assigned',
      data: {
        taskId: state.taskId,
        userId: data.userId,
        previousUserId: state.assigneeId,
        assignedAt: data.now,
      },
    },
  ];
}

export type EscalationDecision =
  /** Asked before its time: nothing is decided yet; ask again at `notBefore`. */
  | { kind: 'skip'; reason: 'not_due'; notBefore: string }
  | { kind: 'skip'; reason: 'task_done' | 'already_escalated' | 'never_escalates' }
  | { kind: 'escalate'; reason: 'not_done_in_time' | 'deadline_missed'; escalation: PlannedTask };

/** The same task always escalates to the same task id: a redone job creates nothing new. */
export const escalationTaskIdFor = (taskId: string) => deterministicUuid('escalation-task', taskId);

/**
 * What the escalation time calls for, and why. Before it (its deadline, for a deadline's task),
 * nothing: an escalation asked for early — a job promoted by hand — is `not_due` and must be
 * asked again then. From then on, a task done in time escalates to nobody; an open one goes to
 * the coordinators as a task of their own, one step more urgent. EscalateTask decides by it; the
 * job runner reads it to create the escalation task and to say why it did nothing.
 */
export function decideEscalation(state: TaskState, now: string): EscalationDecision {
  if (state.escalateAt && new Date(now).getTime() < new Date(state.escalateAt).getTime()) {
    return { kind: 'skip', reason: 'not_due', notBefore: state.escalateAt };
  }
  if (state.status === 'done') return { kind: 'skip', reason: 'task_done' };
  if (state.escalatedAt) return { kind: 'skip', reason: 'already_escalated' };
  if (!state.escalateAt) return { kind: 'skip', reason: 'never_escalates' };
  const reason = state.deadlineId ? 'deadline_missed' : 'not_done_in_time';
  const why =
    reason === 'deadline_missed'
      ? `The deadline passed at ${state.escalateAt} and the task is not done.`
      : `Not done by ${state.escalateAt}.`;
  return {
    kind: 'escalate',
    reason,
    escalation: {
      taskId: escalationTaskIdFor(state.taskId),
      caseId: state.caseId,
      incidentId: state.incidentId,
      clientId: state.clientId,
      kind: 'escalation',
      title: `Escalated: ${state.title}`,
      queue: 'coordinator',
      priority: raised(state.priority),
      dueAt: now,
      escalateAt: null,
      basis: `${why} ${state.basis}`,
      ruleId: state.ruleId,
      deadlineId: state.deadlineId,
      escalationOf: state.taskId,
    },
  };
}

function escalateTask({ data }: EscalateTask, current: TaskState | null): TaskEvent[] {
  const state = existing(current);
  const decision = decideEscalation(state, data.now);
  if (decision.kind === 'skip') return [];
  return [
    {
      type: 'task-escalated',
      data: {
        taskId: state.taskId,
        escalationTaskId: decision.escalation.taskId,
        escalatedAt: data.now,
        reason: decision.reason,
      },
    },
  ];
}

function decide(command: TaskCommand, state: TaskState | null): TaskEvent[] {
  switch (command.type) {
    case 'CreateTask':
      return createTask(command, state);
    case 'ClaimTask':
      return claimTask(command, state);
    case 'CompleteTask':
      return completeTask(command, state);
    case 'EscalateTask':
      return escalateTask(command, state);
    case 'ReleaseTask':
      return releaseTask(command, state);
    case 'AssignTask':
      return assignTask(command, state);
  }
}

export const taskDecider: Decider<TaskCommand, TaskEvent, TaskState | null> = {
  decide,
  evolve,
  initialState: initialTaskState,
};
