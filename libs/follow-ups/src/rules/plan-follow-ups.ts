import type { AppealLogged } from '@huquq/cases/domain/case.events';
import type { AppealType, Urgency } from '@huquq/shared-kernel';
import type { IncidentReported } from '@huquq/cases/incidents/incident.events';
import { deterministicUuid } from '@huquq/platform';
import { approximateMs, shiftBy } from './durations';
import { AppealRule, FollowUpRules, LegalClock, TaskQueue, TaskTemplate } from './follow-up-rules';

/** A task the rules ask for; becomes a `task-created` event in a stream of its own. */
export interface PlannedTask {
  taskId: string;
  caseId: string | null;
  incidentId: string | null;
  /** The person the task is about: the key subject of anything personal written on it. */
  clientId: string | null;
  kind: string;
  title: string;
  queue: TaskQueue;
  priority: Urgency;
  dueAt: string;
  escalateAt: string | null;
  basis: string;
  ruleId: string;
  deadlineId: string | null;
  /** The task this one escalates, for coordinators' escalation tasks. */
  escalationOf: string | null;
}

export interface PlannedReminder {
  /** How long before the deadline, as the rule says it (`P5D`). */
  before: string;
  at: string;
}

/** A legal deadline the rules compute; becomes `legal-deadline-set` in a stream of its own. */
export interface PlannedDeadline {
  deadlineId: string;
  caseId: string;
  clientId: string;
  kind: string;
  dueAt: string;
  basis: string;
  confidence: LegalClock['confidence'];
  clock: string;
  ruleId: string;
  taskId: string;
  /** Latest last: each one's time is before the next one's. */
  reminders: PlannedReminder[];
}

export interface FollowUpPlan {
  tasks: PlannedTask[];
  deadlines: PlannedDeadline[];
}

/** The events that start follow-ups, as the planner needs them: ids, type, time, data. */
export type TriggerEvent =
  | { eventId: string; recordedAt: Date; type: 'appeal-logged'; data: AppealLogged['data'] }
  | { eventId: string; recordedAt: Date; type: 'incident-reported'; data: IncidentReported['data'] };

export interface PlanOptions {
  /** 1 in production; tests shrink every duration with it (0.001 turns an hour into 3.6 s). */
  timeScale?: number;
}

export const TRIGGER_EVENT_TYPES = ['appeal-logged', 'incident-reported'] as const;

export const taskIdFor = (eventId: string, ruleId: string) =>
  deterministicUuid('follow-up-task', eventId, ruleId);
export const deadlineIdFor = (eventId: string, ruleId: string) =>
  deterministicUuid('legal-deadline', eventId, ruleId);

/**
 * The rules as a pure function: given the event, the tasks and deadlines it calls for, with due
 * times and the basis of each. Ids derive from the event and the rule, so planning the same
 * event twice plans the same things, and appending them twice stores them once.
 */
export function planFollowUps(
  event: TriggerEvent,
  rules: FollowUpRules,
  options: PlanOptions = {},
): FollowUpPlan {
  const scale = options.timeScale ?? 1;
  if (event.type === 'appeal-logged')
    return planForAppeal(event.eventId, event.data, rules, scale, event.recordedAt);
  return planForIncident(event.eventId, event.data, rules, scale, event.recordedAt);
}

function planForAppeal(
  eventId: string,
  appeal: AppealLogged['data'],
  rules: FollowUpRules,
  scale: number,
  recordedAt: Date,
): FollowUpPlan {
  const matching = rules.appealRules.filter((rule) => appliesTo(rule, appeal));
  const specific = matching.filter((rule) => !rule.fallback);
  const chosen = specific.length > 0 ? specific : matching.filter((rule) => rule.fallback);
  const loggedAt = validDate(appeal.loggedAt) ?? recordedAt;
  const plan: FollowUpPlan = { tasks: [], deadlines: [] };

  for (const rule of chosen) {
    const taskId = taskIdFor(eventId, rule.id);
    let deadlineDue: Date | null = null;
    let deadlineId: string | null = null;
    if (rule.deadline) {
      const clock = rules.clocks.find((candidate) => candidate.id === rule.deadline!.clock);
      const from = validDate(appeal[rule.deadline.from]);
      // The validator makes both impossible for a checked rule set; skip rather than guess a date.
      if (!clock || !from) continue;
      deadlineId = deadlineIdFor(eventId, rule.id);
      deadlineDue = shiftBy(from, clock.term, scale);
      plan.deadlines.push({
        deadlineId,
        caseId: appeal.caseId,
        clientId: appeal.clientId,
        kind: rule.deadline.kind,
        dueAt: deadlineDue.toISOString(),
        basis: clock.basis,
        confidence: clock.confidence,
        clock: clock.id,
        ruleId: rule.id,
        taskId,
        reminders: [...rule.deadline.remindBefore]
          .sort((a, b) => approximateMs(b) - approximateMs(a))
          .map((before) => ({ before, at: shiftBy(deadlineDue!, before, scale, -1).toISOString() })),
      });
    }
    plan.tasks.push({
      taskId,
      caseId: appeal.caseId,
      incidentId: appeal.incidentId ?? null,
      clientId: appeal.clientId,
      ...timedTask(rule.task, loggedAt, deadlineDue, scale),
      priority: rule.task.priority ?? appeal.urgency,
      ruleId: rule.id,
      deadlineId,
      escalationOf: null,
    });
  }
  return plan;
}

function planForIncident(
  eventId: string,
  incident: IncidentReported['data'],
  rules: FollowUpRules,
  scale: number,
  recordedAt: Date,
): FollowUpPlan {
  const reportedAt = validDate(incident.reportedAt) ?? recordedAt;
  const tasks = rules.incidentRules
    .filter(
      (rule) =>
        incident.caseIds.length >= rule.minPeople &&
        (rule.appealTypes === 'any' || rule.appealTypes.includes(incident.appealType)),
    )
    .map((rule): PlannedTask => ({
      taskId: taskIdFor(eventId, rule.id),
      caseId: null,
      incidentId: incident.incidentId,
      clientId: null,
      ...timedTask(rule.task, reportedAt, null, scale),
      priority: rule.task.priority ?? 'critical',
      ruleId: rule.id,
      deadlineId: null,
      escalationOf: null,
    }));
  return { tasks, deadlines: [] };
}

function appliesTo(rule: AppealRule, appeal: AppealLogged['data']): boolean {
  const typeMatches =
    rule.appealTypes === 'any' || rule.appealTypes.includes(appeal.appealType as AppealType);
  return typeMatches && (rule.requires ?? []).every((field) => validDate(appeal[field]) !== null);
}

function timedTask(template: TaskTemplate, from: Date, deadline: Date | null, scale: number) {
  const at = (when: string): Date | null => (when === 'deadline' ? deadline : shiftBy(from, when, scale));
  const dueAt = at(template.due) ?? from;
  const escalateAt = template.escalateAfter === null ? null : at(template.escalateAfter);
  return {
    kind: template.kind,
    title: template.title,
    queue: template.queue,
    dueAt: dueAt.toISOString(),
    escalateAt: escalateAt ? escalateAt.toISOString() : null,
    basis: template.basis,
  };
}

function validDate(value: string | null | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
