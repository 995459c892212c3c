import { Actor, Conflict, Forbidden, NotFound, RuleViolation } from '@huquq/shared-kernel';
import { deciderSpec } from '@huquq/shared-kernel/testing/decider-spec';
import { TaskEvent } from './follow-up.events';
import type { PlannedTask } from './planned-work';
import { AssignTask, ClaimTask, CompleteTask, CreateTask, EscalateTask, ReleaseTask } from './task.commands';
import { decideEscalation, escalationTaskIdFor, foldTask, taskDecider } from './task.decider';
import { maySeeQueue, queuesShownTo, TASK_READERS, TASK_WORKERS } from './task.policy';

const given = deciderSpec(taskDecider);

const ORG = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const lawyer: Actor = { userId: '11111111-1111-4111-8111-111111111111', orgId: ORG, role: 'lawyer' };
const otherLawyer: Actor = { userId: '22222222-2222-4222-8222-222222222222', orgId: ORG, role: 'lawyer' };
const coordinator: Actor = {
  userId: '33333333-3333-4333-8333-333333333333',
  orgId: ORG,
  role: 'coordinator',
};
const admin: Actor = { userId: '44444444-4444-4444-8444-444444444444', orgId: ORG, role: 'admin' };
const intake: Actor = { userId: '99999999-9999-4999-8999-999999999999', orgId: ORG, role: 'intake' };
const NOW = '2024-03-29T05:00:00.000Z';
/** The planned task's escalation time: the moment an escalation may be decided. */
const ESCALATION_TIME = '2024-03-29T06:00:00.000Z';

const planned: PlannedTask = {
  taskId: '55555555-5555-4555-8555-555555555555',
  caseId: '66666666-6666-4666-8666-666666666666',
  incidentId: null,
  clientId: '77777777-7777-4777-8777-777777777777',
  kind: 'contact_detainee',
  title: 'Contact the detainee',
  queue: 'lawyer',
  priority: 'high',
  dueAt: '2024-03-29T04:00:00.000Z',
  escalateAt: '2024-03-29T06:00:00.000Z',
  basis: 'KoAP RF art. 27.5',
  ruleId: 'detention-first-contact',
  deadlineId: null,
  escalationOf: null,
};

const created = (task: Partial<PlannedTask> = {}): TaskEvent => ({
  type: 'task-created',
  data: { ...planned, ...task, createdAt: '2024-03-29T03:00:00.000Z' },
});
const claimedBy = (actor: Actor): TaskEvent => ({
  type: 'task-claimed',
  data: { taskId: planned.taskId, userId: actor.userId, claimedAt: NOW },
});
const completedBy = (actor: Actor, result = 'Called the brother'): TaskEvent => ({
  type: 'task-completed',
  data: { taskId: planned.taskId, userId: actor.userId, completedAt: NOW, result },
});
/** As events written before the one write path: sealed by the handler, the field named. */
const completedBeforeTheOneWritePath = (actor: Actor): TaskEvent => ({
  type: 'task-completed',
  data: {
    taskId: planned.taskId,
    userId: actor.userId,
    completedAt: NOW,
    result: 'sealed',
    resultField: 'task.result',
  },
});

const create = (task: Partial<PlannedTask> = {}): CreateTask => ({
  type: 'CreateTask',
  data: { task: { ...planned, ...task }, now: '2024-03-29T03:00:00.000Z' },
});
const claim = (actor: Actor): ClaimTask => ({ type: 'ClaimTask', data: { actor, now: NOW } });
const complete = (actor: Actor, result = 'Called the brother'): CompleteTask => ({
  type: 'CompleteTask',
  data: { actor, result, now: NOW },
});
const escalate = (now = ESCALATION_TIME): EscalateTask => ({ type: 'EscalateTask', data: { now } });

