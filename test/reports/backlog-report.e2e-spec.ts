import { appealBody, bearer, startTestApp, TestApp, TestOrg } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { noFollowUpRulesFile, writeMarch2024 } from './support/march-2024';
import { reportsCaughtUp } from './support/reports-caught-up';

const zero = { critical: 0, high: 0, normal: 0, low: 0 };

describe('backlog report over a known history', () => {
  let t: TestApp;
  let org: TestOrg;
  let other: TestOrg;
  let scenario: Awaited<ReturnType<typeof writeMarch2024>>;

  beforeAll(async () => {
    t = await startTestApp({ FOLLOW_UP_RULES_FILE: noFollowUpRulesFile() });
    org = await t.createOrg();
    other = await t.createOrg();
    scenario = await writeMarch2024(t.db, org.id, org.users.lawyer.id);
    await writeMarch2024(t.db, other.id, other.users.lawyer.id);
    await reportsCaughtUp(t);
  });
  afterAll(() => t.close());

  /** An admin names a user (PATCH /v1/users/:id): staff data the reports show beside the id. */
  const nameUser = (userId: string, displayName: string) =>
    t.http.patch(`/v1/users/${userId}`).set(bearer(org.users.admin.token)).send({ displayName }).expect(200);

  it('counts open cases by age and urgency, overdue deadlines and tasks, caseload, and medians', async () => {
    await nameUser(org.users.lawyer.id, 'Нигора Юсупова');
    const res = await t.http
      .get('/v1/reports/backlog?from=2024-02-01&to=2024-03-31')
      .set(bearer(org.users.coordinator.token))
      .expect(200);
    const { c4, c7 } = scenario.cases;
    const lawyers = [
      { lawyerId: org.users.lawyer.id, lawyerName: 'Нигора Юсупова', open: 1, ...zero, normal: 1 },
      // Assigned in the history, but no user of that id: no name to show.
      { lawyerId: scenario.secondLawyerId, lawyerName: null, open: 1, ...zero, low: 1 },
    ].sort((a, b) => a.lawyerId.localeCompare(b.lawyerId));

    expect(res.body).toEqual({
      asOf: expect.any(String),
      period: { from: '2024-02-01T00:00:00.000Z', to: '2024-04-01T00:00:00.000Z', timeZone: 'UTC' },
      // Open: c2, c6, c7, c8 (normal) and c4 (low), all logged in 2024.
      open: {
        total: 5,
        byUrgency: { ...zero, normal: 4, low: 1 },
        byAge: [
          { age: '0-1d', total: 0, ...zero },
          { age: '1-3d', total: 0, ...zero },
          { age: '3-7d', total: 0, ...zero },
          { age: '7-30d', total: 0, ...zero },
          { age: '30-90d', total: 0, ...zero },
          { age: '90d+', total: 5, ...zero, normal: 4, low: 1 },
        ],
      },
      overdue: {
        deadlines: {
          // c4's legal deadline (its task not done) and c7's own deadline of 2024-04-01; c1's
          // own deadline passed too, but c1 is closed.
          total: 2,
          legal: 1,
          case: 1,
          oldest: [
            {
              caseId: c4.caseId,
              caseNumber: '2024-900004',
              source: 'legal',
              kind: 'appeal',
              dueAt: '2024-03-20T00:00:00.000Z',
              assigneeId: scenario.secondLawyerId,
              assigneeName: null,
            },
            {
              caseId: c7.caseId,
              caseNumber: '2024-900007',
              source: 'case',
              kind: null,
              dueAt: '2024-04-01T00:00:00.000Z',
              assigneeId: null,
              assigneeName: null,
            },
          ],
        },
        // c2's and c4's tasks, and c4's escalation; c1's task is overdue but its case is closed.
        tasks: { total: 3, lawyer: 2, coordinator: 1, byPriority: { ...zero, normal: 2, low: 1 } },
      },
      caseload: { unassigned: 3, lawyers },
      // Logged Feb–Mar: c1, c2, c3, c4, c5, c7, c8. Contact: c3 after 30 min, c8 after 2 h.
      timeToFirstContact: { medianSeconds: 4500, measured: 2, waiting: 5 },
      // A lawyer's first event: c7 10 min, c8 1.5 h (claimed), c2 9.5 h, c1 47.5 h.
      timeToFirstLawyerAction: { medianSeconds: 19800, measured: 4, waiting: 3 },
    });

    // Renamed, the lawyer shows under the new name at once: names are read, never copied.
    await nameUser(org.users.lawyer.id, 'Нигора Каримова');
    const renamed = await t.http
      .get('/v1/reports/backlog')
      .set(bearer(org.users.coordinator.token))
      .expect(200);
    expect(renamed.body.caseload.lawyers).toContainEqual(
      expect.objectContaining({ lawyerId: org.users.lawyer.id, lawyerName: 'Нигора Каримова' }),
    );
    const csv = await t.http
      .get('/v1/reports/backlog')
      .set(bearer(org.users.coordinator.token))
      .set('Accept', 'text/csv')
      .expect(200);
    expect(csv.text).toContain(`caseload,${org.users.lawyer.id},name,Нигора Каримова\r\n`);
  });

  it('moves cases between age buckets, and closes their deadlines and tasks with them', async () => {
    const logged = await t.http
      .post('/v1/appeals')
      .set(bearer(org.users.intake.token))
      .send(appealBody({ urgency: 'high' }))
      .expect(201);
    await reportsCaughtUp(t); // reports are asynchronous: wait for them, bounded
    let res = await t.http.get('/v1/reports/backlog').set(bearer(org.users.admin.token)).expect(200);
    expect(res.body.open.byAge[0]).toEqual({ age: '0-1d', total: 1, ...zero, high: 1 });
    expect(res.body.open.total).toBe(6);
    expect(res.body.period.timeZone).toBe('UTC');

    // Closing c4 takes its overdue deadline, task and escalation out of the backlog.
    const c4 = scenario.cases.c4;
    await t.http
      .post(`/v1/cases/${c4.caseId}/close`)
      .set(bearer(org.users.coordinator.token))
      .send({ outcome: 'withdrawn', expectedVersion: c4.events.length })
      .expect(200);
    await reportsCaughtUp(t); // reports are asynchronous: wait for them, bounded
    res = await t.http.get('/v1/reports/backlog').set(bearer(org.users.coordinator.token)).expect(200);
    expect(res.body.overdue.deadlines).toMatchObject({ total: 1, legal: 0, case: 1 });
    expect(res.body.overdue.tasks).toMatchObject({ total: 1, lawyer: 1, coordinator: 0 });
    expect(res.body.caseload.lawyers).toEqual([
      { lawyerId: org.users.lawyer.id, lawyerName: 'Нигора Каримова', open: 1, ...zero, normal: 1 },
    ]);

    await t.http
      .post(`/v1/cases/${c4.caseId}/reopen`)
      .set(bearer(org.users.coordinator.token))
      .send({ reason: 'new ruling', expectedVersion: c4.events.length + 1 })
      .expect(200);
    await reportsCaughtUp(t); // reports are asynchronous: wait for them, bounded
    res = await t.http.get('/v1/reports/backlog').set(bearer(org.users.coordinator.token)).expect(200);
    expect(res.body.overdue.deadlines).toMatchObject({ total: 2, legal: 1, case: 1 });
    expect(res.body.overdue.tasks).toMatchObject({ total: 3, lawyer: 2, coordinator: 1 });
    expect(logged.body.caseId).toEqual(expect.any(String));
  });

  it('keeps its open-case counters equal to the open cases themselves', async () => {
    const counted = await t.db.query(
      `SELECT org_id, grouping, key, urgency, open FROM report_open_counts WHERE open <> 0
       ORDER BY org_id, grouping, key, urgency`,
    );
    const recounted = await t.db.query(
      `SELECT org_id, grouping, key, urgency, count(*)::int AS open FROM (
         SELECT org_id, 'logged_day' AS grouping, to_char(logged_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS key, urgency
         FROM report_case_facts WHERE closed_at IS NULL
         UNION ALL
         SELECT org_id, 'assignee', coalesce(assignee_id::text, ''), urgency FROM report_case_facts WHERE closed_at IS NULL
       ) open_cases GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    );
    expect(counted.rows.length).toBeGreaterThan(0);
    expect(counted.rows).toEqual(recounted.rows);
  });
});

describe('backlog report with the real follow-up rules', () => {
  let t: TestApp;
  let org: TestOrg;

  beforeAll(async () => {
    t = await startTestApp();
    org = await t.createOrg();
  });
  afterAll(() => t.close());

  it('measures first contact from a completed follow-up task and first lawyer action from a lawyer’s command', async () => {
    const as = (role: keyof TestOrg['users']) => bearer(org.users[role].token);
    const { body } = await t.http.post('/v1/appeals').set(as('intake')).send(appealBody()).expect(201);
    const task = await waitFor(
      async () => {
        const res = await t.http.get('/v1/tasks?assignee=none&status=open').set(as('lawyer')).expect(200);
        return res.body.items.find((item: { caseId: string }) => item.caseId === body.caseId);
      },
      { what: 'the detention follow-up task' },
    );
    await reportsCaughtUp(t); // reports are asynchronous: wait for them, bounded
    let backlog = await t.http.get('/v1/reports/backlog').set(as('coordinator')).expect(200);
    expect(backlog.body.timeToFirstContact).toEqual({ medianSeconds: null, measured: 0, waiting: 1 });
    expect(backlog.body.timeToFirstLawyerAction).toEqual({ medianSeconds: null, measured: 0, waiting: 1 });

    await t.http.post(`/v1/tasks/${task.id}/claim`).set(as('lawyer')).expect(200);
    await t.http
      .post(`/v1/tasks/${task.id}/complete`)
      .set(as('lawyer'))
      .send({ result: 'Reached the brother' })
      .expect(200);
    // Claiming the task gave the lawyer the unassigned case (version 2): they work it at once.
    await t.http
      .post(`/v1/cases/${body.caseId}/status`)
      .set(as('lawyer'))
      .send({ status: 'triaged', expectedVersion: 2 })
      .expect(200);

    await reportsCaughtUp(t);
    backlog = await t.http.get('/v1/reports/backlog').set(as('coordinator')).expect(200);
    expect(backlog.body.timeToFirstContact).toEqual({
      medianSeconds: expect.any(Number),
      measured: 1,
      waiting: 0,
    });
    expect(backlog.body.timeToFirstLawyerAction).toEqual({
      medianSeconds: expect.any(Number),
      measured: 1,
      waiting: 0,
    });
    expect(backlog.body.timeToFirstContact.medianSeconds).toBeGreaterThanOrEqual(0);
    expect(backlog.body.caseload.lawyers).toEqual([
      { lawyerId: org.users.lawyer.id, lawyerName: null, open: 1, ...zero, critical: 1 },
    ]);
    expect(backlog.body.overdue.tasks.total).toBe(0);
  });
});
