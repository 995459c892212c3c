import { runCommand } from '../../apps/cli/src/commands';
import { appealBody, bearer, startTestApp, TestApp, TestOrg } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { ledgerRow, taskOfCase, tasksOfCase, closeAndForgetQueue, until } from './support/follow-ups';

/**
 * FOLLOW_UP_TIME_SCALE=0.00001 shrinks every duration: an hour is 36 ms, ten days 8.64 s. The
 * delays are real BullMQ delayed jobs; the test waits for their effects, never for a time.
 */
const SCALE = 0.00001;
const DAY_MS = 86_400_000 * SCALE;

describe('reminders and escalations (short delays)', () => {
  let t: TestApp;
  let org: TestOrg;
  const as = (role: keyof TestOrg['users']) => bearer(org.users[role].token);

  beforeAll(async () => {
    t = await startTestApp({ FOLLOW_UP_TIME_SCALE: String(SCALE) });
    org = await t.createOrg();
  });
  afterAll(() => closeAndForgetQueue(t));

  async function logAppeal(overrides: Record<string, unknown>): Promise<string> {
    const res = await t.http.post('/v1/appeals').set(as('intake')).send(appealBody(overrides)).expect(201);
    return res.body.caseId;
  }

  async function eventsOf(streamId: string) {
    const { rows } = await t.db.query<{ type: string; data: Record<string, any>; recorded_at: Date }>(
      'SELECT type, data, recorded_at FROM events WHERE stream_id = $1 ORDER BY stream_version',
      [streamId],
    );
    return rows;
  }

  it('escalates a detention task not done in time to the coordinators, as a task of their own', async () => {
    const caseId = await logAppeal({ appealType: 'detention', urgency: 'high' });
    const original = await taskOfCase(t, caseId, 'contact_detainee');
    const escalation = await taskOfCase(t, caseId, 'escalation');
    expect(escalation).toMatchObject({
      queue: 'coordinator',
      priority: 'critical',
      escalation_of: original.task_id,
    });
    expect(escalation.basis).toContain('KoAP RF art. 27.5');
    const escalated = await until(async () => (await tasksOfCase(t.db, caseId)).find((x) => x.escalated_at));
    expect(escalated.task_id).toBe(original.task_id);

    const coordinators = await t.http
      .get('/v1/tasks?assignee=none&queue=coordinator')
      .set(as('coordinator'))
      .expect(200);
    expect(coordinators.body.items.map((item: { id: string }) => item.id)).toContain(escalation.task_id);
    const lawyers = await t.http.get('/v1/tasks?assignee=none').set(as('lawyer')).expect(200);
    expect(lawyers.body.items.map((item: { id: string }) => item.id)).not.toContain(escalation.task_id);
    // The escalation task itself never escalates, and the job ran once.
    expect(await ledgerRow(t.db, `escalate.${original.task_id}`)).toMatchObject({
      attempts: 1,
      outcome: 'escalated: not_done_in_time',
    });
  });

  it('does not escalate work on a case that was closed first', async () => {
    // An eviction's contact task escalates after 48 h: 1.7 s at this scale, time enough to close.
    const caseId = await logAppeal({ appealType: 'eviction', urgency: 'normal' });
    const task = await taskOfCase(t, caseId, 'contact_client');
    await t.http
      .post(`/v1/cases/${caseId}/close`)
      .set(as('coordinator'))
      .send({ outcome: 'settled', expectedVersion: 1 })
      .expect(200);
    const job = await until(async () => {
      const row = await ledgerRow(t.db, `escalate.${task.task_id}`);
      return row?.done_at && row;
    });
    expect(job.outcome).toBe('skipped: case_closed');
    expect((await tasksOfCase(t.db, caseId)).map((x) => x.kind)).toEqual(['contact_client']);
  });

  it('reminds 5, 2 and 1 days before an appeal deadline, then escalates the missed deadline; a task done in time stays quiet', async () => {
    const decisionReceivedAt = new Date(Date.now() - 1000).toISOString();
    const [open, handled] = await Promise.all([
      logAppeal({ appealType: 'expulsion_order', urgency: 'critical', decisionReceivedAt }),
      logAppeal({ appealType: 'expulsion_order', urgency: 'critical', decisionReceivedAt }),
    ]);
    const openTask = await taskOfCase(t, open, 'file_appeal');
    const handledTask = await taskOfCase(t, handled, 'file_appeal');
    await t.http
      .post(`/v1/tasks/${handledTask.task_id}/complete`)
      .set(as('lawyer'))
      .send({ result: 'Appeal filed with the district court' })
      .expect(200);

    const deadlineOf = async (caseId: string) =>
      (await t.db.query('SELECT * FROM follow_up_deadlines WHERE case_id = $1', [caseId])).rows[0];
    const openDeadline = await deadlineOf(open);
    const handledDeadline = await deadlineOf(handled);
    const dueAt = new Date(openDeadline.due_at).getTime();
    expect(dueAt - new Date(decisionReceivedAt).getTime()).toBe(Math.round(10 * DAY_MS));

    // Three reminders, in order, none before its time, then the missed deadline.
    const stream = `legal-deadline-${openDeadline.deadline_id}`;
    const history = await until(
      async () => {
        const events = await eventsOf(stream);
        return events.some((e) => e.type === 'legal-deadline-missed') && events;
      },
      { timeoutMs: 30000, what: 'the reminders and the missed deadline' },
    );
    const reminders = history.filter((e) => e.type === 'deadline-reminder-due');
    expect(reminders.map((e) => e.data.before)).toEqual(['P5D', 'P2D', 'P1D']);
    for (const reminder of reminders) {
      expect(new Date(reminder.data.remindedAt).getTime()).toBeGreaterThanOrEqual(
        new Date(reminder.data.remindAt).getTime(),
      );
    }
    expect(new Date(reminders[0].data.remindAt).getTime()).toBe(Math.round(dueAt - 5 * DAY_MS));
    const escalation = await taskOfCase(t, open, 'escalation');
    expect(escalation).toMatchObject({ queue: 'coordinator', escalation_of: openTask.task_id });
    expect(escalation.basis).toContain('KoAP RF art. 30.3');
    expect(
      (await t.http.get(`/v1/tasks/${openTask.task_id}`).set(as('lawyer')).expect(200)).body,
    ).toMatchObject({
      remindersSent: 3,
      escalatedAt: expect.any(String),
    });
    await waitFor(async () => (await deadlineOf(open)).status === 'missed');

    // The task done in time: its escalation and reminders ran, and did nothing.
    const skipped = await until(async () => {
      const row = await ledgerRow(t.db, `escalate.${handledTask.task_id}`);
      return row?.done_at && row;
    });
    expect(skipped.outcome).toBe('skipped: task_done');
    for (const before of ['P5D', 'P2D', 'P1D']) {
      const reminder = await until(async () => {
        const row = await ledgerRow(t.db, `remind.${handledDeadline.deadline_id}.${before}`);
        return row?.done_at && row;
      });
      expect(reminder.outcome).toBe('skipped: task_done');
    }
    expect((await tasksOfCase(t.db, handled)).map((task) => task.kind)).toEqual(['file_appeal']);
    expect((await eventsOf(`legal-deadline-${handledDeadline.deadline_id}`)).map((e) => e.type)).toEqual([
      'legal-deadline-set',
    ]);
    expect((await deadlineOf(handled)).status).toBe('met');
  });
  it('rebuilds the work queues from the log into identical rows, without running a job again', async () => {
    const dump = async () => ({
      tasks: (await t.db.query('SELECT * FROM follow_up_tasks ORDER BY task_id')).rows,
      deadlines: (await t.db.query('SELECT * FROM follow_up_deadlines ORDER BY deadline_id')).rows,
      jobs: (
        await t.db.query('SELECT job_id, attempts, done_at, outcome FROM follow_up_jobs ORDER BY job_id')
      ).rows,
    });
    const before = await dump();
    expect(before.tasks.length).toBeGreaterThanOrEqual(5);
    expect(before.deadlines).toHaveLength(2);
    const result = (await runCommand(t.config, ['projections:rebuild'])) as {
      projections: { name: string }[];
    };
    expect(result.projections.map((p) => p.name)).toEqual(
      expect.arrayContaining(['follow-up-dispatcher', 'follow-up-work-queues']),
    );
    expect(await dump()).toEqual(before);
  });
});
