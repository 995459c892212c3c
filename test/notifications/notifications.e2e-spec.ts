import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { DeliveryWorker, WEBHOOK_HEADERS } from '@huquq/notifications';
import { runCommand } from '../../apps/cli/src/commands';
import { EmailSender } from '../../libs/notifications/src/delivery/email-sender';
import { appealBody, bearer, startTestApp, TestApp, TestOrg } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { closeAndForgetQueue, taskOfCase } from '../follow-ups/support/follow-ups';

/** The test person's data (appealBody): none of it may reach an e-mail or a webhook. */
const PERSONAL = [
  'Рахимов',
  'Фаррух',
  'Rakhimov',
  '79161234567',
  '400123456',
  '1995-04-02',
  'Kotelniki',
  'dormitory',
  'Detained',
];

/** A mail's text as a reader sees it: quoted-printable and encoded words undone. */
function readable(raw: string): string {
  const bytes = raw
    .replace(/=\r?\n/g, '')
    .replace(/=\?UTF-8\?Q\?(.*?)\?=/gi, (_, word: string) => word.replace(/_/g, ' '));
  const decoded = bytes.replace(/(=[0-9A-F]{2})+/gi, (run) =>
    Buffer.from(
      run
        .split('=')
        .slice(1)
        .map((hex) => parseInt(hex, 16)),
    ).toString('utf8'),
  );
  return raw + '\n' + decoded;
}

interface Mail {
  to: string[];
  raw: string;
  deliveryId: string;
}
interface Hook {
  name: string;
  deliveryId: string;
  body: string;
  verified: boolean;
  answered: number;
  at: number;
}

