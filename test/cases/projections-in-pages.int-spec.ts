import { randomUUID } from 'node:crypto';
import { EventStore, Projection, ProjectionRunner, StoredEvent } from '@huquq/event-store';
import { CaseViewProjection } from '@huquq/cases/case-views/case-view.projection';
import { WorkQueueProjection } from '@huquq/follow-ups/work-queue/work-queue.projection';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/**
 * The case views and the work queues apply a page of events at once (folded in memory, written
 * in a few multi-row statements). Whatever the page size, the rows must be what applying the
 * events one by one gives, and applying a page again must change nothing.
 */
describe('projections applied a page at a time', () => {
  let test: TestDatabase;
  let store: EventStore;
  const orgId = randomUUID();
  const caseId = randomUUID();
  const clientId = randomUUID();
  const taskId = randomUUID();
  const deadlineId = randomUUID();
  const lawyerId = randomUUID();
  const projections = (): Projection[] => [new CaseViewProjection(), new WorkQueueProjection()];

  beforeAll(async () => {
    test = await createTestDatabase();
    store = new EventStore(test.db);
    const at = (hours: number) => new Date(Date.UTC(2024, 2, 29, 10 + hours)).toISOString();
    await store.append(
      `case-${caseId}`,
      0,
      [
        {
          type: 'appeal-logged',
          data: {
            caseId,
            caseNumber: '2024-000001',
            clientId,
            appealType: 'expulsion_order',
            channel: 'hotline',
            urgency: 'high',
            receivedAt: '2024-03-29T10:05:00+03:00',
            nationality: 'TJ',
            language: 'tg',
            incident: {
              occurredAt: null,
              region: 'Moscow',
              city: null,
              location: null,
              description: 'pd1.x',
            },
            decisionReceivedAt: '2024-03-28T12:00:00+03:00',
            incidentId: null,
            possibleDuplicates: [],
            loggedAt: at(0),
          },
        },
        { type: 'case-assigned', data: { lawyerId, previousLawyerId: null } },
        { type: 'case-status-changed', data: { from: 'new', to: 'triaged', reason: null } },
        {
          type: 'deadline-set',
          data: { deadlineId: randomUUID(), kind: 'hearing', dueAt: at(48), basis: null },
        },
        { type: 'case-closed', data: { outcome: 'released', from: 'triaged' } },
        { type: 'case-reopened', data: { reason: 'new decision' } },
        { type: 'case-status-changed', data: { from: 'in_progress', to: 'awaiting_decision', reason: null } },
      ],
      { orgId },
    );
    await store.append(
      `legal-deadline-${deadlineId}`,
      0,
      [
        {
          type: 'legal-deadline-set',
          data: {
            deadlineId,
            caseId,
            clientId,
            kind: 'appeal_filing',
            dueAt: at(240),
            basis: 'KoAP RF art. 30.3',
            confidence: 'confirmed',
            clock: 'koap-30.3',
            ruleId: 'expulsion-appeal',
            taskId,
            reminders: [],
            setAt: at(0),
          },
        },
      ],
      { orgId },
    );
    await store.append(
      `task-${taskId}`,
      0,
      [
        {
          type: 'task-created',
          data: {
            taskId,
            caseId,
            incidentId: null,
            clientId,
            kind: 'file_appeal',
            title: 'Draft and file the appeal',
            queue: 'lawyer',
            priority: 'high',
            dueAt: at(240),
            escalateAt: at(241),
            basis: 'KoAP RF art. 30.3',
            ruleId: 'expulsion-appeal',
            deadlineId,
            escalationOf: null,
            createdAt: at(0),
          },
        },
        { type: 'task-claimed', data: { taskId, userId: lawyerId, claimedAt: at(1) } },
      ],
      { orgId },
    );
    await store.append(
      `legal-deadline-${deadlineId}`,
      1,
      [
        {
          type: 'deadline-reminder-due',
          data: { deadlineId, taskId, before: 'P5D', remindAt: at(120), dueAt: at(240), remindedAt: at(120) },
        },
      ],
      { orgId },
    );
    await store.append(
      `task-${taskId}`,
      2,
      [
        {
          type: 'task-completed',
          data: {
            taskId,
            userId: lawyerId,
            completedAt: at(130),
            result: 'pd1.y',
            resultField: 'task.result',
          },
        },
      ],
      { orgId },
    );
  });

  afterAll(async () => {
    await test.drop();
  });

  async function rows() {
    const views = await test.db.query('SELECT * FROM case_views ORDER BY case_id');
    const tasks = await test.db.query('SELECT * FROM follow_up_tasks ORDER BY task_id');
    const deadlines = await test.db.query('SELECT * FROM follow_up_deadlines ORDER BY deadline_id');
    return { views: views.rows, tasks: tasks.rows, deadlines: deadlines.rows };
  }

  it('gives the same rows one event at a time, in one page, and a page applied twice', async () => {
    const oneByOne = new ProjectionRunner(test.db, store, null, projections(), { batchSize: 1 });
    await oneByOne.catchUp();
    const expected = await rows();
    expect(expected.views).toHaveLength(1);
    expect(expected.views[0]).toMatchObject({
      status: 'awaiting_decision',
      assignee_id: lawyerId,
      closed_at: null,
      outcome: null,
      version: 7,
    });
    expect(expected.views[0].deadlines).toHaveLength(1);
    expect(expected.tasks[0]).toMatchObject({
      status: 'done',
      assignee_id: lawyerId,
      reminders_sent: 1,
      version: 3,
    });
    expect(expected.deadlines[0]).toMatchObject({ status: 'met', reminders_sent: 1, version: 2 });

    // A rebuild applies the whole log as one page to both.
    await new ProjectionRunner(test.db, store, null, projections()).rebuild();
    expect(await rows()).toEqual(expected);

    // The same page again (a crash after apply, before the checkpoint): nothing changes twice.
    const events: StoredEvent[] = await store.readAll({ transactionId: '0', globalPosition: 0 }, 1000);
    await test.db.transaction(async (tx) => {
      for (const projection of projections()) {
        await projection.apply(
          tx,
          events.filter((event) => projection.eventTypes.includes(event.type)),
        );
      }
    });
    expect(await rows()).toEqual(expected);
  });
});
