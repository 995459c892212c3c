import {
  AppealType,
  countTerm,
  CustodyGrounds,
  DEFAULT_PRODUCTION_CALENDAR,
  HearingKind,
  deterministicUuid,
  ProductionCalendar,
  reminderTimes,
  resolveRegion,
  timeZonesOf,
  Urgency,
} from '@huquq/shared-kernel';
import {
  AppealRule,
  DeadlineTemplate,
  FollowUpRules,
  LegalClock,
  TaskTemplate,
} from '../domain/follow-up-rules';
import type { PlannedDeadline, PlannedReminder, PlannedTask } from '../domain/planned-work';
import { approximateMs, shiftBy } from './durations';

export type { PlannedDeadline, PlannedTask } from '../domain/planned-work';

export interface FollowUpPlan {
  tasks: PlannedTask[];
  deadlines: PlannedDeadline[];
}

/**
 * What the planner reads of an `appeal-logged` event. Intake owns the event and writes more;
 * follow-ups depend on these fields only (declared here, so this library needs nothing of the
 * cases library and the two cannot form an import cycle).
 */
export interface AppealTrigger {
  caseId: string;
  clientId: string;
  incidentId?: string | null;
  appealType: AppealType;
  urgency: Urgency;
  loggedAt: string;
  /** When the person received the ruling: the start of an appeal's legal term. */
  decisionReceivedAt: string | null;
  /** Where it happened: a region code (older events: the caller's words); its time zone ends the terms. */
  incident?: { region?: string | null } | null;
}

/** What the planner reads of an `incident-reported` event (a raid, with one case per person). */
export interface IncidentTrigger {
  incidentId: string;
  appealType: AppealType;
  caseIds: string[];
  reportedAt: string;
}

/** What the planner reads of a `custody-recorded` event: the person is held at a place since delivery. */
export interface CustodyTrigger {
  custodyId: string;
  caseId: string;
  clientId: string;
  region: string | null;
  grounds: CustodyGrounds;
  /** The clock runs from here: the first delivery of a detention, transfers included. */
  heldSince: string;
}

/** What the planner reads of a `hearing-scheduled` event. */
export interface HearingTrigger {
  hearingId: string;
  caseId: string;
  clientId: string;
  kind: HearingKind;
  startsAt: string;
  /** A complaint against an expulsion ruling: the court's receipt starts the 24-hour clock. */
  complaintReceivedAt: string | null;
}

/** The events that start follow-ups, as the planner needs them: ids, type, time, data. */
export type TriggerEvent =
  | { eventId: string; recordedAt: Date; type: 'appeal-logged'; data: AppealTrigger }
  | { eventId: string; recordedAt: Date; type: 'incident-reported'; data: IncidentTrigger }
  | { eventId: string; recordedAt: Date; type: 'custody-recorded'; data: CustodyTrigger }
  | { eventId: string; recordedAt: Date; type: 'hearing-scheduled'; data: HearingTrigger };

export interface PlanOptions {
  /** 1 in production; tests shrink every duration with it (0.001 turns an hour into 3.6 s). */
  timeScale?: number;
  /** The production calendar (PRODUCTION_CALENDAR_FILE over the built-in years). */
  calendar?: ProductionCalendar;
}

export const TRIGGER_EVENT_TYPES = [
  'appeal-logged',
  'incident-reported',
  'custody-recorded',
  'hearing-scheduled',
] as const;

const taskIdFor = (eventId: string, ruleId: string) => deterministicUuid('follow-up-task', eventId, ruleId);
const deadlineIdFor = (eventId: string, ruleId: string) =>
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
  const calendar = options.calendar ?? DEFAULT_PRODUCTION_CALENDAR;
  if (event.type === 'appeal-logged') {
    return planForAppeal(event.eventId, event.data, rules, scale, event.recordedAt, calendar);
  }
  if (event.type === 'custody-recorded')
    return planForCustody(event.eventId, event.data, rules, scale, calendar);
  if (event.type === 'hearing-scheduled')
    return planForHearing(event.eventId, event.data, rules, scale, calendar);
  return planForIncident(event.eventId, event.data, rules, scale, event.recordedAt);
}

function planForAppeal(
  eventId: string,
  appeal: AppealTrigger,
  rules: FollowUpRules,
  scale: number,
  recordedAt: Date,
  calendar: ProductionCalendar,
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
    let clock = rules.clocks.find((candidate) => candidate.id === rule.task.clock);
    if (rule.deadline) {
      clock = rules.clocks.find((candidate) => candidate.id === rule.deadline!.clock);
      const from = validDate(appeal[rule.deadline.from]);
      // The validator makes both impossible for a checked rule set; skip rather than guess a date.
      if (!clock || !from) continue;
      deadlineId = deadlineIdFor(eventId, rule.id);
      const region = appeal.incident?.region ?? null;
      const counted = countDeadline(from, clock, rule.deadline, region, scale, calendar);
      deadlineDue = new Date(counted.dueAt);
      plan.deadlines.push({
        deadlineId,
        caseId: appeal.caseId,
        clientId: appeal.clientId,
        kind: rule.deadline.kind,
        ruleId: rule.id,
        taskId,
        ...fromClock(clock),
        ...counted,
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
      confidence: clock?.confidence ?? null,
      lastChecked: clock?.lastChecked ?? null,
    });
  }
  return plan;
}

/** The case a clock rule plans for, and what its task and deadline belong to (a custody, a hearing). */
interface ClockOwner {
  eventId: string;
  caseId: string;
  clientId: string;
  region: string | null;
  custodyId?: string;
  hearingId?: string;
}

