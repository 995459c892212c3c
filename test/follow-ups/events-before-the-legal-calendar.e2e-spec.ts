import { randomUUID } from 'node:crypto';
import { runCommand } from '../../apps/cli/src/commands';
import { EventStore } from '@huquq/event-store';
import { openTasksForCase, ruleDeadlinesForCase } from '@huquq/follow-ups';
import { appealBody, bearer, startTestApp, TestApp, TestOrg } from '../support/test-app';

/**
 * Deadlines and tasks stored before the legal calendar (no zone, last day, confidence or last
 * check) still read, project and rebuild: as not exact, with nulls where nothing was said.
 */
describe('follow-up events written before the legal calendar', () => {
  let t: TestApp;
  let org: TestOrg;
  beforeAll(async () => {
    t = await startTestApp({ WORKER_EMBEDDED: 'false' });
    org = await t.createOrg();
  });
  afterAll(() => t.close());

  it('a deadline and a task of the old shape are shown as not exact, without a zone or last check', async () => {
    const logged = await t.http
      .post('/v1/appeals')
      .set(bearer(org.users.intake.token))
      .send(appealBody({ appealType: 'other' }))
      .expect(201);
    const { caseId, clientId } = logged.body;
    const taskId = randomUUID();
    const deadlineId = randomUUID();
    const store = new EventStore(t.db);
    // The shapes as the code before this change wrote them (KoAP 30.3 counted as 240 hours in UTC).
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
            kind: 'appeal_against_ruling',
            dueAt: '2024-04-07T15:00:00.000Z',
            basis: 'KoAP RF art. 30.3: appeal within 10 days of receiving the copy of the ruling',
            confidence: 'confirmed',
            clock: 'appeal-against-ruling',
            ruleId: 'removal-order-appeal',
            taskId,
            reminders: [{ before: 'P1D', at: '2024-04-06T15:00:00.000Z' }],
            setAt: '2024-03-28T15:00:01.000Z',
          },
        },
      ],
      { orgId: org.id },
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
            title: 'Draft and file the appeal against the ruling',
            queue: 'lawyer',
            priority: 'critical',
            dueAt: '2024-04-07T15:00:00.000Z',
            escalateAt: '2024-04-07T15:00:00.000Z',
            basis: 'KoAP RF art. 30.3',
            ruleId: 'removal-order-appeal',
            deadlineId,
            escalationOf: null,
            createdAt: '2024-03-28T15:00:01.000Z',
          },
        },
      ],
      { orgId: org.id },
    );
    await runCommand(t.config, ['projections:rebuild']);

    expect(await ruleDeadlinesForCase(t.db, org.id, caseId)).toEqual([
      expect.objectContaining({
        deadlineId,
        dueAt: '2024-04-07T15:00:00.000Z',
        confidence: 'confirmed',
        lastChecked: null,
        lastDay: null,
        movedFrom: null,
        timeZone: null,
        exact: false,
        custodyId: null,
      }),
    ]);
    expect(await openTasksForCase(t.db, org.id, caseId)).toEqual([
      expect.objectContaining({ id: taskId, confidence: null, lastChecked: null }),
    ]);
    const view = await t.http.get(`/v1/cases/${caseId}`).set(bearer(org.users.lawyer.token)).expect(200);
    expect(view.body.deadlines).toEqual([
      expect.objectContaining({ deadlineId, exact: false, lastChecked: null }),
    ]);
    expect(view.body.custody).toBeNull();
    expect(view.body.hearings).toEqual([]);
  });
});
