import type { StoredEvent } from '@huquq/event-store';
import type { CaseEvent } from '@huquq/cases';
import type { DeadlineEvent, TaskEvent } from '@huquq/follow-ups';
import { delayBucket } from '../shared/delay-buckets';
import { CASE_DIMENSIONS, CaseDimension, Dimension, OPEN_STATUSES } from '../shared/dimensions';
import { floorTo, Grain, GRAINS } from '../shared/time-buckets';

/** A case as the reports see it: attributes, where it stands, and when it was first worked. */
export interface CaseFacts {
  caseId: string;
  orgId: string;
  caseNumber: string;
  appealType: string;
  channel: string;
  urgency: string;
  /** '' when unknown: counter keys are never null. */
  nationality: string;
  region: string;
  status: string;
  assigneeId: string | null;
  loggedAt: Date;
  /** null while the case is open. */
  closedAt: Date | null;
  firstContactAt: Date | null;
  firstLawyerActionAt: Date | null;
  /** The last case-stream version applied: a replayed event changes nothing twice. */
  version: number;
}

export interface TaskFacts {
  taskId: string;
  orgId: string;
  caseId: string | null;
  queue: string;
  priority: string;
  isEscalation: boolean;
  dueAt: Date;
  completedAt: Date | null;
  version: number;
}

export interface DeadlineFacts {
  deadlineId: string;
  orgId: string;
  caseId: string;
  source: 'legal' | 'case';
  kind: string | null;
  taskId: string | null;
  dueAt: Date;
  doneAt: Date | null;
  missedAt: Date | null;
}

/** One opening, closing, reopening or change of open status: the ends of ranges count these. */
export interface Transition {
  caseId: string;
  version: number;
  orgId: string;
  at: Date;
  kind: 'opened' | 'closed' | 'reopened' | 'moved';
  appealType: string;
  region: string;
  nationality: string;
  channel: string;
  /** The open status left, if any; the open status entered, if any. */
  statusFrom: string | null;
  statusTo: string | null;
}

/** A change in the open cases of a logging day or of an assignee ('' for nobody), by urgency. */
export interface OpenCountDelta {
  orgId: string;
  grouping: 'logged_day' | 'assignee';
  key: string;
  urgency: string;
  delta: number;
}

export interface CounterDelta {
  orgId: string;
  dimension: Dimension;
  grain: Grain;
  bucket: Date;
  key: string;
  opened: number;
  closed: number;
  reopened: number;
}

/**
 * A change in the backlog's delay histogram: cases logged in a UTC day or month ('logged', bucket
 * 0), and their intake-to-first-contact and intake-to-first-lawyer-action delays by delay bucket.
 */
export interface DelayDelta {
  orgId: string;
  grain: 'day' | 'month';
  /** The start of the UTC day or month the case was logged in. */
  period: Date;
  measure: 'logged' | 'contact' | 'lawyer';
  delayBucket: number;
  delta: number;
}

/** Everything one page of events changes, ready to be written in a few multi-row statements. */
export interface BatchChanges {
  facts: CaseFacts[];
  tasks: TaskFacts[];
  newDeadlines: DeadlineFacts[];
  /** Task id → when it was done: the legal deadlines it works are done then. */
  deadlinesDoneByTask: Map<string, Date>;
  deadlinesMissed: Map<string, Date>;
  counters: CounterDelta[];
  transitions: Transition[];
  openCounts: OpenCountDelta[];
  /** Cases loaded open and now closed, or the other way round: their tasks and deadlines follow. */
  openChanged: Map<string, boolean>;
  delays: DelayDelta[];
}

export const REPORT_EVENT_TYPES = [
  'appeal-logged',
  'case-assigned',
  'case-status-changed',
  'note-added',
  'deadline-set',
  'case-closed',
  'case-reopened',
  'task-created',
  'task-claimed',
  'task-completed',
  'legal-deadline-set',
  'legal-deadline-missed',
  'legal-deadline-lapsed',
];

const CASE_PREFIX = 'case-';
const DAYS_AND_MONTHS: Grain[] = ['day', 'month'];
const TASK_PREFIX = 'task-';

/** Which stored rows a page needs before it can be folded: tasks first, then their cases. */
export function taskIdsReferenced(events: readonly StoredEvent[]): string[] {
  const ids = new Set<string>();
  for (const event of events) {
    if (event.type === 'task-claimed' || event.type === 'task-completed') ids.add(taskIdOf(event));
    if (event.type === 'legal-deadline-set') ids.add((event.data as { taskId: string }).taskId);
  }
  return [...ids];
}

