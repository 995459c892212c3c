import { appealBody, bearer, startTestApp, TestApp, TestOrg } from '../support/test-app';

/**
 * One name for the assigned lawyer: `assigneeId`, in the assignment as in the case view.
 * `lawyerId`, the assignment's former name, still works in API version 1 (decision 0051).
 */
describe('POST /v1/cases/:id/assignment names the lawyer as the case view does', () => {
  let t: TestApp;
  let org: TestOrg;

  beforeAll(async () => {
    t = await startTestApp();
    org = await t.createOrg();
  });
  afterAll(() => t.close());

  const coordinator = () => bearer(org.users.coordinator.token);
  const newCase = async (): Promise<string> =>
    (await t.http.post('/v1/appeals').set(bearer(org.users.intake.token)).send(appealBody()).expect(201)).body
      .caseId;
  const assign = (id: string, body: object) =>
    t.http.post(`/v1/cases/${id}/assignment`).set(coordinator()).send(body);

  it('takes assigneeId, and the view shows the same assigneeId', async () => {
    const id = await newCase();
    await assign(id, { assigneeId: org.users.lawyer.id, expectedVersion: 1 }).expect(200);
    const view = await t.http.get(`/v1/cases/${id}`).set(coordinator()).expect(200);
    expect(view.body.assigneeId).toBe(org.users.lawyer.id);
  });

  it('still takes lawyerId, its former name, and both when they agree', async () => {
    const id = await newCase();
    await assign(id, { lawyerId: org.users.lawyer.id, expectedVersion: 1 }).expect(200);
    const other = await newCase();
    await assign(other, {
      assigneeId: org.users.lawyer.id,
      lawyerId: org.users.lawyer.id,
      expectedVersion: 1,
    }).expect(200);
    const view = await t.http.get(`/v1/cases/${id}`).set(coordinator()).expect(200);
    expect(view.body.assigneeId).toBe(org.users.lawyer.id);
  });

  it('refuses both when they disagree, and neither, in sentences', async () => {
    const id = await newCase();
    const both = await assign(id, { assigneeId: org.users.lawyer.id, lawyerId: org.users.admin.id }).expect(
      400,
    );
    expect(both.body.details).toEqual([
      { field: 'lawyerId', problem: 'must be the same as assigneeId (it is its former name)' },
    ]);
    const neither = await assign(id, { expectedVersion: 1 }).expect(400);
    expect(neither.body).toMatchObject({
      error: 'validation_failed',
      message:
        'The request has invalid fields: assigneeId must be the id of a lawyer of your organization (a UUID).',
      details: [{ field: 'assigneeId', problem: 'must be the id of a lawyer of your organization (a UUID)' }],
    });
    const notALawyer = await assign(id, { assigneeId: org.users.intake.id, expectedVersion: 1 }).expect(422);
    expect(notALawyer.body.message).toBe('assigneeId does not name a lawyer of your organization');
  });
});
