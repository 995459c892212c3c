import { createFollowUpQueue } from '@huquq/follow-ups/jobs/follow-up-queue';
import { waitFor } from '../support/wait-for';
import {
  Drill,
  expectEveryAppealOnceWithOneFirstTask,
  expectNoHangNoServerError,
  summary,
} from './support/drill';

/**
 * Drill (b): Redis is killed under steady intake (SIGKILL, no persistence) and started again
 * empty: every queued and delayed follow-up job is gone from it. Intake does not need Redis;
 * the dispatcher notices the empty Redis by its epoch and enqueues again, from PostgreSQL,
 * everything not done.
 */
describe('fault drill (b): Redis restarted empty under steady intake', () => {
  let drill: Drill;

  beforeAll(async () => {
    drill = await Drill.start();
    await drill.startService();
    await drill.signIn();
  }, 90000);
  afterAll(() => drill?.close(), 60000);

  it('keeps taking appeals, re-enqueues what Redis forgot, and ends with one first task per appeal', async () => {
    const load = drill.load();
    const service = drill.service;
    let unfinished: string[] = [];
    try {
      await waitFor(() => load.acknowledged.size >= 40, { timeoutMs: 30000, what: 'intake under way' });
      const killedAt = Date.now();
      await drill.redis.kill();

      // While it is away: /health names Redis at once, and intake goes on regardless.
      const health = await drill.health();
      expect(health).toMatchObject({ status: 503, body: { checks: { database: 'up', redis: 'down' } } });
      expect(health.ms).toBeLessThan(4000);
      await waitFor(() => [...load.acknowledged.values()].filter((a) => a.at > killedAt).length >= 20, {
        timeoutMs: 15000,
        what: 'intake acknowledged while Redis is away',
      });

      await drill.redis.launch();
      await waitFor(async () => (await drill.health()).status === 200, {
        timeoutMs: 30000,
        intervalMs: 100,
        what: 'the service healthy again after Redis restarted',
      });
      const before = load.acknowledged.size;
      await waitFor(() => load.acknowledged.size >= before + 40, {
        timeoutMs: 30000,
        what: 'intake acknowledged after Redis restarted',
      });
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${summary(load)}\nservice:\n${drill.tail()}`);
    } finally {
      unfinished = await load.stop();
      console.log(`drill (b): ${summary(load)}`);
    }
    expect(unfinished).toEqual([]);
    expect(service.running).toBe(true);
    expect(drill.services).toHaveLength(1);
    expectNoHangNoServerError(load);
    // Redis is not on the intake path: not one attempt failed.
    expect(load.attempts.filter((a) => a.status !== 201)).toEqual([]);

    await expectEveryAppealOnceWithOneFirstTask(drill, load);

    // The empty Redis was noticed, and every job not done (the escalations, hours out) is back
    // in it as a delayed job: none lost with the old Redis.
    const state = await drill.db.query('SELECT epochs FROM follow_up_dispatch_state');
    expect(state.rows[0].epochs).toBeGreaterThanOrEqual(2);
    expect(service.logs()).toContain('Redis was emptied or replaced');
    const queue = createFollowUpQueue({
      redisUrl: drill.redis.url,
      prefix: 'huquq',
      attempts: 1,
      retryDelayMs: 100,
    });
    try {
      // One escalation per first task, recorded from the log; none due for hours.
      const outstanding = async () =>
        (
          await drill.db.query<{ n: number; escalations: number }>(
            `SELECT count(*)::int AS n, count(*) FILTER (WHERE kind = 'escalate')::int AS escalations
             FROM follow_up_jobs WHERE done_at IS NULL`,
          )
        ).rows[0];
      await waitFor(async () => (await outstanding()).escalations === load.acknowledged.size, {
        timeoutMs: 15000,
        what: 'an escalation job recorded for every first task',
      });
      expect((await outstanding()).n).toBe(load.acknowledged.size);
      await waitFor(async () => (await queue.getDelayedCount()) === load.acknowledged.size, {
        timeoutMs: 15000,
        what: `${load.acknowledged.size} delayed escalations in the new Redis`,
      });
    } finally {
      await queue.close();
    }
  }, 180000);
});