export function caseIdsReferenced(
  events: readonly StoredEvent[],
  tasks: ReadonlyMap<string, TaskFacts>,
): string[] {
  const ids = new Set<string>();
  for (const event of events) {
    if (event.streamId.startsWith(CASE_PREFIX)) ids.add(event.streamId.slice(CASE_PREFIX.length));
    else if (event.type === 'task-created' || event.type === 'legal-deadline-set') {
      const caseId = (event.data as { caseId: string | null }).caseId;
      if (caseId) ids.add(caseId);
    }
  }
  for (const task of tasks.values()) if (task.caseId) ids.add(task.caseId);
  return [...ids];
}

/**
 * Folds a page of events into the rows it changes. Pure: the stored rows it starts from are
 * given, nothing is read or written here, so it is specified with plain events in unit tests.
 *
 * Every count is bucketed by the event's recordedAt, the time the system logged it.
 */
export class ReportBatch {
  private readonly facts = new Map<string, CaseFacts>();
  private readonly tasks = new Map<string, TaskFacts>();
  private readonly changedFacts = new Set<string>();
  private readonly changedTasks = new Set<string>();
  private readonly wasOpen = new Map<string, boolean>();
  private readonly newDeadlines = new Map<string, DeadlineFacts>();
  private readonly deadlinesDoneByTask = new Map<string, Date>();
  private readonly deadlinesMissed = new Map<string, Date>();
  private readonly counters = new Map<string, CounterDelta>();
  private readonly transitions: Transition[] = [];
  private readonly openCounts = new Map<string, OpenCountDelta>();
  /** The first-action times of the cases as loaded: the histogram moves from these. */
  private readonly loaded = new Map<string, Pick<CaseFacts, 'firstContactAt' | 'firstLawyerActionAt'>>();

  constructor(facts: Iterable<CaseFacts> = [], tasks: Iterable<TaskFacts> = []) {
    for (const f of facts) {
      this.facts.set(f.caseId, { ...f });
      this.wasOpen.set(f.caseId, f.closedAt === null);
      this.loaded.set(f.caseId, {
        firstContactAt: f.firstContactAt,
        firstLawyerActionAt: f.firstLawyerActionAt,
      });
    }
    for (const t of tasks) this.tasks.set(t.taskId, { ...t });
  }

  apply(event: StoredEvent): void {
    if (event.streamId.startsWith(CASE_PREFIX)) this.applyCaseEvent(event);
    else if (event.streamId.startsWith(TASK_PREFIX)) this.applyTaskEvent(event);
    else this.applyDeadlineEvent(event);
  }

  changes(): BatchChanges {
    const openChanged = new Map<string, boolean>();
    for (const [caseId, open] of this.wasOpen) {
      const now = this.facts.get(caseId)!.closedAt === null;
      if (now !== open) openChanged.set(caseId, now);
    }
    return {
      facts: [...this.changedFacts].map((id) => this.facts.get(id)!),
      tasks: [...this.changedTasks].map((id) => this.tasks.get(id)!),
      newDeadlines: [...this.newDeadlines.values()],
      deadlinesDoneByTask: this.deadlinesDoneByTask,
      deadlinesMissed: this.deadlinesMissed,
      counters: [...this.counters.values()].filter((c) => c.opened || c.closed || c.reopened),
      transitions: this.transitions,
      openCounts: [...this.openCounts.values()].filter((c) => c.delta !== 0),
      openChanged,
      delays: this.delayDeltas(),
    };
  }

  /** Each changed case leaves its old delay buckets and enters its new ones; a new case is logged. */
  private delayDeltas(): DelayDelta[] {
    const deltas = new Map<string, DelayDelta>();
    const add = (facts: CaseFacts, measure: DelayDelta['measure'], bucket: number, delta: number) => {
      for (const grain of ['day', 'month'] as const) {
        const period = floorTo(grain, facts.loggedAt);
        const id = `${facts.orgId}|${grain}|${period.getTime()}|${measure}|${bucket}`;
        let row = deltas.get(id);
        if (!row) {
          row = { orgId: facts.orgId, grain, period, measure, delayBucket: bucket, delta: 0 };
          deltas.set(id, row);
        }
        row.delta += delta;
      }
    };
    const move = (facts: CaseFacts, measure: 'contact' | 'lawyer', from: Date | null, to: Date | null) => {
      if (from?.getTime() === to?.getTime()) return;
      const loggedAt = facts.loggedAt.getTime();
      if (from) add(facts, measure, delayBucket((from.getTime() - loggedAt) / 1000), -1);
      if (to) add(facts, measure, delayBucket((to.getTime() - loggedAt) / 1000), +1);
    };
    for (const caseId of this.changedFacts) {
      const facts = this.facts.get(caseId)!;
      const before = this.loaded.get(caseId);
      if (!before) add(facts, 'logged', 0, +1);
      move(facts, 'contact', before?.firstContactAt ?? null, facts.firstContactAt);
      move(facts, 'lawyer', before?.firstLawyerActionAt ?? null, facts.firstLawyerActionAt);
    }
    return [...deltas.values()].filter((d) => d.delta !== 0);
  }