/**
 * A task from `from`, and a deadline when the rule names a clock. Both name their custody or
 * hearing: a release, a transfer or a recorded result ends them (the job runner skips what
 * belongs to one that is over).
 */
function planClockRule(
  owner: ClockOwner,
  rule: {
    id: string;
    task: TaskTemplate;
    deadline?: { kind: string; clock: string; remindBefore: string[] };
  },
  from: Date,
  rules: FollowUpRules,
  scale: number,
  calendar: ProductionCalendar,
  plan: FollowUpPlan,
): void {
  const clock = rules.clocks.find((candidate) => candidate.id === (rule.deadline?.clock ?? rule.task.clock));
  const taskId = taskIdFor(owner.eventId, rule.id);
  const deadlineId = rule.deadline && clock ? deadlineIdFor(owner.eventId, rule.id) : null;
  const belongsTo = {
    ...(owner.custodyId && { custodyId: owner.custodyId }),
    ...(owner.hearingId && { hearingId: owner.hearingId }),
  };
  let deadlineDue: Date | null = null;
  if (rule.deadline && clock && deadlineId) {
    const counted = countDeadline(from, clock, rule.deadline, owner.region, scale, calendar);
    deadlineDue = new Date(counted.dueAt);
    plan.deadlines.push({
      deadlineId,
      caseId: owner.caseId,
      clientId: owner.clientId,
      kind: rule.deadline.kind,
      ruleId: rule.id,
      taskId,
      ...fromClock(clock),
      ...belongsTo,
      ...counted,
    });
  }
  plan.tasks.push({
    taskId,
    caseId: owner.caseId,
    incidentId: null,
    clientId: owner.clientId,
    ...timedTask(rule.task, from, deadlineDue, scale),
    priority: rule.task.priority ?? 'critical',
    ruleId: rule.id,
    deadlineId,
    escalationOf: null,
    confidence: clock?.confidence ?? null,
    lastChecked: clock?.lastChecked ?? null,
    ...belongsTo,
  });
}

/** A custody's clock from the moment the person is held: a deadline and a lawyer's task, escalated at its end. */
function planForCustody(
  eventId: string,
  custody: CustodyTrigger,
  rules: FollowUpRules,
  scale: number,
  calendar: ProductionCalendar,
): FollowUpPlan {
  const plan: FollowUpPlan = { tasks: [], deadlines: [] };
  const heldSince = validDate(custody.heldSince);
  if (!heldSince) return plan;
  const owner = { eventId, ...custody };
  for (const rule of rules.custodyRules ?? []) {
    if (rule.grounds.includes(custody.grounds))
      planClockRule(owner, rule, heldSince, rules, scale, calendar, plan);
  }
  return plan;
}

/** A hearing: attending it, and for a complaint against an expulsion ruling the 24-hour review clock. */
function planForHearing(
  eventId: string,
  hearing: HearingTrigger,
  rules: FollowUpRules,
  scale: number,
  calendar: ProductionCalendar,
): FollowUpPlan {
  const plan: FollowUpPlan = { tasks: [], deadlines: [] };
  const owner = { eventId, region: null, ...hearing };
  for (const rule of rules.hearingRules ?? []) {
    const from = validDate(hearing[rule.from]);
    const kindMatches = rule.kinds === 'any' || rule.kinds.includes(hearing.kind);
    if (from && kindMatches) planClockRule(owner, rule, from, rules, scale, calendar, plan);
  }
  return plan;
}

function planForIncident(
  eventId: string,
  incident: IncidentTrigger,
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

/** What a deadline says of the legal clock behind it. */
const fromClock = (clock: LegalClock) => ({
  clock: clock.id,
  basis: clock.basis,
  confidence: clock.confidence,
  lastChecked: clock.lastChecked ?? null,
});

type CountedDeadline = Pick<
  PlannedDeadline,
  'dueAt' | 'reminders' | 'counting' | 'timeZone' | 'lastDay' | 'movedFrom' | 'exact'
>;

/**
 * The term as the law counts it, in the zone of the case's region (docs/deadlines.md). Under a
 * time scale (tests, demos) the term is a plain shrunken duration: no calendar applies to seconds.
 */
function countDeadline(
  from: Date,
  clock: LegalClock,
  template: Pick<DeadlineTemplate, 'remindBefore' | 'remindIn'>,
  region: string | null,
  scale: number,
  calendar: ProductionCalendar,
): CountedDeadline {
  if (scale !== 1) {
    const dueAt = shiftBy(from, clock.term, scale);
    const reminders: PlannedReminder[] = [...template.remindBefore]
      .sort((a, b) => approximateMs(b) - approximateMs(a))
      .map((before) => ({ before, at: shiftBy(dueAt, before, scale, -1).toISOString() }));
    return {
      dueAt: dueAt.toISOString(),
      reminders,
      counting: null,
      timeZone: null,
      lastDay: null,
      movedFrom: null,
      exact: false,
    };
  }
  const zones = timeZonesOf(resolveRegion(region).code);
  const term = countTerm(from, clock.term, zones, calendar);
  const reminders = reminderTimes(term, template.remindBefore, calendar, {
    workingDays: template.remindIn === 'working_days',
  });
  return {
    dueAt: term.dueAt.toISOString(),
    reminders: reminders.map((r) => ({ before: r.before, at: r.at.toISOString() })),
    counting: term.counting,
    timeZone: term.timeZone,
    lastDay: term.lastDay,
    movedFrom: term.movedFrom,
    exact: term.exact,
  };
}

function appliesTo(rule: AppealRule, appeal: AppealTrigger): boolean {
  const typeMatches = rule.appealTypes === 'any' || rule.appealTypes.includes(appeal.appealType);
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