describe('a task stream', () => {
  it('folds its events, old completions (with resultField) included', () => {
    expect(foldTask([])).toBeNull();
    expect(foldTask([created(), claimedBy(lawyer), completedBy(lawyer)])).toMatchObject({
      version: 3,
      status: 'done',
      assigneeId: lawyer.userId,
      completedBy: lawyer.userId,
    });
    expect(foldTask([created(), completedBeforeTheOneWritePath(lawyer)])).toMatchObject({
      version: 2,
      status: 'done',
      assigneeId: lawyer.userId,
    });
  });

  it('is created once from a plan; planning the same event again creates nothing', () => {
    given([]).when(create()).then([created()]);
    given([created()]).when(create()).thenNothingHappens();
  });

  it('answers a command for a task that does not exist like an unknown id', () => {
    given([])
      .when(claim(lawyer))
      .thenThrows(NotFound, /No such task/);
    given([])
      .when(complete(lawyer))
      .thenThrows(NotFound, /No such task/);
    given([])
      .when(escalate())
      .thenThrows(NotFound, /No such task/);
  });
});

describe('claiming a task', () => {
  it('claims an unclaimed task; claiming it again is a no-op; a taken or done task is a conflict', () => {
    given([created()])
      .when(claim(lawyer))
      .then([claimedBy(lawyer)]);
    given([created(), claimedBy(lawyer)])
      .when(claim(lawyer))
      .thenNothingHappens();
    given([created(), claimedBy(lawyer)])
      .when(claim(otherLawyer))
      .thenThrows(Conflict, /claimed by someone else/);
    given([created(), completedBy(lawyer)])
      .when(claim(otherLawyer))
      .thenThrows(Conflict, /already done/);
  });

  it("lets lawyers work lawyers' tasks, coordinators any, admins none", () => {
    const coordinatorsTask = created({ queue: 'coordinator' });
    given([coordinatorsTask])
      .when(claim(lawyer))
      .thenThrows(Forbidden, /for coordinators/);
    given([coordinatorsTask])
      .when(claim(coordinator))
      .then([claimedBy(coordinator)]);
    given([created()])
      .when(claim(coordinator))
      .then([claimedBy(coordinator)]);
    given([created()])
      .when(claim(admin))
      .thenThrows(Forbidden, /may not work tasks/);
    given([created()]).when(claim(intake)).thenThrows(Forbidden);
  });
});

describe('completing a task', () => {
  it('completes a task claimed by you or by nobody, with the result as plain text (the write path seals it)', () => {
    given([created()])
      .when(complete(lawyer))
      .then([completedBy(lawyer)]);
    given([created(), claimedBy(lawyer)])
      .when(complete(lawyer))
      .then([completedBy(lawyer)]);
  });

  it('is a conflict once done, even for whoever did it (a retry is told by its Idempotency-Key, before the decider)', () => {
    given([created(), completedBy(lawyer)])
      .when(complete(lawyer))
      .thenThrows(Conflict, /already done/);
    given([created(), completedBy(lawyer)])
      .when(complete(lawyer, 'Another result'))
      .thenThrows(Conflict, /already done/);
    given([created(), completedBeforeTheOneWritePath(lawyer)])
      .when(complete(lawyer))
      .thenThrows(Conflict, /already done/);
    given([created(), claimedBy(otherLawyer)])
      .when(complete(lawyer))
      .thenThrows(Conflict, /someone else/);
    given([created(), completedBy(otherLawyer)])
      .when(complete(lawyer))
      .thenThrows(Conflict, /already done/);
  });

  it("keeps the queue's rules: a lawyer may not complete the coordinators' task", () => {
    given([created({ queue: 'coordinator' })])
      .when(complete(lawyer))
      .thenThrows(Forbidden);
    given([created({ queue: 'coordinator' })])
      .when(complete(coordinator))
      .then([completedBy(coordinator)]);
  });
});

