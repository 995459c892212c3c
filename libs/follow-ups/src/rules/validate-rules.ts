import {
  APPEAL_TYPES,
  countingOf,
  CUSTODY_GROUNDS,
  HEARING_KINDS,
  parseDuration,
  URGENCIES,
} from '@huquq/shared-kernel';
import type { ProblemDetail } from '@huquq/platform';
import { isDuration } from './durations';
import {
  AppealRule,
  CONFIDENCES,
  CustodyRule,
  DeadlineTemplate,
  HearingRule,
  FollowUpRules,
  IncidentRule,
  LegalClock,
  TASK_QUEUES,
  TaskTemplate,
} from '../domain/follow-up-rules';

export type RulesCheck = { ok: true; rules: FollowUpRules } | { ok: false; problems: ProblemDetail[] };

const SLUG = /^[a-z0-9][a-z0-9_-]{0,79}$/;
const MAX_RULES = 200;

type Json = Record<string, unknown>;

/**
 * Checks a rule set written by a person (a JSON file, an admin's request) and names every
 * problem with its path, so a bad edit is refused whole with a useful answer instead of
 * half-applied.
 */
export function checkFollowUpRules(input: unknown): RulesCheck {
  const problems: ProblemDetail[] = [];
  const at = (field: string, problem: string) => problems.push({ field, problem });

  if (!isObject(input)) return { ok: false, problems: [{ field: 'rules', problem: 'must be an object' }] };
  onlyKeys(input, ['clocks', 'appealRules', 'incidentRules', 'custodyRules', 'hearingRules'], 'rules', at);

  const clocks = list(input.clocks, 'clocks', at).map((clock, i) => checkClock(clock, `clocks[${i}]`, at));
  /** Each clock's id and how its term is counted. */
  const clockIds: ClockIds = new Map();
  clocks.forEach((clock, i) => {
    if (clock && clockIds.has(clock.id)) at(`clocks[${i}].id`, 'is used twice');
    if (clock) clockIds.set(clock.id, countingOf(clock.term));
  });

  const ruleIds = new Set<string>();
  const uniqueRuleId = (id: unknown, field: string) => {
    if (typeof id !== 'string') return;
    if (ruleIds.has(id)) at(field, 'is used twice');
    ruleIds.add(id);
  };
  const appealRules = list(input.appealRules, 'appealRules', at).map((rule, i) => {
    const path = `appealRules[${i}]`;
    if (isObject(rule)) uniqueRuleId(rule.id, `${path}.id`);
    return checkAppealRule(rule, path, clockIds, at);
  });
  const incidentRules = list(input.incidentRules, 'incidentRules', at).map((rule, i) => {
    const path = `incidentRules[${i}]`;
    if (isObject(rule)) uniqueRuleId(rule.id, `${path}.id`);
    return checkIncidentRule(rule, path, clockIds, at);
  });

  // Optional: rule sets written before custody was recorded take the installation's.
  const custodyRules =
    input.custodyRules === undefined
      ? undefined
      : list(input.custodyRules, 'custodyRules', at).map((rule, i) => {
          const path = `custodyRules[${i}]`;
          if (isObject(rule)) uniqueRuleId(rule.id, `${path}.id`);
          return checkCustodyRule(rule, path, clockIds, at);
        });

  const hearingRules =
    input.hearingRules === undefined
      ? undefined
      : list(input.hearingRules, 'hearingRules', at).map((rule, i) => {
          const path = `hearingRules[${i}]`;
          if (isObject(rule)) uniqueRuleId(rule.id, `${path}.id`);
          return checkHearingRule(rule, path, clockIds, at);
        });

  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    rules: {
      clocks: clocks as LegalClock[],
      appealRules: appealRules as AppealRule[],
      incidentRules: incidentRules as IncidentRule[],
      ...(custodyRules && { custodyRules: custodyRules as CustodyRule[] }),
      ...(hearingRules && { hearingRules: hearingRules as HearingRule[] }),
    },
  };
}

type Report = (field: string, problem: string) => void;
type ClockIds = Map<string, string | null>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function onlyKeys(value: Json, allowed: string[], path: string, at: Report): void {
  for (const key of Object.keys(value)) if (!allowed.includes(key)) at(`${path}.${key}`, 'unknown field');
}