  /** Whether the case is open once the whole page is applied; unknown cases count as open. */
  isOpen(caseId: string | null): boolean {
    const facts = caseId ? this.facts.get(caseId) : undefined;
    return facts ? facts.closedAt === null : true;
  }

  private applyCaseEvent(stored: StoredEvent): void {
    const caseId = stored.streamId.slice(CASE_PREFIX.length);
    const event = { type: stored.type, data: stored.data } as CaseEvent;
    const at = stored.recordedAt;
    const existing = this.facts.get(caseId);

    if (event.type === 'appeal-logged') {
      if (existing) return;
      const d = event.data;
      const facts: CaseFacts = {
        caseId,
        orgId: stored.orgId!,
        caseNumber: d.caseNumber,
        appealType: d.appealType,
        channel: d.channel,
        urgency: d.urgency,
        nationality: keyOf(d.nationality),
        region: keyOf(d.incident?.region),
        status: 'new',
        assigneeId: null,
        loggedAt: at,
        closedAt: null,
        firstContactAt: null,
        firstLawyerActionAt: null,
        version: stored.streamVersion,
      };
      this.facts.set(caseId, facts);
      this.changedFacts.add(caseId);
      this.record(facts, stored, 'opened', null, 'new');
      this.noteLawyerAction(facts, stored);
      return;
    }

    // A case whose appeal is not known here cannot be attributed to any key; the log's order
    // makes this impossible, and a replayed event (version already applied) changes nothing.
    if (!existing || stored.streamVersion <= existing.version) return;
    const facts = existing;
    facts.version = stored.streamVersion;
    this.changedFacts.add(caseId);
    this.noteLawyerAction(facts, stored);

    switch (event.type) {
      case 'case-assigned':
        if (facts.closedAt === null) this.countOpenBy('assignee', facts, -1);
        facts.assigneeId = event.data.lawyerId;
        if (facts.closedAt === null) this.countOpenBy('assignee', facts, +1);
        return;
      case 'case-status-changed':
        if (event.data.to === 'closed') this.close(facts, stored);
        else if (facts.status !== event.data.to)
          this.record(facts, stored, 'moved', facts.status, event.data.to);
        return;
      case 'case-closed':
        this.close(facts, stored);
        return;
      case 'case-reopened':
        if (facts.closedAt === null) return;
        this.record(facts, stored, 'reopened', null, 'in_progress');
        return;
      case 'deadline-set':
        this.newDeadlines.set(event.data.deadlineId, {
          deadlineId: event.data.deadlineId,
          orgId: facts.orgId,
          caseId,
          source: 'case',
          kind: null,
          taskId: null,
          dueAt: new Date(event.data.dueAt),
          doneAt: null,
          missedAt: null,
        });
        return;
      default:
        return;
    }
  }

  private applyTaskEvent(stored: StoredEvent): void {
    const event = { type: stored.type, data: stored.data } as TaskEvent;
    const at = stored.recordedAt;
    if (event.type === 'task-created') {
      const d = event.data;
      if (this.tasks.has(d.taskId)) return;
      this.tasks.set(d.taskId, {
        taskId: d.taskId,
        orgId: stored.orgId!,
        caseId: d.caseId,
        queue: d.queue,
        priority: d.priority,
        isEscalation: d.escalationOf !== null && d.escalationOf !== undefined,
        dueAt: new Date(d.dueAt),
        completedAt: null,
        version: stored.streamVersion,
      });
      this.changedTasks.add(d.taskId);
      return;
    }
    const task = this.tasks.get(taskIdOf(stored));
    if (!task || stored.streamVersion <= task.version) return;
    task.version = stored.streamVersion;
    this.changedTasks.add(task.taskId);
    const facts = task.caseId ? this.facts.get(task.caseId) : undefined;
    if (facts) this.noteLawyerAction(facts, stored);
    if (event.type === 'task-completed' && task.completedAt === null) {
      task.completedAt = at;
      this.deadlinesDoneByTask.set(task.taskId, at);
      // Escalations are coordinators organizing, not the client being reached.
      if (facts && !task.isEscalation) {
        facts.firstContactAt = earliest(facts.firstContactAt, at);
        this.changedFacts.add(facts.caseId);
      }
    }
  }

