import { Actor, Forbidden, Role, ROLES } from '@huquq/shared-kernel';
import { TASK_QUEUES, TaskQueue } from './follow-up-rules';

/**
 * Who may do what with tasks: one table, read by the task decider (claiming, completing) and by
 * the HTTP layer (which roles reach the routes, which queues a listing shows).
 */
interface TaskPermissions {
  /** The queues whose tasks the role claims and completes. */
  works: readonly TaskQueue[];
  /** The queues the role sees; a task of any other queue answers like an unknown one. */
  sees: readonly TaskQueue[];
}

const TASK_PERMISSIONS: Readonly<Record<Role, TaskPermissions>> = {
  intake: { works: [], sees: [] },
  /** Lawyers work the lawyers' queue, and see only it. */
  lawyer: { works: ['lawyer'], sees: ['lawyer'] },
  /** Coordinators may work any task; escalations are theirs. */
  coordinator: { works: TASK_QUEUES, sees: TASK_QUEUES },
  /** Admins oversee every queue, and work none. */
  admin: { works: [], sees: TASK_QUEUES },
};

/** The roles that claim and complete tasks (the routes that do it let only these in). */
export const TASK_WORKERS: readonly Role[] = ROLES.filter((role) => TASK_PERMISSIONS[role].works.length > 0);

/** The roles that read the work queues. */
export const TASK_READERS: readonly Role[] = ROLES.filter((role) => TASK_PERMISSIONS[role].sees.length > 0);

export const maySeeQueue = (role: Role, queue: string): boolean =>
  (TASK_PERMISSIONS[role].sees as readonly string[]).includes(queue);

/**
 * The queues a listing shows: the one asked for when the role sees it, else all the role sees
 * (a lawyer asking for the coordinators' queue gets the lawyers').
 */
export function queuesShownTo(role: Role, wanted?: TaskQueue): readonly TaskQueue[] {
  const seen = TASK_PERMISSIONS[role].sees;
  return wanted && seen.includes(wanted) ? [wanted] : seen;
}

/** Claiming or completing a task of `queue`: Forbidden unless the role works that queue. */
export function mayWork(actor: Actor, queue: TaskQueue): void {
  if (TASK_PERMISSIONS[actor.role].works.includes(queue)) return;
  throw new Forbidden(
    queue === 'coordinator' ? 'This task is for coordinators' : 'Your role may not work tasks',
  );
}

/** Who hands tasks out and takes them back: the people who steer the work. */
export const TASK_MANAGERS: readonly Role[] = ['coordinator', 'admin'];

export function mayManageTasks(actor: Actor, action: string): void {
  if (!TASK_MANAGERS.includes(actor.role)) throw new Forbidden(`Only coordinators and admins may ${action}`);
}

/** The roles that may release a task: its holder (who works it) or a manager. */
export const TASK_RELEASERS: readonly Role[] = ROLES.filter(
  (role) => TASK_MANAGERS.includes(role) || TASK_PERMISSIONS[role].works.length > 0,
);