function list(value: unknown, path: string, at: Report): unknown[] {
  if (!Array.isArray(value)) {
    at(path, 'must be an array');
    return [];
  }
  if (value.length > MAX_RULES) at(path, `must have at most ${MAX_RULES} entries`);
  return value;
}

function text(value: unknown, path: string, at: Report, max: number): string | undefined {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > max) {
    at(path, `must be a text of 1 to ${max} characters`);
    return undefined;
  }
  return value;
}

function slug(value: unknown, path: string, at: Report): string | undefined {
  if (typeof value !== 'string' || !SLUG.test(value)) {
    at(path, 'must be 1-80 of a-z, 0-9, _ or -, starting with a letter or digit');
    return undefined;
  }
  return value;
}

function oneOf<T extends string>(
  value: unknown,
  options: readonly T[],
  path: string,
  at: Report,
): T | undefined {
  if (typeof value !== 'string' || !options.includes(value as T)) {
    at(path, `must be one of ${options.join(', ')}`);
    return undefined;
  }
  return value as T;
}

function duration(value: unknown, path: string, at: Report, allowed: string[] = []): string | undefined {
  if (typeof value === 'string' && (allowed.includes(value) || isDuration(value))) return value;
  const extra = allowed.length ? ` or ${allowed.map((a) => `"${a}"`).join(' or ')}` : '';
  at(path, `must be an ISO-8601 duration such as PT1H or P10D${extra}`);
  return undefined;
}

function appealTypes(value: unknown, path: string, at: Report): AppealRule['appealTypes'] | undefined {
  if (value === 'any') return 'any';
  if (!Array.isArray(value) || value.length === 0) {
    at(path, 'must be "any" or a non-empty list of appeal types');
    return undefined;
  }
  value.forEach((type, i) => oneOf(type, APPEAL_TYPES, `${path}[${i}]`, at));
  return value as AppealRule['appealTypes'];
}

function checkClock(value: unknown, path: string, at: Report): LegalClock | undefined {
  if (!isObject(value)) {
    at(path, 'must be an object');
    return undefined;
  }
  onlyKeys(value, ['id', 'trigger', 'term', 'basis', 'confidence', 'lastChecked'], path, at);
  const term = duration(value.term, `${path}.term`, at);
  // The law counts hours, days or months; a mix (P1DT2H) has no legal counting.
  if (term && !countingOf(term))
    at(`${path}.term`, 'must be hours (PT3H), days (P10D) or months (P3M), not a mix');
  const clock: Partial<LegalClock> = {
    id: slug(value.id, `${path}.id`, at),
    trigger: text(value.trigger, `${path}.trigger`, at, 500),
    term,
    basis: text(value.basis, `${path}.basis`, at, 2000),
    confidence: oneOf(value.confidence, CONFIDENCES, `${path}.confidence`, at),
  };
  if (Object.values(clock).some((field) => field === undefined)) return undefined;
  // Optional: rule sets written before it was asked for stay valid.
  if (value.lastChecked !== undefined) {
    if (typeof value.lastChecked !== 'string' || !isCalendarDate(value.lastChecked)) {
      at(`${path}.lastChecked`, 'must be a date, YYYY-MM-DD');
    } else clock.lastChecked = value.lastChecked;
  }
  return clock as LegalClock;
}

function isCalendarDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
}

function checkTask(
  value: unknown,
  path: string,
  at: Report,
  withDeadline: boolean,
  clockIds: ClockIds,
): TaskTemplate | undefined {
  if (!isObject(value)) {
    at(path, 'must be an object');
    return undefined;
  }
  onlyKeys(value, ['kind', 'title', 'queue', 'due', 'priority', 'escalateAfter', 'basis', 'clock'], path, at);
  const deadlineWords = withDeadline ? ['deadline'] : [];
  const task: TaskTemplate = {
    kind: slug(value.kind, `${path}.kind`, at) as string,
    title: text(value.title, `${path}.title`, at, 200) as string,
    queue: oneOf(value.queue, TASK_QUEUES, `${path}.queue`, at) as TaskTemplate['queue'],
    due: duration(value.due, `${path}.due`, at, deadlineWords) as string,
    escalateAfter:
      value.escalateAfter === null || value.escalateAfter === undefined
        ? null
        : (duration(value.escalateAfter, `${path}.escalateAfter`, at, deadlineWords) ?? null),
    basis: text(value.basis, `${path}.basis`, at, 2000) as string,
  };
  if (value.priority !== undefined) {
    task.priority = oneOf(value.priority, URGENCIES, `${path}.priority`, at);
  }
  if (value.clock !== undefined) {
    task.clock = slug(value.clock, `${path}.clock`, at);
    if (task.clock && !clockIds.has(task.clock)) at(`${path}.clock`, 'names no clock of this rule set');
  }
  return task;
}