describe('escalating a task', () => {
  const escalationId = escalationTaskIdFor(planned.taskId);

  it('decides nothing before the escalation time: not due, asked again then', () => {
    const early = '2024-03-29T05:59:59.999Z';
    given([created()]).when(escalate(early)).thenNothingHappens();
    expect(decideEscalation(foldTask([created(), claimedBy(lawyer)])!, early)).toEqual({
      kind: 'skip',
      reason: 'not_due',
      notBefore: ESCALATION_TIME,
    });
    // Not due comes first: nothing about the task is decided before its time.
    expect(decideEscalation(foldTask([created(), completedBy(lawyer)])!, early)).toMatchObject({
      reason: 'not_due',
    });
    // At the escalation time exactly, it is due.
    expect(decideEscalation(foldTask([created()])!, ESCALATION_TIME)).toMatchObject({ kind: 'escalate' });
  });

  it('does nothing for a task done in time, already escalated, or without an escalation time', () => {
    given([created(), completedBy(lawyer)])
      .when(escalate())
      .thenNothingHappens();
    given([created({ escalateAt: null })])
      .when(escalate())
      .thenNothingHappens();
    const escalated: TaskEvent = {
      type: 'task-escalated',
      data: {
        taskId: planned.taskId,
        escalationTaskId: escalationId,
        escalatedAt: ESCALATION_TIME,
        reason: 'not_done_in_time',
      },
    };
    given([created(), escalated]).when(escalate('2024-03-29T07:00:00.000Z')).thenNothingHappens();
    expect(decideEscalation(foldTask([created(), completedBy(lawyer)])!, ESCALATION_TIME)).toEqual({
      kind: 'skip',
      reason: 'task_done',
    });
  });

  it('records the escalation of an open task, claimed or not, naming the task it hands over', () => {
    const escalated: TaskEvent = {
      type: 'task-escalated',
      data: {
        taskId: planned.taskId,
        escalationTaskId: escalationId,
        escalatedAt: ESCALATION_TIME,
        reason: 'not_done_in_time',
      },
    };
    given([created(), claimedBy(lawyer)])
      .when(escalate())
      .then([escalated]);
    given([created()]).when(escalate()).then([escalated]);
  });

  it('hands an open task to the coordinators as a task of their own, one step more urgent', () => {
    const decision = decideEscalation(foldTask([created(), claimedBy(lawyer)])!, ESCALATION_TIME);
    expect(decision).toEqual({
      kind: 'escalate',
      reason: 'not_done_in_time',
      escalation: expect.objectContaining({
        taskId: escalationId,
        queue: 'coordinator',
        kind: 'escalation',
        priority: 'critical',
        caseId: planned.caseId,
        clientId: planned.clientId,
        escalationOf: planned.taskId,
        dueAt: ESCALATION_TIME,
        escalateAt: null,
      }),
    });
    // The same task always escalates to the same task id: a redone job creates nothing new.
    expect(decideEscalation(foldTask([created()])!, ESCALATION_TIME)).toEqual(decision);
    // The escalation task is created on its own stream, once.
    if (decision.kind !== 'escalate') throw new Error('expected an escalation');
    const handOver: CreateTask = {
      type: 'CreateTask',
      data: { task: decision.escalation, now: ESCALATION_TIME },
    };
    given([])
      .when(handOver)
      .then([{ type: 'task-created', data: { ...decision.escalation, createdAt: ESCALATION_TIME } }]);
  });

  it('calls a missed legal deadline by its name', () => {
    const withDeadline = created({ deadlineId: '88888888-8888-4888-8888-888888888888' });
    expect(decideEscalation(foldTask([withDeadline])!, ESCALATION_TIME)).toMatchObject({
      kind: 'escalate',
      reason: 'deadline_missed',
    });
    given([withDeadline])
      .when(escalate())
      .then([
        {
          type: 'task-escalated',
          data: {
            taskId: planned.taskId,
            escalationTaskId: escalationId,
            escalatedAt: ESCALATION_TIME,
            reason: 'deadline_missed',
          },
        },
      ]);
  });
});

