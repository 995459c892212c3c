/** The case view's entry point: a leaf, safe to import from the cases library. */
export { openTasksForCase, ruleDeadlinesForCase } from './work-queue/case-follow-ups';
export type { RuleDeadline } from './work-queue/case-follow-ups';
export type { TaskItem } from './work-queue/task-item';
