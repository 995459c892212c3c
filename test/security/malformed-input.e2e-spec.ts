import { appealBody, bearer, startTestApp, TestApp, TestOrg } from '../support/test-app';

const cursorOf = (parts: unknown) => Buffer.from(JSON.stringify(parts)).toString('base64url');
const UUID = '00000000-0000-4000-8000-000000000000';

/**
 * Malformed input is the client's mistake: 400 naming the field, before it can reach PostgreSQL
 * — whose refusal would be a 500 and whose message quotes the value into the log. Each crafted
 * value carries a canary that must appear in no log line and no answer.
 */
describe('malformed input: 400 naming the field, the value in no log', () => {
  let t: TestApp;
  let org: TestOrg;
  let caseId: string;
  const canaries: string[] = [];
  const canary = (name: string) => {
    const value = `CANARY${name}${canaries.length}`;
    canaries.push(value);
    return value;
  };

  beforeAll(async () => {
    t = await startTestApp();
    org = await t.createOrg();
    const created = await t.http
      .post('/v1/appeals')
      .set(bearer(org.users.intake.token))
      .send(appealBody())
      .expect(201);
    caseId = created.body.caseId;
  });
  afterAll(() => t.close());

  const expectFieldRefused = (res: { status: number; body: any }, field: string, problem?: RegExp) => {
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation_failed');
    expect(res.body.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field, ...(problem ? { problem: expect.stringMatching(problem) } : {}) }),
      ]),
    );
    for (const value of canaries) expect(JSON.stringify(res.body)).not.toContain(value);
  };

  it.each([
    ['an id that is no uuid', () => ['2024-03-01T00:00:00.000Z', canary('uuid')]],
    ['a time that is no time', () => [canary('time'), UUID]],
    ['a year PostgreSQL has but JavaScript prints with a sign', () => ['+275760-09-13T00:00:00.000Z', UUID]],
    ['an object for a time', () => [{ $gt: canary('object') }, UUID]],
    ['three parts for two', () => ['2024-03-01T00:00:00.000Z', UUID, 1]],
  ])('refuses a case-list cursor with %s', async (_what, parts) => {
    const res = await t.http.get(`/v1/cases?cursor=${cursorOf(parts())}`).set(bearer(org.users.lawyer.token));
    expectFieldRefused(res, 'cursor');
  });

  it.each([
    ['a rank beyond smallint', () => [987654321, '2024-03-01T00:00:00.000Z', UUID]],
    ['a rank that is text', () => [canary('rank'), '2024-03-01T00:00:00.000Z', UUID]],
    ['an id that is no uuid', () => [1, '2024-03-01T00:00:00.000Z', canary('task')]],
  ])('refuses a work-queue cursor with %s', async (_what, parts) => {
    const res = await t.http.get(`/v1/tasks?cursor=${cursorOf(parts())}`).set(bearer(org.users.lawyer.token));
    expectFieldRefused(res, 'cursor');
    expect(t.logs()).not.toContain('987654321');
  });

  it('refuses cursors that are no base64url JSON at all, and very long ones', async () => {
    for (const cursor of ['%00', 'not*base64', 'x'.repeat(2000), cursorOf('[[[[')]) {
      const res = await t.http.get(`/v1/cases?cursor=${cursor}`).set(bearer(org.users.lawyer.token));
      expectFieldRefused(res, 'cursor');
    }
  });

  it('refuses a NUL character in a JSON string, naming its path (rules are stored unsealed)', async () => {
    const current = await t.http.get('/v1/follow-up-rules').set(bearer(org.users.admin.token)).expect(200);
    current.body.rules.clocks[0].basis = `${canary('rules')}\u0000`;
    const res = await t.http
      .put('/v1/follow-up-rules')
      .set(bearer(org.users.admin.token))
      .send({ rules: current.body.rules, expectedVersion: current.body.version });
    expectFieldRefused(res, 'rules.clocks.0.basis', /NUL/);
  });

  it('refuses a NUL character in any body string and in field names', async () => {
    const note = await t.http
      .post(`/v1/cases/${caseId}/notes`)
      .set(bearer(org.users.lawyer.token))
      .send({ text: `a note\u0000${canary('note')}` });
    expectFieldRefused(note, 'text', /NUL/);

    const appeal = await t.http
      .post('/v1/appeals')
      .set(bearer(org.users.intake.token))
      .send(appealBody({ client: { fullName: `Rahimov\u0000${canary('name')}`, nationality: 'TJ' } }));
    expectFieldRefused(appeal, 'client.fullName', /NUL/);

    const key = await t.http
      .post(`/v1/cases/${caseId}/notes`)
      .set(bearer(org.users.lawyer.token))
      .set('Content-Type', 'application/json')
      .send('{"te\\u0000xt": "a note"}');
    expectFieldRefused(key, 'body', /field name/);
  });

  it('refuses a NUL character in the query string, naming the parameter', async () => {
    const res = await t.http
      .get(`/v1/reports/load?tz=Europe/Moscow%00${canary('tz')}`)
      .set(bearer(org.users.coordinator.token));
    expectFieldRefused(res, 'tz', /NUL/);
    const list = await t.http.get('/v1/cases?status=open%00').set(bearer(org.users.lawyer.token));
    expectFieldRefused(list, 'status', /NUL/);
  });

  it.each([
    ['from=9999-12-01&to=9999-12-31', ['from', 'to']],
    ['to=9999-12-31', ['to']],
    ['from=1000-01-01&to=1000-01-02', ['from', 'to']],
    ['from=2300-01-01T00:00:00Z&to=2300-01-02T00:00:00Z', ['from', 'to']],
  ])('refuses report dates outside 1900–2200 (%s), JSON and CSV', async (query, fields) => {
    for (const accept of ['application/json', 'text/csv']) {
      for (const report of ['load', 'backlog']) {
        const res = await t.http
          .get(`/v1/reports/${report}?${query}`)
          .set(bearer(org.users.coordinator.token))
          .set('Accept', accept);
        expect(res.status).toBe(400);
        expect(res.body.details).toEqual(
          fields.map((field) => ({ field, problem: 'must be between the years 1900 and 2200' })),
        );
      }
    }
  });

  it('refuses appeal and deadline dates outside 1900–2200, naming each field', async () => {
    const appeal = await t.http
      .post('/v1/appeals')
      .set(bearer(org.users.intake.token))
      .send(
        appealBody({
          receivedAt: '9999-12-31T23:00:00+00:00',
          client: { fullName: 'Rahimov Farrukh', nationality: 'TJ', dateOfBirth: '1850-01-01' },
          incident: { occurredAt: '0001-01-01T00:00:00+03:00', description: 'Detained' },
        }),
      );
    expect(appeal.status).toBe(400);
    expect(appeal.body.details).toEqual(
      expect.arrayContaining([
        {
          field: 'receivedAt',
          problem: 'must be between the years 1900 and 2200',
          constraint: 'isTimeWithOffset',
        },
        {
          field: 'client.dateOfBirth',
          problem: 'must be between the years 1900 and 2200',
          constraint: 'isCalendarDate',
        },
        {
          field: 'incident.occurredAt',
          problem: 'must be between the years 1900 and 2200',
          constraint: 'isTimeWithOffset',
        },
      ]),
    );

    const deadline = await t.http
      .post(`/v1/cases/${caseId}/deadlines`)
      .set(bearer(org.users.admin.token))
      .send({ kind: 'appeal', dueAt: '2201-01-01T00:00:00Z', expectedVersion: 1 });
    expectFieldRefused(deadline, 'dueAt', /between the years 1900 and 2200/);
  });

  it('left none of the crafted values in the logs', () => {
    expect(canaries.length).toBeGreaterThan(5);
    const logs = t.logs();
    expect(canaries.filter((value) => logs.includes(value))).toEqual([]);
    expect(logs).not.toContain('987654321');
  });
});