describe('the task policy, as the HTTP layer reads it', () => {
  it('names the roles that work tasks and those that read the queues', () => {
    expect(TASK_WORKERS).toEqual(['lawyer', 'coordinator']);
    expect(TASK_READERS).toEqual(['lawyer', 'coordinator', 'admin']);
  });

  it("shows lawyers the lawyers' queue only; coordinators and admins every queue", () => {
    expect(maySeeQueue('lawyer', 'coordinator')).toBe(false);
    expect(maySeeQueue('lawyer', 'lawyer')).toBe(true);
    expect(maySeeQueue('admin', 'coordinator')).toBe(true);
    expect(queuesShownTo('lawyer', 'coordinator')).toEqual(['lawyer']);
    expect(queuesShownTo('coordinator', 'coordinator')).toEqual(['coordinator']);
    expect(queuesShownTo('admin')).toEqual(['lawyer', 'coordinator']);
    expect(queuesShownTo('intake')).toEqual([]);
  });
});

describe('releasing and assigning a task', () => {
  const release = (actor: Actor): ReleaseTask => ({ type: 'ReleaseTask', data: { actor, now: NOW } });
  const assign = (actor: Actor, userId: string): AssignTask => ({
    type: 'AssignTask',
    data: { actor, userId, now: NOW },
  });
  const released = (userId: string): TaskEvent => ({
    type: 'task-released',
    data: { taskId: planned.taskId, userId, releasedAt: NOW },
  });
  const assigned = (userId: string, previousUserId: string | null = null): TaskEvent => ({
    type: 'task-assigned',
    data: { taskId: planned.taskId, userId, previousUserId, assignedAt: NOW },
  });

  it('lets the holder, a coordinator or an admin release it; nobody else; a task nobody holds records nothing', () => {
    given([created(), claimedBy(lawyer)])
      .when(release(lawyer))
      .then([released(lawyer.userId)]);
    given([created(), claimedBy(lawyer)])
      .when(release(coordinator))
      .then([released(lawyer.userId)]);
    given([created(), claimedBy(lawyer)])
      .when(release(admin))
      .then([released(lawyer.userId)]);
    given([created(), claimedBy(lawyer)])
      .when(release(otherLawyer))
      .thenThrows(Forbidden, /holder/);
    given([created(), claimedBy(lawyer)])
      .when(release(intake))
      .thenThrows(Forbidden);
    given([created()]).when(release(lawyer)).thenNothingHappens();
    given([created(), completedBy(lawyer)])
      .when(release(coordinator))
      .thenThrows(Conflict, /already done/);
  });

  it('is claimed again after a release, by anyone who works the queue', () => {
    given([created(), claimedBy(lawyer), released(lawyer.userId)])
      .when(claim(otherLawyer))
      .then([claimedBy(otherLawyer)]);
  });

  it("hands a lawyers' task to a lawyer, by coordinators and admins only, never a done one", () => {
    given([created()])
      .when(assign(coordinator, lawyer.userId))
      .then([assigned(lawyer.userId)]);
    given([created(), claimedBy(lawyer)])
      .when(assign(admin, otherLawyer.userId))
      .then([assigned(otherLawyer.userId, lawyer.userId)]);
    given([created(), claimedBy(lawyer)])
      .when(assign(coordinator, lawyer.userId))
      .thenNothingHappens();
    given([created()])
      .when(assign(lawyer, otherLawyer.userId))
      .thenThrows(Forbidden, /coordinators and admins/);
    given([created(), completedBy(lawyer)])
      .when(assign(coordinator, otherLawyer.userId))
      .thenThrows(Conflict);
    given([created({ queue: 'coordinator' })])
      .when(assign(coordinator, lawyer.userId))
      .thenThrows(RuleViolation, /lawyers' queue/);
  });

  it('folds who holds it', () => {
    expect(foldTask([created(), claimedBy(lawyer), released(lawyer.userId)])?.assigneeId).toBeNull();
    expect(foldTask([created(), assigned(otherLawyer.userId)])?.assigneeId).toBe(otherLawyer.userId);
  });
});