describe('notifications: e-mail over SMTP and signed webhooks', () => {
  let t: TestApp;
  let smtp: SMTPServer;
  let receiver: Server;
  let hookBase: string;
  const mails: Mail[] = [];
  const hooks: Hook[] = [];
  /** Each receiver's secret (from PUT /v1/me/notifications), and whether it answers 500. */
  const secrets = new Map<string, string>();
  const failing = new Set<string>();
  const extraWorkers: DeliveryWorker[] = [];

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
        stream.on('end', () => {
          const deliveryId = raw.match(/X-Huquq-Delivery:\s+(\S+)/i)?.[1] ?? '';
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: readable(raw), deliveryId });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const smtpPort = (smtp.server.address() as AddressInfo).port;

    // The webhook receiver: checks the signature the way a real one would.
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        const name = (req.url ?? '').split('/').pop()!;
        const timestamp = String(req.headers[WEBHOOK_HEADERS.timestamp]);
        const given = Buffer.from(String(req.headers[WEBHOOK_HEADERS.signature]));
        const secret = secrets.get(name) ?? '';
        const expected = Buffer.from(
          'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex'),
        );
        const verified = given.length === expected.length && timingSafeEqual(given, expected);
        const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) < 300;
        const answered = failing.has(name) ? 500 : verified && fresh ? 204 : 401;
        hooks.push({
          name,
          deliveryId: String(req.headers[WEBHOOK_HEADERS.delivery]),
          body,
          verified,
          answered,
          at: Date.now(),
        });
        res.writeHead(answered).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    hookBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

    t = await startTestApp({
      FOLLOW_UP_TIME_SCALE: '0.0001',
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM: 'huquq <no-reply@huquq.test>',
      WEBHOOK_ALLOW_PRIVATE: 'true',
      NOTIFY_POLL_MS: '50',
      NOTIFY_RETRY_DELAY_MS: '50',
      NOTIFY_ATTEMPTS: '3',
      NOTIFY_TIME_ZONE: 'Europe/Moscow',
    });
  });

  afterAll(async () => {
    for (const worker of extraWorkers) await worker.stop();
    await closeAndForgetQueue(t);
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await new Promise((resolve) => receiver.close(resolve));
  });

  const as = (org: TestOrg, role: keyof TestOrg['users']) => bearer(org.users[role].token);

  async function subscribe(org: TestOrg, role: keyof TestOrg['users'], name: string, extra: object = {}) {
    const res = await t.http
      .put('/v1/me/notifications')
      .set(as(org, role))
      .send({ webhookUrl: `${hookBase}/${name}`, ...extra })
      .expect(200);
    expect(res.body.webhookSecret).toEqual(expect.any(String));
    secrets.set(name, res.body.webhookSecret);
    return res.body;
  }

  async function deliveriesOf(userId: string) {
    const { rows } = await t.db.query(
      `SELECT delivery_id, channel, kind, urgent, case_number, attempts, held_until, sent_at, failed_at, last_error
       FROM notification_deliveries WHERE user_id = $1 ORDER BY delivery_id`,
      [userId],
    );
    return rows;
  }

  it('validates preferences and says e-mail is on', async () => {
    const org = await t.createOrg();
    const mine = await t.http.get('/v1/me/notifications').set(as(org, 'lawyer')).expect(200);
    expect(mine.body).toMatchObject({
      email: org.users.lawyer.email,
      webhookUrl: null,
      webhookSecret: null,
      quietHours: null,
      delivery: { email: 'on', webhooks: 'on' },
    });
    for (const bad of [
      { webhookUrl: 'ftp://example.org/hook' },
      { webhookUrl: 'not a url' },
      { email: 'not-an-address' },
      { quietHours: { from: '25:00', to: '07:00', timeZone: 'UTC' } },
      { quietHours: { from: '22:00', to: '07:00', timeZone: 'Mars/Olympus' } },
      { somethingElse: true },
    ]) {
      await t.http.put('/v1/me/notifications').set(as(org, 'lawyer')).send(bad).expect(400);
    }
    const off = await t.http
      .put('/v1/me/notifications')
      .set(as(org, 'lawyer'))
      .send({ email: null })
      .expect(200);
    expect(off.body.email).toBeNull();
    // Another user's settings are not touched by mine.
    const other = await t.http.get('/v1/me/notifications').set(as(org, 'intake')).expect(200);
    expect(other.body.email).toBe(org.users.intake.email);
  });

  it('escalates a detention to coordinators and admins by e-mail and signed webhook, once each, with no personal data', async () => {
    const org = await t.createOrg();
    await subscribe(org, 'coordinator', 'coord-a');
    await subscribe(org, 'admin', 'admin-a-failing');
    failing.add('admin-a-failing');
    // More workers than one, and the app's own restarted meanwhile: each delivery still goes once.
    for (let i = 0; i < 2; i++) {
      const worker = new DeliveryWorker(
        t.db,
        new EmailSender(t.config.SMTP_URL!, t.config.MAIL_FROM),
        { signingSecret: t.config.WEBHOOK_SIGNING_SECRET!, allowPrivate: true, timeoutMs: 5000 },
        {
          attempts: 3,
          retryDelayMs: 50,
          pollMs: 20,
          timeZone: 'Europe/Moscow',
          batchSize: 5,
          leaseMs: 60000,
        },
      );
      worker.start();
      extraWorkers.push(worker);
    }
    const appWorker = t.app.get(DeliveryWorker);

    const res = await t.http.post('/v1/appeals').set(as(org, 'intake')).send(appealBody()).expect(201);
    const caseNumber: string = res.body.caseNumber;
    expect(caseNumber).toMatch(/^\d{4}-\d+$/);
    await appWorker.stop();
    appWorker.start();

    const coordinator = org.users.coordinator;
    const admin = org.users.admin;
    await waitFor(
      () =>
        mails.some((m) => m.to.includes(coordinator.email)) &&
        mails.some((m) => m.to.includes(admin.email)) &&
        hooks.some((h) => h.name === 'coord-a' && h.answered === 204),
      { timeoutMs: 20000, what: 'the escalation by e-mail and webhook' },
    );
    const mail = mails.find((m) => m.to.includes(coordinator.email))!;
    expect(mail.raw).toContain(`Case: ${caseNumber}`);
    expect(mail.raw).toContain('Escalation');
    expect(mail.raw).toContain('Europe/Moscow');
    const hook = hooks.find((h) => h.name === 'coord-a')!;
    expect(hook.verified).toBe(true);
    expect(JSON.parse(hook.body)).toMatchObject({
      kind: 'escalation',
      urgent: true,
      caseNumber,
      taskKind: 'contact_detainee',
      timeZone: 'Europe/Moscow',
      dueAt: expect.any(String),
    });
    // Nobody else heard of it: not the intake worker, not the lawyer.
    expect(
      mails.some((m) => m.to.includes(org.users.intake.email) || m.to.includes(org.users.lawyer.email)),
    ).toBe(false);

    // The admin's webhook fails: tried three times, then dead-lettered, visible to operators.
    const dead = await waitFor(
      async () => (await deliveriesOf(admin.id)).find((d) => d.channel === 'webhook' && d.failed_at)!,
      { timeoutMs: 20000, what: 'the failing webhook dead-lettered' },
    );
    expect(dead).toMatchObject({ attempts: 3, last_error: 'webhook answered HTTP 500' });
    expect(hooks.filter((h) => h.name === 'admin-a-failing')).toHaveLength(3);
    // Backoff: 50 ms, then 100 ms (NOTIFY_RETRY_DELAY_MS doubling).
    const tries = hooks.filter((h) => h.name === 'admin-a-failing').map((h) => h.at);
    expect(tries[1] - tries[0]).toBeGreaterThanOrEqual(45);
    expect(tries[2] - tries[1]).toBeGreaterThanOrEqual(95);
    const details = await t.http
      .get('/health/details')
      .set('Authorization', `Bearer ${t.operatorToken}`)
      .expect(200);
    expect(details.body.notifications).toMatchObject({ email: 'on', webhooks: 'on' });
    expect(details.body.notifications.deadLetters.map((d: { deliveryId: string }) => d.deliveryId)).toContain(
      dead.delivery_id,
    );

    const cli = (await runCommand(t.config, ['notifications:failed'])) as {
      deadLetters: { deliveryId: string }[];
    };
    expect(cli.deadLetters.map((d) => d.deliveryId)).toContain(dead.delivery_id);
    // An operator sends it again once the receiver is mended.
    failing.delete('admin-a-failing');
    expect(await runCommand(t.config, ['notifications:retry', '--id', dead.delivery_id])).toEqual({
      retried: 1,
    });
    await waitFor(() => hooks.some((h) => h.name === 'admin-a-failing' && h.answered === 204), {
      what: 'the dead letter sent again',
    });

    // Once each, across three workers and a restart.
    const sent = [
      ...mails.map((m) => m.deliveryId),
      ...hooks.filter((h) => h.answered === 204).map((h) => h.deliveryId),
    ];
    expect(sent.every((id) => id.length > 0)).toBe(true);
    expect(new Set(sent).size).toBe(sent.length);

    // And nothing about the person, anywhere it went.
    const everything = [...mails.map((m) => m.raw), ...hooks.map((h) => h.body)].join('\n');
    for (const value of PERSONAL) expect(everything).not.toContain(value);
  });

  it('holds non-urgent messages in quiet hours, never a detention escalation; sends what was held when they end', async () => {
    const org = await t.createOrg();
    const now = new Date();
    const clock = (d: Date) => d.toISOString().slice(11, 16);
    const quietHours = {
      from: clock(new Date(now.getTime() - 3_600_000)),
      to: clock(new Date(now.getTime() + 3_600_000)),
      timeZone: 'UTC',
    };
    await subscribe(org, 'lawyer', 'lawyer-b', { quietHours });
    await subscribe(org, 'coordinator', 'coord-b', { quietHours });

    // A housing case's task given to the lawyer: not urgent, so it waits for the morning.
    const housing = await t.http
      .post('/v1/appeals')
      .set(as(org, 'intake'))
      .send(appealBody({ appealType: 'eviction', urgency: 'normal' }))
      .expect(201);
    const task = await taskOfCase(t, housing.body.caseId, 'contact_client');
    await t.http
      .post(`/v1/tasks/${task.task_id}/assign`)
      .set(as(org, 'coordinator'))
      .send({ userId: org.users.lawyer.id })
      .expect(200);
    const held = await waitFor(
      async () => {
        const rows = await deliveriesOf(org.users.lawyer.id);
        return rows.length === 2 && rows.every((d) => d.held_until) ? rows : null;
      },
      { what: 'the assignment held by quiet hours' },
    );
    expect(held!.every((d) => d.kind === 'assignment' && !d.urgent && !d.sent_at)).toBe(true);
    expect(new Date(held![0].held_until).getTime()).toBeGreaterThan(now.getTime() + 3_500_000);

    // A detention's escalation goes through the coordinator's quiet hours at once.
    const detention = await t.http.post('/v1/appeals').set(as(org, 'intake')).send(appealBody()).expect(201);
    await waitFor(
      () =>
        hooks.some(
          (h) => h.name === 'coord-b' && JSON.parse(h.body).caseNumber === detention.body.caseNumber,
        ) && mails.some((m) => m.to.includes(org.users.coordinator.email)),
      { timeoutMs: 20000, what: 'the urgent escalation through quiet hours, by webhook and e-mail' },
    );
    // Meanwhile the lawyer heard nothing.
    expect(hooks.some((h) => h.name === 'lawyer-b')).toBe(false);
    expect(mails.some((m) => m.to.includes(org.users.lawyer.email))).toBe(false);

    // Quiet hours off: what was held goes now.
    await t.http
      .put('/v1/me/notifications')
      .set(as(org, 'lawyer'))
      .send({ webhookUrl: `${hookBase}/lawyer-b` })
      .expect(200);
    await waitFor(
      () =>
        hooks.some((h) => h.name === 'lawyer-b' && h.answered === 204) &&
        mails.some((m) => m.to.includes(org.users.lawyer.email)),
      { what: 'the held assignment sent after quiet hours' },
    );
    const assignment = JSON.parse(hooks.find((h) => h.name === 'lawyer-b')!.body);
    expect(assignment).toMatchObject({
      kind: 'assignment',
      caseNumber: housing.body.caseNumber,
      taskKind: 'contact_client',
    });
  });
  it('reminds the lawyer who holds an appeal deadline, and nobody else', async () => {
    const org = await t.createOrg();
    await subscribe(org, 'lawyer', 'lawyer-c');
    // At this scale a day is 8.64 s: the ruling was received long enough ago that the first
    // reminder (five days before the ten-day deadline) is due a few seconds from now.
    const day = 86_400_000 * 0.0001;
    const decisionReceivedAt = new Date(Date.now() - 5 * day + 4000).toISOString();
    const res = await t.http
      .post('/v1/appeals')
      .set(as(org, 'intake'))
      .send(appealBody({ appealType: 'expulsion_order', urgency: 'high', decisionReceivedAt }))
      .expect(201);
    const task = await taskOfCase(t, res.body.caseId, 'file_appeal');
    await t.http.post(`/v1/tasks/${task.task_id}/claim`).set(as(org, 'lawyer')).expect(200);

    const hook = await waitFor(
      () => hooks.find((h) => h.name === 'lawyer-c' && JSON.parse(h.body).kind === 'reminder')!,
      { timeoutMs: 20000, what: 'the reminder by webhook' },
    );
    expect(hook.verified).toBe(true);
    expect(JSON.parse(hook.body)).toMatchObject({
      caseNumber: res.body.caseNumber,
      taskKind: 'file_appeal',
      urgent: false,
      dueAt: new Date(task.due_at).toISOString(),
    });
    await waitFor(
      () => mails.some((m) => m.to.includes(org.users.lawyer.email) && m.raw.includes('Reminder')),
      {
        what: 'the reminder by e-mail',
      },
    );
    const others = [org.users.coordinator, org.users.admin, org.users.intake].map((u) => u.email);
    expect(mails.some((m) => m.raw.includes('Reminder') && m.to.some((to) => others.includes(to)))).toBe(
      false,
    );
  });

  it('sends again, once, what a worker took and died with, when its lease runs out', async () => {
    const org = await t.createOrg();
    await subscribe(org, 'coordinator', 'coord-d');
    const deliveryId = `${randomUUID()}.${org.users.coordinator.id}.webhook`;
    // What a worker that took the delivery and was killed leaves behind: a lease, no outcome.
    await t.db.query(
      `INSERT INTO notification_deliveries
         (delivery_id, org_id, user_id, channel, kind, urgent, case_number, task_id, task_kind, due_at,
          event_id, source_position, locked_until)
       VALUES ($1, $2, $3, 'webhook', 'escalation', true, '2026-999999', $4, 'contact_detainee', now(),
               $5, 0, now() + interval '1500 milliseconds')`,
      [deliveryId, org.id, org.users.coordinator.id, randomUUID(), randomUUID()],
    );
    const taken = Date.now();
    const hook = await waitFor(() => hooks.find((h) => h.deliveryId === deliveryId)!, {
      what: 'the delivery redone after the lease',
    });
    expect(Date.now() - taken).toBeGreaterThanOrEqual(1000);
    expect(hook.verified).toBe(true);
    // The receiver answers before the worker records it: wait for the record.
    const row = await waitFor(
      async () =>
        (
          await t.db.query('SELECT attempts, sent_at FROM notification_deliveries WHERE delivery_id = $1', [
            deliveryId,
          ])
        ).rows.find((r) => r.sent_at),
      { what: 'the delivery recorded as sent' },
    );
    expect(row).toMatchObject({ attempts: 1, sent_at: expect.any(Date) });
    expect(hooks.filter((h) => h.deliveryId === deliveryId)).toHaveLength(1);
  });
  it('never sent anything of the person, in any of these messages', () => {
    expect(mails.length + hooks.length).toBeGreaterThan(10);
    const everything = [...mails.map((m) => m.raw), ...hooks.map((h) => h.body)].join('\n');
    for (const value of PERSONAL) expect(everything).not.toContain(value);
  });
});
