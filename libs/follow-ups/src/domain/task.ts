import type { Actor, Urgency } from '@huquq/shared-kernel';
import { Conflict, deterministicUuid, Forbidden } from '@huquq/shared-kernel';
import type { PlannedTask } from './planned-work';
import { raised } from './priorities';
import { TaskClaimed, TaskCompleted, TaskEvent } from './follow-up.events';

/** A task as its stream tells it. */
export interface TaskState extends PlannedTask {
  version: number;
  status: 'open' | 'done';
  assigneeId: string | null;
  completedBy: string | null;
  escalatedAt: string | null;
}

/** The task folded from its events; null when the stream has none. */
export function foldTask(events: readonly Pick<TaskEvent, 'type' | 'data'>[]): TaskState | null {
  let state: TaskState | null = null;
  for (const event of events as TaskEvent[]) {
    if (event.type === 'task-created') {
      const { createdAt: _createdAt, ...planned } = event.data;
      state = {
        ...planned,
        version: 0,
        status: 'open',
        assigneeId: null,
        completedBy: null,
        escalatedAt: null,
      };
    }
    if (!state) continue;
    state.version += 1;
    if (event.type === 'task-claimed') state.assigneeId = event.data.userId;
    if (event.type === 'task-completed') {
      state.status = 'done';
      state.completedBy = event.data.userId;
      state.assigneeId = state.assigneeId ?? event.data.userId;
    }
    if (event.type === 'task-escalated') state.escalatedAt = event.data.escalatedAt;
  }
  return state;
}

/** Lawyers work lawyers' tasks; coordinators may work any. */
function mayWork(state: TaskState, actor: Actor): void {
  if (actor.role === 'coordinator') return;
  if (actor.role === 'lawyer' && state.queue === 'lawyer') return;
  throw new Forbidden(
    state.queue === 'coordinator' ? 'This task is for coordinators' : 'Your role may not work tasks',
  );
}

/** Claiming your own task again is a no-op; claiming someone else's, or a done one, is a conflict. */
export function decideClaim(state: TaskState, actor: Actor, now: Date): TaskClaimed[] {
  mayWork(state, actor);
  if (state.status === 'done') throw new Conflict('This task is already done');
  if (state.assigneeId === actor.userId) return [];
  if (state.assigneeId) throw new Conflict('This task is already claimed by someone else');
  return [
    {
      type: 'task-claimed',
      data: { taskId: state.taskId, userId: actor.userId, claimedAt: now.toISOString() },
    },
  ];
}

/**
 * 'complete' when the actor may complete it now; 'done' when they already did (a retried
 * request). An unclaimed task is claimed by completing it.
 */
export function checkCompletion(state: TaskState, actor: Actor): 'complete' | 'done' {
  mayWork(state, actor);
  if (state.status === 'done') {
    if (state.completedBy === actor.userId) return 'done';
    throw new Conflict('This task is already done');
  }
  if (state.assigneeId && state.assigneeId !== actor.userId) {
    throw new Conflict('This task is claimed by someone else');
  }
  return 'complete';
}

export function decideCompletion(
  state: TaskState,
  actor: Actor,
  sealedResult: { result: string; resultField: string },
  now: Date,
): TaskCompleted[] {
  if (checkCompletion(state, actor) === 'done') return [];
  return [
    {
      type: 'task-completed',
      data: { taskId: state.taskId, userId: actor.userId, completedAt: now.toISOString(), ...sealedResult },
    },
  ];
}

export type EscalationDecision =
  | { kind: 'skip'; reason: 'task_done' | 'already_escalated' | 'never_escalates' }
  | { kind: 'escalate'; reason: 'not_done_in_time' | 'deadline_missed'; escalation: PlannedTask };

export const escalationTaskIdFor = (taskId: string) => deterministicUuid('escalation-task', taskId);

/** When the escalation time comes: a task done in time escalates to nobody. */
export function decideEscalation(state: TaskState, now: Date): EscalationDecision {
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
      priority: raised(state.priority as Urgency),
      dueAt: now.toISOString(),
      escalateAt: null,
      basis: `${why} ${state.basis}`,
      ruleId: state.ruleId,
      deadlineId: state.deadlineId,
      escalationOf: state.taskId,
    },
  };
}
