import type { Urgency } from '@huquq/shared-kernel';

/** Queues sort by this rank first: critical work before anything due sooner but less urgent. */
export const PRIORITY_RANK: Readonly<Record<Urgency, number>> = { critical: 0, high: 1, normal: 2, low: 3 };

const PRIORITIES = Object.keys(PRIORITY_RANK) as Urgency[];

/** An escalation is one step more urgent than the task it escalates. */
export function raised(priority: Urgency): Urgency {
  return PRIORITIES[Math.max(0, PRIORITY_RANK[priority] - 1)];
}
