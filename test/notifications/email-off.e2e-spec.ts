import { appealBody, bearer, startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { closeAndForgetQueue } from '../follow-ups/support/follow-ups';

describe('notifications without SMTP_URL', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ FOLLOW_UP_TIME_SCALE: '0.0001', NOTIFY_POLL_MS: '50' });
  });
  afterAll(() => closeAndForgetQueue(t));

  it('says e-mail is off, to operators and users, and skips e-mail deliveries saying why', async () => {
    const org = await t.createOrg();
    const details = await t.http.get('/health/details').set(bearer(t.operatorToken!)).expect(200);
    expect(details.body.notifications).toMatchObject({
      email: 'off: SMTP_URL is not set',
      deliveries: expect.objectContaining({ failed: 0 }),
      deadLetters: [],
    });
    const mine = await t.http
      .get('/v1/me/notifications')
      .set(bearer(org.users.coordinator.token))
      .expect(200);
    expect(mine.body.delivery.email).toBe('off');

    await t.http.post('/v1/appeals').set(bearer(org.users.intake.token)).send(appealBody()).expect(201);
    const rows = await waitFor(
      async () => {
        const { rows } = await t.db.query<{ channel: string; skipped: string | null; user_id: string }>(
          `SELECT channel, skipped, user_id FROM notification_deliveries WHERE org_id = $1`,
          [org.id],
        );
        return rows.length === 2 && rows.every((row) => row.skipped) ? rows : null;
      },
      { timeoutMs: 20000, what: 'the escalation e-mails skipped' },
    );
    expect(rows!.map((row) => row.user_id).sort()).toEqual(
      [org.users.admin.id, org.users.coordinator.id].sort(),
    );
    expect(
      rows!.every((row) => row.channel === 'email' && row.skipped === 'e-mail is off (SMTP_URL not set)'),
    ).toBe(true);
  });

  it('refuses webhooks to private addresses unless allowed, and rotates a secret on request', async () => {
    const org = await t.createOrg();
    const lawyer = bearer(org.users.lawyer.token);
    for (const url of [
      'http://127.0.0.1:9/hook',
      'https://169.254.169.254/latest',
      'https://localhost/hook',
    ]) {
      const res = await t.http.put('/v1/me/notifications').set(lawyer).send({ webhookUrl: url }).expect(400);
      expect(res.body.details[0]).toMatchObject({ field: 'webhookUrl' });
    }
    const first = await t.http
      .put('/v1/me/notifications')
      .set(lawyer)
      .send({ webhookUrl: 'https://hooks.example.org/huquq' })
      .expect(200);
    const again = await t.http.get('/v1/me/notifications').set(lawyer).expect(200);
    expect(again.body.webhookSecret).toBe(first.body.webhookSecret);
    const rotated = await t.http
      .put('/v1/me/notifications')
      .set(lawyer)
      .send({ webhookUrl: 'https://hooks.example.org/huquq', rotateWebhookSecret: true })
      .expect(200);
    expect(rotated.body.webhookSecret).not.toBe(first.body.webhookSecret);
    // Another user's secret is their own.
    const coordinator = await t.http
      .put('/v1/me/notifications')
      .set(bearer(org.users.coordinator.token))
      .send({ webhookUrl: 'https://hooks.example.org/huquq' })
      .expect(200);
    expect(coordinator.body.webhookSecret).not.toBe(first.body.webhookSecret);
  });
});
