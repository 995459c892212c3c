import { appealBody, bearer, RoleName, startTestApp, TestApp, TestOrg } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { reportsCaughtUp } from '../reports/support/reports-caught-up';

/**
 * Lawyers by display name wherever people read them: beside `assigneeId` in the case view and
 * the case list, in the work queue's task items, and in the backlog report's caseload. Names
 * are staff data read from the users table when the answer is made, so a rename shows at once.
 */
describe('lawyers by display name', () => {
  let t: TestApp;
  let org: TestOrg;
  const as = (role: RoleName) => bearer(org.users[role].token);
  const nameLawyer = (displayName: string) =>
    t.http.patch(`/v1/users/${org.users.lawyer.id}`).set(as('admin')).send({ displayName }).expect(200);

  beforeAll(async () => {
    t = await startTestApp();
    org = await t.createOrg();
    await nameLawyer('Нигора Юсупова');
  });
  afterAll(() => t.close());

  it('shows the assignee’s name in the case view, the list, the queue and the backlog, and a rename at once', async () => {
    const logged = await t.http.post('/v1/appeals').set(as('intake')).send(appealBody()).expect(201);
    const { caseId, caseNumber } = logged.body as { caseId: string; caseNumber: string };

    // Unassigned: no name either.
    const before = await t.http.get(`/v1/cases/${caseId}`).set(as('coordinator')).expect(200);
    expect(before.body).toMatchObject({ assigneeId: null, assigneeName: null });

    // The detention's follow-up task, unclaimed: nobody's name on it.
    const task = await waitFor(
      async () => {
        const res = await t.http.get('/v1/tasks?assignee=none&status=open').set(as('lawyer')).expect(200);
        return res.body.items.find((item: { caseId: string }) => item.caseId === caseId);
      },
      { what: 'the detention follow-up task' },
    );
    expect(task).toMatchObject({ assigneeId: null, assigneeName: null });

    await t.http
      .post(`/v1/cases/${caseId}/assignment`)
      .set(as('coordinator'))
      .send({ assigneeId: org.users.lawyer.id, expectedVersion: before.body.version })
      .expect(200);
    await t.http.post(`/v1/tasks/${task.id}/claim`).set(as('lawyer')).expect(200);

    const named = { assigneeId: org.users.lawyer.id, assigneeName: 'Нигора Юсупова' };
    const view = await t.http.get(`/v1/cases/${caseId}`).set(as('coordinator')).expect(200);
    expect(view.body).toMatchObject(named);
    const list = await t.http.get(`/v1/cases?caseNumber=${caseNumber}`).set(as('coordinator')).expect(200);
    expect(list.body.items).toEqual([expect.objectContaining(named)]);
    const mine = await t.http.get('/v1/tasks?assignee=me').set(as('lawyer')).expect(200);
    expect(mine.body.items).toEqual([expect.objectContaining({ id: task.id, ...named })]);
    const one = await t.http.get(`/v1/tasks/${task.id}`).set(as('coordinator')).expect(200);
    expect(one.body).toMatchObject(named);
    await reportsCaughtUp(t);
    const backlog = await t.http.get('/v1/reports/backlog').set(as('coordinator')).expect(200);
    expect(backlog.body.caseload.lawyers).toEqual([
      expect.objectContaining({ lawyerId: org.users.lawyer.id, lawyerName: 'Нигора Юсупова', open: 1 }),
    ]);

    // Renamed: every place shows the new name, with nothing replayed or rewritten.
    await nameLawyer('Нигора Каримова');
    const renamed = { assigneeId: org.users.lawyer.id, assigneeName: 'Нигора Каримова' };
    expect((await t.http.get(`/v1/cases/${caseId}`).set(as('lawyer')).expect(200)).body).toMatchObject(
      renamed,
    );
    expect((await t.http.get('/v1/tasks?assignee=me').set(as('lawyer')).expect(200)).body.items).toEqual([
      expect.objectContaining(renamed),
    ]);
    expect(
      (await t.http.get('/v1/reports/backlog').set(as('coordinator')).expect(200)).body.caseload.lawyers,
    ).toEqual([expect.objectContaining({ lawyerName: 'Нигора Каримова' })]);
    // The name is the user's, never the log's.
    const { rows } = await t.db.query(`SELECT 1 FROM events WHERE data::text LIKE '%Нигора%'`);
    expect(rows).toEqual([]);
  });
});