function checkDeadline(
  value: unknown,
  path: string,
  clocks: ClockIds,
  at: Report,
): DeadlineTemplate | undefined {
  if (!isObject(value)) {
    at(path, 'must be an object');
    return undefined;
  }
  onlyKeys(value, ['kind', 'clock', 'from', 'remindBefore', 'remindIn'], path, at);
  const clock = slug(value.clock, `${path}.clock`, at);
  if (clock && !clocks.has(clock)) at(`${path}.clock`, 'names no clock of this rule set');
  const remindBefore = list(value.remindBefore, `${path}.remindBefore`, at).map(
    (before, i) => duration(before, `${path}.remindBefore[${i}]`, at) as string,
  );
  if (new Set(remindBefore).size !== remindBefore.length) at(`${path}.remindBefore`, 'has a reminder twice');
  // Reminders of a term in days or months are set on days (09:00 local), so they are whole days.
  const counting = clock ? clocks.get(clock) : undefined;
  remindBefore.forEach((before, i) => {
    const d = before ? parseDuration(before) : null;
    if (d && counting && counting !== 'hours' && d.years + d.months + d.hours + d.minutes + d.seconds > 0) {
      at(`${path}.remindBefore[${i}]`, 'must be whole days or weeks (P7D, P2W) for a term in days or months');
    }
  });
  const template: DeadlineTemplate = {
    kind: slug(value.kind, `${path}.kind`, at) as string,
    clock: clock as string,
    from: oneOf(value.from, ['decisionReceivedAt'] as const, `${path}.from`, at) as 'decisionReceivedAt',
    remindBefore,
  };
  if (value.remindIn !== undefined) {
    template.remindIn = oneOf(value.remindIn, ['days', 'working_days'] as const, `${path}.remindIn`, at);
  }
  return template;
}

function checkAppealRule(
  value: unknown,
  path: string,
  clockIds: ClockIds,
  at: Report,
): AppealRule | undefined {
  if (!isObject(value)) {
    at(path, 'must be an object');
    return undefined;
  }
  onlyKeys(value, ['id', 'appealTypes', 'requires', 'fallback', 'task', 'deadline'], path, at);
  const hasDeadline = value.deadline !== undefined;
  const rule: AppealRule = {
    id: slug(value.id, `${path}.id`, at) as string,
    appealTypes: appealTypes(value.appealTypes, `${path}.appealTypes`, at) as AppealRule['appealTypes'],
    task: checkTask(value.task, `${path}.task`, at, hasDeadline, clockIds) as TaskTemplate,
  };
  if (value.requires !== undefined) {
    rule.requires = list(value.requires, `${path}.requires`, at).map(
      (field, i) =>
        oneOf(field, ['decisionReceivedAt'] as const, `${path}.requires[${i}]`, at) as 'decisionReceivedAt',
    );
  }
  if (value.fallback !== undefined) {
    if (typeof value.fallback !== 'boolean') at(`${path}.fallback`, 'must be true or false');
    rule.fallback = value.fallback === true;
  }
  if (hasDeadline) {
    rule.deadline = checkDeadline(value.deadline, `${path}.deadline`, clockIds, at);
    // The term runs from the decision's date: without it there is nothing to count from.
    if (!rule.requires?.includes('decisionReceivedAt')) {
      at(`${path}.requires`, 'must include decisionReceivedAt when the rule sets a deadline');
    }
  }
  return rule;
}

