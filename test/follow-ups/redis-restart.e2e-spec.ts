import { followUpJobId } from '@huquq/follow-ups';
import { createFollowUpQueue } from '@huquq/follow-ups/jobs/follow-up-queue';
import { appealBody, bearer, startTestApp, TestApp, TestOrg } from '../support/test-app';
import { taskCreatedEvents, tasksOfCase, until } from './support/follow-ups';
import { OwnRedis } from '../support/own-redis';

describe('Redis restarted empty in the middle of intake', () => {
  let redis: OwnRedis;
  let t: TestApp;
  let org: TestOrg;

  beforeAll(async () => {
    redis = await OwnRedis.start();
    t = await startTestApp({ REDIS_URL: redis.url });
    org = await t.createOrg();
  });
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  it('ends with exactly one first task for every acknowledged appeal, and re-enqueues what is still due', async () => {
    const total = 30;
    const acknowledged: string[] = [];
    let restart: Promise<void> | null = null;
    let next = 0;
    const intake = async () => {
      while (next < total) {
        next += 1;
        const res = await t.http.post('/v1/appeals').set(bearer(org.users.intake.token)).send(appealBody());
        if (res.status === 201) acknowledged.push(res.body.caseId);
        // A third of the way in, Redis dies and comes back with nothing in it.
        if (acknowledged.length === 10 && !restart) restart = redis.restart();
      }
    };
    await Promise.all([intake(), intake(), intake()]);
    await restart;
    expect(acknowledged).toHaveLength(total);

    const firstTasks = await until(
      async () => {
        const perCase = await Promise.all(acknowledged.map((caseId) => tasksOfCase(t.db, caseId)));
        return perCase.every((tasks) => tasks.length >= 1) && perCase;
      },
      { timeoutMs: 30000, what: 'a first task for every acknowledged appeal' },
    );
    for (const [i, caseId] of acknowledged.entries()) {
      expect(firstTasks[i].map((task) => task.kind)).toEqual(['contact_detainee']);
      expect(await taskCreatedEvents(t.db, caseId)).toHaveLength(1);
    }

    // The restart was noticed, and the escalations (delayed jobs, three hours out) of appeals
    // enqueued before it are back in the new Redis, from PostgreSQL.
    const state = await t.db.query('SELECT epochs FROM follow_up_dispatch_state');
    expect(state.rows[0].epochs).toBeGreaterThanOrEqual(2);
    expect(t.logs()).toContain('Redis was emptied or replaced');
    const queue = createFollowUpQueue({
      redisUrl: redis.url,
      prefix: t.config.QUEUE_PREFIX,
      attempts: 1,
      retryDelayMs: 100,
    });
    try {
      const delayed = await until(
        async () => {
          const jobs = await Promise.all(
            firstTasks.map(([task]) =>
              queue.getJob(followUpJobId({ kind: 'escalate', taskId: task.task_id })),
            ),
          );
          const states = await Promise.all(jobs.map((job) => job?.getState()));
          return states.every((s) => s === 'delayed') && states;
        },
        { timeoutMs: 15000, what: 'every escalation delayed in the new Redis' },
      );
      expect(delayed).toHaveLength(total);
    } finally {
      await queue.close();
    }
    const stillToDo = await t.db.query(
      `SELECT count(*)::int AS n FROM follow_up_jobs WHERE kind = 'plan' AND done_at IS NULL`,
    );
    expect(stillToDo.rows[0].n).toBe(0);
  });
});
