import { appealBody, bearer, startTestApp, TestApp, TestOrg } from '../support/test-app';
import { addUser, closeAndForgetQueue, taskOfCase } from './support/follow-ups';

/**
 * Working the queue: a task says which case it is for; a claim gives the lawyer an unassigned
 * case; tasks are released and handed out; a done task is done once.
 */
describe('tasks carry their case, and change hands', () => {
  let t: TestApp;
  let org: TestOrg;
  const as = (role: keyof TestOrg['users'], o: TestOrg = org) => bearer(o.users[role].token);

  beforeAll(async () => {
    t = await startTestApp();
    org = await t.createOrg();
  });
  afterAll(() => closeAndForgetQueue(t));

  async function caseWithTask(overrides: Record<string, unknown> = {}) {
    const logged = await t.http.post('/v1/appeals').set(as('intake')).send(appealBody(overrides)).expect(201);
    const task = await taskOfCase(t, logged.body.caseId, 'contact_detainee');
    return {
      caseId: logged.body.caseId as string,
      caseNumber: logged.body.caseNumber as string,
      taskId: task.task_id,
    };
  }

  it("shows each task's case number, appeal type, urgency and status, as the case is now", async () => {
    const { caseId, caseNumber, taskId } = await caseWithTask({ urgency: 'high' });
    const item = async () =>
      (await t.http.get('/v1/tasks?assignee=none&status=open').set(as('lawyer')).expect(200)).body.items.find(
        (i: { id: string }) => i.id === taskId,
      );
    expect(await item()).toMatchObject({
      caseId,
      caseNumber,
      appealType: 'detention',
      urgency: 'high',
      caseStatus: 'new',
      dueAt: expect.any(String),
      basis: expect.stringContaining('27.5'),
    });
    await t.http
      .post(`/v1/cases/${caseId}/status`)
      .set(as('coordinator'))
      .send({ status: 'triaged', expectedVersion: 1 })
      .expect(200);
    expect((await item()).caseStatus).toBe('triaged');
    const one = await t.http.get(`/v1/tasks/${taskId}`).set(as('coordinator')).expect(200);
    expect(one.body).toMatchObject({ caseNumber, caseStatus: 'triaged' });
  });

  it('gives a lawyer who claims a task of an unassigned case that case, visibly, so they can work it', async () => {
    const { caseId, taskId } = await caseWithTask();
    // Before the claim the case is not theirs.
    await t.http
      .post(`/v1/cases/${caseId}/status`)
      .set(as('lawyer'))
      .send({ status: 'triaged', expectedVersion: 1 })
      .expect(403);
    await t.http.post(`/v1/tasks/${taskId}/claim`).set(as('lawyer')).expect(200);
    const view = await t.http.get(`/v1/cases/${caseId}`).set(as('lawyer')).expect(200);
    expect(view.body).toMatchObject({ assigneeId: org.users.lawyer.id, version: 2 });
    const history = await t.http.get(`/v1/cases/${caseId}/history`).set(as('lawyer')).expect(200);
    expect(history.body.events.at(-1)).toMatchObject({
      type: 'case-assigned',
      actorId: org.users.lawyer.id,
      data: { lawyerId: org.users.lawyer.id, previousLawyerId: null, taskId },
    });
    await t.http
      .post(`/v1/cases/${caseId}/status`)
      .set(as('lawyer'))
      .send({ status: 'triaged', expectedVersion: 2 })
      .expect(200);
  });

  it('leaves a case that someone has with them when another lawyer claims one of its tasks', async () => {
    const other = await addUser(t, org, 'lawyer');
    const { caseId, taskId } = await caseWithTask();
    await t.http
      .post(`/v1/cases/${caseId}/assignment`)
      .set(as('coordinator'))
      .send({ lawyerId: org.users.lawyer.id, expectedVersion: 1 })
      .expect(200);
    await t.http.post(`/v1/tasks/${taskId}/claim`).set(bearer(other.token)).expect(200);
    const view = await t.http.get(`/v1/cases/${caseId}`).set(as('lawyer')).expect(200);
    expect(view.body).toMatchObject({ assigneeId: org.users.lawyer.id, version: 2 });
  });

  it('releases a task (its holder, or a coordinator) and hands it to an active lawyer (coordinators and admins)', async () => {
    const second = await addUser(t, org, 'lawyer');
    const { taskId } = await caseWithTask();
    const release = (token: string) => t.http.post(`/v1/tasks/${taskId}/release`).set(bearer(token));
    const assign = (token: string, userId: string) =>
      t.http.post(`/v1/tasks/${taskId}/assign`).set(bearer(token)).send({ userId });

    await t.http.post(`/v1/tasks/${taskId}/claim`).set(as('lawyer')).expect(200);
    await release(second.token).expect(403);
    const released = await release(org.users.lawyer.token).expect(200);
    expect(released.body).toMatchObject({ id: taskId, assigneeId: null, status: 'open' });
    await release(org.users.lawyer.token).expect(200);
    // Claimed again by the same lawyer, then taken off them by a coordinator.
    await t.http.post(`/v1/tasks/${taskId}/claim`).set(as('lawyer')).expect(200);
    await release(org.users.coordinator.token).expect(200);

    await assign(org.users.lawyer.token, second.id).expect(403);
    await assign(org.users.intake.token, second.id).expect(403);
    await assign(org.users.coordinator.token, org.users.intake.id).expect(422);
    const other = await t.createOrg();
    await assign(org.users.coordinator.token, other.users.lawyer.id).expect(422);
    await t.http
      .post(`/v1/tasks/${taskId}/assign`)
      .set(as('coordinator', other))
      .send({ userId: other.users.lawyer.id })
      .expect(404);
    await t.http.post(`/v1/tasks/${taskId}/release`).set(as('coordinator', other)).expect(404);
    const assigned = await assign(org.users.admin.token, second.id).expect(200);
    expect(assigned.body).toMatchObject({ id: taskId, assigneeId: second.id });
    // The first lawyer can no longer complete it; the one it was given to can.
    await t.http.post(`/v1/tasks/${taskId}/complete`).set(as('lawyer')).send({ result: 'x' }).expect(409);
    await t.http
      .post(`/v1/tasks/${taskId}/complete`)
      .set(bearer(second.token))
      .send({ result: 'Done' })
      .expect(200);
    await release(org.users.coordinator.token).expect(409);
    await assign(org.users.coordinator.token, org.users.lawyer.id).expect(409);

    const { rows } = await t.db.query(
      `SELECT type, metadata->>'actorId' AS actor FROM events WHERE stream_id = $1 ORDER BY stream_version`,
      [`task-${taskId}`],
    );
    expect(rows).toEqual([
      { type: 'task-created', actor: null },
      { type: 'task-claimed', actor: org.users.lawyer.id },
      { type: 'task-released', actor: org.users.lawyer.id },
      { type: 'task-claimed', actor: org.users.lawyer.id },
      { type: 'task-released', actor: org.users.coordinator.id },
      { type: 'task-assigned', actor: org.users.admin.id },
      { type: 'task-completed', actor: second.id },
    ]);
  });
});
