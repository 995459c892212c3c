import type { PlannedDeadline } from './planned-work';
import { DeadlineEvent, DeadlineReminderDue } from './follow-up.events';
import type { TaskState } from './task';

export interface DeadlineState extends PlannedDeadline {
  version: number;
  remindersSent: string[];
  missedAt: string | null;
}

export function foldDeadline(events: readonly Pick<DeadlineEvent, 'type' | 'data'>[]): DeadlineState | null {
  let state: DeadlineState | null = null;
  for (const event of events as DeadlineEvent[]) {
    if (event.type === 'legal-deadline-set') {
      const { setAt: _setAt, ...planned } = event.data;
      state = { ...planned, version: 0, remindersSent: [], missedAt: null };
    }
    if (!state) continue;
    state.version += 1;
    if (event.type === 'deadline-reminder-due') state.remindersSent.push(event.data.before);
    if (event.type === 'legal-deadline-missed') state.missedAt = event.data.missedAt;
  }
  return state;
}

export type ReminderDecision =
  | {
      kind: 'skip';
      reason: 'task_done' | 'deadline_passed' | 'already_sent' | 'superseded' | 'unknown_reminder';
    }
  | { kind: 'remind'; event: DeadlineReminderDue };

/**
 * A reminder is worth sending while the task is open and the deadline ahead. When a later
 * reminder is already due too (the decision came in late, or the worker was down), only the
 * latest one is sent: "1 day left" makes "5 days left" noise.
 */
export function decideReminder(
  deadline: DeadlineState,
  task: TaskState | null,
  before: string,
  now: Date,
): ReminderDecision {
  const index = deadline.reminders.findIndex((reminder) => reminder.before === before);
  if (index < 0) return { kind: 'skip', reason: 'unknown_reminder' };
  if (task?.status === 'done') return { kind: 'skip', reason: 'task_done' };
  if (now.getTime() >= new Date(deadline.dueAt).getTime()) return { kind: 'skip', reason: 'deadline_passed' };
  if (deadline.remindersSent.includes(before)) return { kind: 'skip', reason: 'already_sent' };
  const later = deadline.reminders.slice(index + 1);
  if (later.some((reminder) => new Date(reminder.at).getTime() <= now.getTime())) {
    return { kind: 'skip', reason: 'superseded' };
  }
  return {
    kind: 'remind',
    event: {
      type: 'deadline-reminder-due',
      data: {
        deadlineId: deadline.deadlineId,
        taskId: deadline.taskId,
        before,
        remindAt: deadline.reminders[index].at,
        dueAt: deadline.dueAt,
        remindedAt: now.toISOString(),
      },
    },
  };
}
