import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { appealBody, bearer, startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

/** Every value a Redis key holds, whatever its type, as text. */
async function dumpRedis(redis: Redis): Promise<string> {
  const out: string[] = [];
  for (const key of await redis.keys('*')) {
    const type = await redis.type(key);
    out.push(key);
    if (type === 'string') out.push((await redis.get(key)) ?? '');
    else if (type === 'hash') out.push(JSON.stringify(await redis.hgetall(key)));
    else if (type === 'list') out.push(JSON.stringify(await redis.lrange(key, 0, -1)));
    else if (type === 'set') out.push(JSON.stringify(await redis.smembers(key)));
    else if (type === 'zset') out.push(JSON.stringify(await redis.zrange(key, 0, -1)));
    else if (type === 'stream') out.push(JSON.stringify(await redis.xrange(key, '-', '+')));
  }
  return out.join('\n');
}

describe('canary: personal data never rests in plaintext', () => {
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

  it('keeps name, passport, phone, description, notes and task results out of the database dump, Redis and the logs', async () => {
    const tag = randomBytes(4).toString('hex').toUpperCase();
    const canary = {
      fullName: `Canaryov Tweetybek ${tag}`,
      passportNumber: `CN${tag}77`,
      phone: `+7916${parseInt(tag, 16) % 10_000_000}`.padEnd(12, '0'),
      description: `canary-description-${tag}`,
      note: `canary-note-${tag}`,
      taskResult: `canary-result-${tag}`,
    };
    const org = await t.createOrg();
    const token = org.users.intake.token;
    const created = await t.http
      .post('/v1/appeals')
      .set(bearer(token))
      .send(
        appealBody({
          client: {
            fullName: canary.fullName,
            nationality: 'UZ',
            phone: canary.phone,
            passportNumber: canary.passportNumber,
          },
          incident: { description: canary.description, region: 'Moscow' },
        }),
      )
      .expect(201);
    await t.http
      .post(`/v1/cases/${created.body.caseId}/notes`)
      .set(bearer(token))
      .send({ text: canary.note })
      .expect(200);
    const taskId = await waitFor(
      async () =>
        (await t.db.query('SELECT task_id FROM follow_up_tasks WHERE case_id = $1', [created.body.caseId]))
          .rows[0]?.task_id,
      { what: 'the follow-up task of the appeal' },
    );
    const lawyer = bearer(org.users.lawyer.token);
    await t.http
      .post(`/v1/tasks/${taskId}/complete`)
      .set(lawyer)
      .send({ result: canary.taskResult })
      .expect(200);
    await t.http
      .post('/v1/incidents')
      .set(bearer(token))
      .send({
        kind: 'workplace_raid',
        description: canary.description,
        appealType: 'workplace_raid',
        channel: 'hotline',
        people: [{ fullName: canary.fullName, nationality: 'UZ', passportNumber: canary.passportNumber }],
      })
      .expect(201);

    // The owner of the data can still read it back through the API.
    const read = await t.http.get(`/v1/cases/${created.body.caseId}`).set(bearer(token)).expect(200);
    expect(read.body.client.fullName).toBe(canary.fullName);
    expect(read.body.incident.description).toBe(canary.description);

    // The task's own jobs (its escalation) are in Redis by now: the completion came after them.
    const secrets = Object.values(canary);
    const dump = execFileSync('pg_dump', ['--no-owner', t.config.DATABASE_URL], {
      maxBuffer: 256 * 1024 * 1024,
    }).toString();
    const redisText = await dumpRedis(redis);
    for (const secret of secrets) {
      expect(['pg_dump', secret, dump.includes(secret)]).toEqual(['pg_dump', secret, false]);
      expect(['redis', secret, redisText.includes(secret)]).toEqual(['redis', secret, false]);
      expect(['logs', secret, t.logs().includes(secret)]).toEqual(['logs', secret, false]);
    }
    // The dump is not trivially empty: the case is in it, sealed.
    expect(dump).toContain(created.body.caseId);
    expect(dump).toContain('pd1.');
  });
});
