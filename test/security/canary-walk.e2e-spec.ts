import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { runCommand } from '../../apps/cli/src/commands';
import { bearer, startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

/**
 * Every free-text field of every write route carries a unique canary; none may rest in
 * plaintext in the database, Redis or the logs — after the writes, after an erasure and after a
 * rebuild of every view. (Enumerated fields — appeal type, channel, a region that maps to a
 * code — are not free text.)
 */
describe('canary walk: no free text of any route rests in plaintext', () => {
  let t: TestApp;
  let redis: Redis;
  beforeAll(async () => {
    t = await startTestApp();
    redis = new Redis(t.config.REDIS_URL);
  });
  afterAll(async () => {
    redis.disconnect();
    await t.close();
  });

  async function plaintextFound(canaries: string[]): Promise<string[]> {
    const dump = execFileSync('pg_dump', ['--no-owner', t.config.DATABASE_URL], {
      maxBuffer: 256 * 1024 * 1024,
    }).toString();
    const keys = await redis.keys(`${t.config.QUEUE_PREFIX}:*`);
    const values: string[] = [];
    for (const key of keys) {
      const type = await redis.type(key);
      if (type === 'string') values.push((await redis.get(key)) ?? '');
      else if (type === 'hash') values.push(JSON.stringify(await redis.hgetall(key)));
      else if (type === 'list') values.push(JSON.stringify(await redis.lrange(key, 0, -1)));
      else if (type === 'zset') values.push(JSON.stringify(await redis.zrange(key, 0, -1)));
    }
    const redisText = keys.join('\n') + values.join('\n');
    return canaries.flatMap((canary) => [
      ...(dump.includes(canary) ? [`pg_dump: ${canary}`] : []),
      ...(redisText.includes(canary) ? [`redis: ${canary}`] : []),
      ...(t.logs().includes(canary) ? [`logs: ${canary}`] : []),
    ]);
  }

  it('seals names, places, reasons, kinds, bases, notes and results, and they stay sealed after erasure and rebuild', async () => {
    const tag = randomBytes(4).toString('hex');
    const c = (field: string) => `canary-${field}-${tag}`;
    const org = await t.createOrg();
    const [intake, lawyer, coordinator, admin] = (['intake', 'lawyer', 'coordinator', 'admin'] as const).map(
      (r) => bearer(org.users[r].token),
    );
    const canaries: string[] = [];
    const mark = (field: string) => {
      canaries.push(c(field));
      return c(field);
    };

    const person = (who: string) => ({
      fullName: `Canaryov ${who} ${tag}`,
      nationality: 'UZ',
      phone: `+7916${parseInt(tag, 16) % 10_000_000}`.padEnd(12, '0'),
      passportNumber: mark(`passport-${who}`),
      dateOfBirth: '1990-01-02',
    });
    canaries.push(`Canaryov appeal ${tag}`, `Canaryov raid ${tag}`);

    const appeal = await t.http
      .post('/v1/appeals')
      .set(intake)
      .send({
        appealType: 'detention',
        channel: 'hotline',
        client: person('appeal'),
        incident: {
          region: mark('region'),
          city: mark('city'),
          location: mark('location'),
          description: mark('description'),
        },
      })
      .expect(201);
    const caseId = appeal.body.caseId;
    expect((await t.http.get(`/v1/cases/${caseId}`).set(intake).expect(200)).body.incident).toMatchObject({
      region: 'other',
      regionText: c('region'),
      city: c('city'),
      location: c('location'),
    });

    await t.http
      .post(`/v1/cases/${caseId}/notes`)
      .set(intake)
      .send({ text: mark('note') })
      .expect(200);
    await t.http
      .post(`/v1/cases/${caseId}/assignment`)
      .set(coordinator)
      .send({ lawyerId: org.users.lawyer.id, expectedVersion: 2 })
      .expect(200);
    await t.http
      .post(`/v1/cases/${caseId}/status`)
      .set(lawyer)
      .send({ status: 'triaged', reason: mark('status-reason'), expectedVersion: 3 })
      .expect(200);
    await t.http
      .post(`/v1/cases/${caseId}/deadlines`)
      .set(lawyer)
      .send({
        kind: mark('deadline-kind'),
        dueAt: '2027-01-10T12:00:00+03:00',
        basis: mark('basis'),
        expectedVersion: 4,
      })
      .expect(200);
    await t.http
      .post(`/v1/cases/${caseId}/close`)
      .set(coordinator)
      .send({ outcome: 'released', expectedVersion: 5 })
      .expect(200);
    await t.http
      .post(`/v1/cases/${caseId}/reopen`)
      .set(coordinator)
      .send({ reason: mark('reopen-reason'), expectedVersion: 6 })
      .expect(200);
    await t.http
      .post(`/v1/cases/${caseId}/custody`)
      .set(intake)
      .send({
        placeKind: 'police_station',
        placeName: mark('custody-place'),
        region: mark('custody-region'),
        deliveredAt: new Date().toISOString(),
        expectedVersion: 7,
      })
      .expect(200);
    const hearing = await t.http
      .post(`/v1/cases/${caseId}/hearings`)
      .set(lawyer)
      .send({
        court: mark('hearing-court'),
        kind: 'other',
        startsAt: '2027-01-11T10:00:00+03:00',
        expectedVersion: 8,
      })
      .expect(200);
    await t.http
      .post(`/v1/cases/${caseId}/hearings/${hearing.body.hearingId}/result`)
      .set(lawyer)
      .send({ result: 'held', note: mark('hearing-note'), expectedVersion: 9 })
      .expect(200);

    const history = await t.http.get(`/v1/cases/${caseId}/history`).set(intake).expect(200);
    const historyText = JSON.stringify(history.body);
    for (const field of [
      'note',
      'status-reason',
      'deadline-kind',
      'basis',
      'reopen-reason',
      'city',
      'custody-place',
      'custody-region',
      'hearing-court',
      'hearing-note',
    ]) {
      expect([field, historyText.includes(c(field))]).toEqual([field, true]);
    }

    const taskId = await waitFor(
      async () =>
        (await t.db.query('SELECT task_id FROM follow_up_tasks WHERE case_id = $1', [caseId])).rows[0]
          ?.task_id,
      { what: 'the follow-up task of the appeal' },
    );
    await t.http
      .post(`/v1/tasks/${taskId}/complete`)
      .set(lawyer)
      .send({ result: mark('task-result') })
      .expect(200);

    const raid = await t.http
      .post('/v1/incidents')
      .set(intake)
      .send({
        kind: mark('incident-kind'),
        region: mark('incident-region'),
        city: mark('incident-city'),
        location: mark('incident-location'),
        description: mark('incident-description'),
        appealType: 'workplace_raid',
        channel: 'hotline',
        people: [person('raid')],
      })
      .expect(201);
    expect(raid.body.caseIds).toHaveLength(1);

    expect(await plaintextFound(canaries)).toEqual([]);

    // Erased, then every view rebuilt from the log: still nothing in plaintext, and the case's
    // free text no longer opens.
    await t.http.delete(`/v1/clients/${appeal.body.clientId}/personal-data`).set(admin).expect(204);
    await runCommand(t.config, ['projections:rebuild']);
    const read = await t.http.get(`/v1/cases/${caseId}`).set(intake).expect(200);
    expect(read.body.client.erased).toBe(true);
    expect(read.body.incident.city).toBeNull();
    expect(await plaintextFound(canaries)).toEqual([]);
  });
});
