/** The case view's entry point (also in the barrel, which the cases library may import: no cycle). */
export { openTasksForCase, ruleDeadlinesForCase } from './work-queue/case-follow-ups';
export type { RuleDeadline } from './work-queue/case-follow-ups';