  private applyDeadlineEvent(stored: StoredEvent): void {
    const event = { type: stored.type, data: stored.data } as DeadlineEvent;
    if (event.type === 'legal-deadline-set') {
      const d = event.data;
      const task = this.tasks.get(d.taskId);
      this.newDeadlines.set(d.deadlineId, {
        deadlineId: d.deadlineId,
        orgId: stored.orgId!,
        caseId: d.caseId,
        source: 'legal',
        kind: d.kind,
        taskId: d.taskId,
        dueAt: new Date(d.dueAt),
        doneAt: task?.completedAt ?? null,
        missedAt: null,
      });
    } else if (event.type === 'legal-deadline-missed') {
      this.deadlinesMissed.set(event.data.deadlineId, stored.recordedAt);
    } else if (event.type === 'legal-deadline-lapsed') {
      // A clock that stopped (the person released, the hearing held) is over, not overdue.
      this.deadlinesDoneByTask.set(event.data.taskId, stored.recordedAt);
    }
  }

  private close(facts: CaseFacts, stored: StoredEvent): void {
    if (facts.closedAt !== null) return;
    this.record(facts, stored, 'closed', facts.status, null);
  }

  /**
   * A transition: counted under the whole organization and each attribute (openings, closings,
   * reopenings), and under the status dimension as an exit from and an entry into open statuses.
   */
  private record(
    facts: CaseFacts,
    stored: StoredEvent,
    kind: Transition['kind'],
    from: string | null,
    to: string | null,
  ): void {
    const at = stored.recordedAt;
    const statusFrom = from && isOpenStatus(from) ? from : null;
    const statusTo = to && isOpenStatus(to) ? to : null;
    if (kind !== 'moved') {
      this.add(facts.orgId, 'all', '', at, kind);
      for (const dimension of CASE_DIMENSIONS)
        this.add(facts.orgId, dimension, keyFor(facts, dimension), at, kind);
    }
    if (statusFrom) this.add(facts.orgId, 'status', statusFrom, at, 'closed');
    if (statusTo) this.add(facts.orgId, 'status', statusTo, at, 'opened');
    this.transitions.push({
      caseId: facts.caseId,
      version: stored.streamVersion,
      orgId: facts.orgId,
      at,
      kind,
      appealType: facts.appealType,
      region: facts.region,
      nationality: facts.nationality,
      channel: facts.channel,
      statusFrom,
      statusTo,
    });
    if (kind === 'closed') facts.closedAt = at;
    if (kind === 'reopened') facts.closedAt = null;
    facts.status = to ?? 'closed';
    if (kind !== 'moved') {
      const change = kind === 'closed' ? -1 : +1;
      this.countOpenBy('logged_day', facts, change);
      this.countOpenBy('assignee', facts, change);
    }
  }

  private countOpenBy(grouping: OpenCountDelta['grouping'], facts: CaseFacts, change: number): void {
    const key =
      grouping === 'logged_day' ? facts.loggedAt.toISOString().slice(0, 10) : (facts.assigneeId ?? '');
    const id = `${facts.orgId}|${grouping}|${key}|${facts.urgency}`;
    let delta = this.openCounts.get(id);
    if (!delta) {
      delta = { orgId: facts.orgId, grouping, key, urgency: facts.urgency, delta: 0 };
      this.openCounts.set(id, delta);
    }
    delta.delta += change;
  }

  private noteLawyerAction(facts: CaseFacts, stored: StoredEvent): void {
    if (stored.metadata?.actorRole !== 'lawyer') return;
    facts.firstLawyerActionAt = earliest(facts.firstLawyerActionAt, stored.recordedAt);
    this.changedFacts.add(facts.caseId);
  }

  private add(
    orgId: string,
    dimension: Dimension,
    key: string,
    at: Date,
    column: 'opened' | 'closed' | 'reopened',
  ): void {
    // Hours only for the whole organization: days and weeks in a time zone are made of them.
    for (const grain of dimension === 'all' ? GRAINS : DAYS_AND_MONTHS) {
      const bucket = floorTo(grain, at);
      const id = `${orgId}|${dimension}|${grain}|${bucket.getTime()}|${key}`;
      let delta = this.counters.get(id);
      if (!delta) {
        delta = { orgId, dimension, grain, bucket, key, opened: 0, closed: 0, reopened: 0 };
        this.counters.set(id, delta);
      }
      delta[column] += 1;
    }
  }
}

function taskIdOf(event: StoredEvent): string {
  return (event.data as { taskId?: string }).taskId ?? event.streamId.slice(TASK_PREFIX.length);
}

function keyFor(facts: CaseFacts, dimension: CaseDimension): string {
  return dimension === 'appealType'
    ? facts.appealType
    : dimension === 'channel'
      ? facts.channel
      : dimension === 'nationality'
        ? facts.nationality
        : facts.region;
}

/** Trimmed; '' for none. Region is typed by intake, so "Moscow " and "Moscow" are one key. */
function keyOf(value: string | null | undefined): string {
  return (value ?? '').trim();
}

function isOpenStatus(status: string): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(status);
}

function earliest(current: Date | null, candidate: Date): Date {
  return current === null || candidate < current ? candidate : current;
}