function checkIncidentRule(
  value: unknown,
  path: string,
  clockIds: ClockIds,
  at: Report,
): IncidentRule | undefined {
  if (!isObject(value)) {
    at(path, 'must be an object');
    return undefined;
  }
  onlyKeys(value, ['id', 'minPeople', 'appealTypes', 'task'], path, at);
  const minPeople = value.minPeople;
  if (typeof minPeople !== 'number' || !Number.isInteger(minPeople) || minPeople < 1 || minPeople > 500) {
    at(`${path}.minPeople`, 'must be a whole number from 1 to 500');
  }
  return {
    id: slug(value.id, `${path}.id`, at) as string,
    minPeople: minPeople as number,
    appealTypes: appealTypes(
      value.appealTypes ?? 'any',
      `${path}.appealTypes`,
      at,
    ) as IncidentRule['appealTypes'],
    task: checkTask(value.task, `${path}.task`, at, false, clockIds) as TaskTemplate,
  };
}

function checkCustodyRule(
  value: unknown,
  path: string,
  clockIds: ClockIds,
  at: Report,
): CustodyRule | undefined {
  if (!isObject(value)) {
    at(path, 'must be an object');
    return undefined;
  }
  onlyKeys(value, ['id', 'grounds', 'task', 'deadline'], path, at);
  const grounds = list(value.grounds, `${path}.grounds`, at);
  if (grounds.length === 0) at(`${path}.grounds`, `must list some of ${CUSTODY_GROUNDS.join(', ')}`);
  grounds.forEach((g, i) => oneOf(g, CUSTODY_GROUNDS, `${path}.grounds[${i}]`, at));
  const deadline = checkClockDeadline(value.deadline, `${path}.deadline`, clockIds, at);
  return {
    id: slug(value.id, `${path}.id`, at) as string,
    grounds: grounds as CustodyRule['grounds'],
    task: checkTask(value.task, `${path}.task`, at, true, clockIds) as TaskTemplate,
    deadline: deadline!,
  };
}

/** A custody's or hearing's clock deadline: a kind, a clock of the rule set, reminders. */
function checkClockDeadline(
  value: unknown,
  path: string,
  clockIds: ClockIds,
  at: Report,
): CustodyRule['deadline'] | undefined {
  if (!isObject(value)) {
    at(path, 'must be an object');
    return undefined;
  }
  onlyKeys(value, ['kind', 'clock', 'remindBefore'], path, at);
  const clock = slug(value.clock, `${path}.clock`, at);
  if (clock && !clockIds.has(clock)) at(`${path}.clock`, 'names no clock of this rule set');
  return {
    kind: slug(value.kind, `${path}.kind`, at) as string,
    clock: clock as string,
    remindBefore: list(value.remindBefore, `${path}.remindBefore`, at).map(
      (before, i) => duration(before, `${path}.remindBefore[${i}]`, at) as string,
    ),
  };
}

function checkHearingRule(
  value: unknown,
  path: string,
  clockIds: ClockIds,
  at: Report,
): HearingRule | undefined {
  if (!isObject(value)) {
    at(path, 'must be an object');
    return undefined;
  }
  onlyKeys(value, ['id', 'kinds', 'from', 'task', 'deadline'], path, at);
  let kinds: HearingRule['kinds'] = 'any';
  if (value.kinds !== 'any') {
    const listed = list(value.kinds, `${path}.kinds`, at);
    if (listed.length === 0) at(`${path}.kinds`, 'must be "any" or a non-empty list of hearing kinds');
    listed.forEach((kind, i) => oneOf(kind, HEARING_KINDS, `${path}.kinds[${i}]`, at));
    kinds = listed as HearingRule['kinds'];
  }
  const hasDeadline = value.deadline !== undefined;
  const rule: HearingRule = {
    id: slug(value.id, `${path}.id`, at) as string,
    kinds,
    from: oneOf(
      value.from,
      ['startsAt', 'complaintReceivedAt'] as const,
      `${path}.from`,
      at,
    ) as HearingRule['from'],
    task: checkTask(value.task, `${path}.task`, at, hasDeadline, clockIds) as TaskTemplate,
  };
  if (hasDeadline) rule.deadline = checkClockDeadline(value.deadline, `${path}.deadline`, clockIds, at);
  return rule;
}
