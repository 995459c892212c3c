import { appealBody, bearer, startTestApp, TestApp, TestOrg } from '../support/test-app';
import { closeAndForgetQueue, ledgerRow, taskOfCase, until } from './support/follow-ups';

/**
 * Hearings end to end: scheduled on a case, in the lawyer's calendar (JSON and iCalendar, without
 * personal data), and the 24-hour review clock of a complaint against an expulsion ruling through
 * the worker. FOLLOW_UP_TIME_SCALE=0.00001: 24 hours are 0.86 s, 2 hours 72 ms.
 */
const SCALE = 0.00001;

describe('hearings (short delays)', () => {
  let t: TestApp;
  let org: TestOrg;
  const as = (role: keyof TestOrg['users']) => bearer(org.users[role].token);

  beforeAll(async () => {
    t = await startTestApp({ FOLLOW_UP_TIME_SCALE: String(SCALE) });
    org = await t.createOrg();
  });
  afterAll(() => closeAndForgetQueue(t));

  /** A case assigned to the org's lawyer, at version 2. */
  async function assignedCase(): Promise<{ caseId: string; caseNumber: string }> {
    const res = await t.http
      .post('/v1/appeals')
      .set(as('intake'))
      .send(
        appealBody({
          appealType: 'expulsion_order',
          client: { fullName: 'Рахимов Фаррух', nationality: 'TJ' },
        }),
      )
      .expect(201);
    await t.http
      .post(`/v1/cases/${res.body.caseId}/assignment`)
      .set(as('coordinator'))
      .send({ lawyerId: org.users.lawyer.id, expectedVersion: 1 })
      .expect(200);
    return { caseId: res.body.caseId, caseNumber: res.body.caseNumber };
  }

  const schedule = (caseId: string, body: Record<string, unknown>) =>
    t.http
      .post(`/v1/cases/${caseId}/hearings`)
      .set(as('lawyer'))
      .send({ expectedVersion: 2, ...body });

  it("puts a hearing in its lawyer's calendar, as JSON and as iCalendar, without a name or the court", async () => {
    const { caseId, caseNumber } = await assignedCase();
    const startsAt = '2031-05-14T10:30:00+03:00';
    const scheduled = await schedule(caseId, {
      court: 'Мещанский районный суд',
      kind: 'administrative_case',
      startsAt,
    }).expect(200);
    expect(scheduled.body).toEqual({ version: 3, hearingId: expect.any(String) });
    const { hearingId } = scheduled.body;

    const range = 'from=2031-05-01T00:00:00Z&to=2031-06-01T00:00:00Z';
    const mine = await t.http.get(`/v1/hearings?${range}&assignee=me`).set(as('lawyer')).expect(200);
    expect(mine.body.items).toEqual([
      {
        hearingId,
        caseId,
        caseNumber,
        kind: 'administrative_case',
        startsAt: '2031-05-14T07:30:00.000Z',
        result: null,
      },
    ]);
    const coordinatorsOwn = await t.http
      .get(`/v1/hearings?${range}&assignee=me`)
      .set(as('coordinator'))
      .expect(200);
    expect(coordinatorsOwn.body.items).toEqual([]);

    const ics = await t.http
      .get(`/v1/hearings?${range}&assignee=me`)
      .set(as('lawyer'))
      .set('Accept', 'text/calendar')
      .expect(200);
    expect(ics.headers['content-type']).toMatch(/^text\/calendar/);
    expect(ics.text).toContain('BEGIN:VCALENDAR\r\n');
    expect(ics.text).toContain(`UID:${hearingId}@huquq\r\n`);
    expect(ics.text).toContain('DTSTART:20310514T073000Z\r\n');
    expect(ics.text).toContain(`SUMMARY:Hearing (administrative case) - case ${caseNumber}\r\n`);
    expect(ics.text).not.toMatch(/Рахимов|Мещанский/);

    // The case view shows the court, opened for the reader; the log keeps it sealed.
    const view = await t.http.get(`/v1/cases/${caseId}`).set(as('lawyer')).expect(200);
    expect(view.body.hearings).toEqual([
      expect.objectContaining({
        hearingId,
        court: 'Мещанский районный суд',
        kind: 'administrative_case',
        result: null,
      }),
    ]);
    const { rows } = await t.db.query(
      `SELECT data::text AS data FROM events WHERE type = 'hearing-scheduled' AND stream_id = $1`,
      [`case-${caseId}`],
    );
    expect(rows[0].data).not.toContain('Мещанский');

    await t.http
      .post(`/v1/cases/${caseId}/hearings/${hearingId}/result`)
      .set(as('lawyer'))
      .send({ result: 'postponed', expectedVersion: 3 })
      .expect(200, { version: 4 });
    await t.http
      .post(`/v1/cases/${caseId}/hearings/${hearingId}/result`)
      .set(as('lawyer'))
      .send({ result: 'held', expectedVersion: 4 })
      .expect(422);
  });

  it('a complaint against an expulsion ruling: escalated when it is not heard within 24 hours of its receipt', async () => {
    const { caseId } = await assignedCase();
    await schedule(caseId, {
      kind: 'expulsion_complaint',
      startsAt: new Date(Date.now() + 3_600_000).toISOString(),
      complaintReceivedAt: new Date(Date.now() - 1000).toISOString(),
    }).expect(200);
    const review = await taskOfCase(t, caseId, 'follow_complaint_review');
    expect(review.basis).toContain('KoAP RF art. 30.5 part 3');
    const escalation = await taskOfCase(t, caseId, 'escalation');
    expect(escalation).toMatchObject({ escalation_of: review.task_id, queue: 'coordinator' });
    expect(await ledgerRow(t.db, `escalate.${review.task_id}`)).toMatchObject({
      outcome: 'escalated: deadline_missed',
    });
  });

  it('a complaint heard in time (its result recorded): nobody is escalated', async () => {
    const { caseId } = await assignedCase();
    const scheduled = await schedule(caseId, {
      kind: 'expulsion_complaint',
      startsAt: new Date().toISOString(),
      complaintReceivedAt: new Date().toISOString(),
    }).expect(200);
    await t.http
      .post(`/v1/cases/${caseId}/hearings/${scheduled.body.hearingId}/result`)
      .set(as('lawyer'))
      .send({ result: 'held', note: 'Ruling upheld', expectedVersion: 3 })
      .expect(200);
    const review = await taskOfCase(t, caseId, 'follow_complaint_review');
    const job = await until(async () => {
      const row = await ledgerRow(t.db, `escalate.${review.task_id}`);
      return row?.done_at && row;
    });
    expect(job.outcome).toBe('skipped: hearing_result_recorded');
  });
});
