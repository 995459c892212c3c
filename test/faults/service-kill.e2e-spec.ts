import { waitFor } from '../support/wait-for';
import {
  Drill,
  expectEveryAppealOnceWithOneFirstTask,
  expectNoHangNoServerError,
  summary,
} from './support/drill';

/**
 * Drill (a): the service (API with the worker embedded) is killed with SIGKILL under steady
 * intake — requests, transactions, projection batches and follow-up jobs cut off wherever they
 * were — and started again. Intake apps retry with the same Idempotency-Key; nothing is lost
 * and nothing doubled.
 */
describe('fault drill (a): the service killed with SIGKILL under steady intake', () => {
  let drill: Drill;

  beforeAll(async () => {
    drill = await Drill.start();
    await drill.startService();
    await drill.signIn();
  }, 90000);
  afterAll(() => drill?.close(), 60000);

  it('comes back on start, and every acknowledged appeal is there once with one first task', async () => {
    const load = drill.load();
    let unfinished: string[] = [];
    try {
      await waitFor(() => load.acknowledged.size >= 40, { timeoutMs: 30000, what: 'intake under way' });
      // Killed at a moment when follow-up work is under way: appeals whose first task is not done.
      await waitFor(
        async () =>
          (
            await drill.db.query(
              `SELECT 1 FROM events e WHERE e.type = 'appeal-logged' AND NOT EXISTS (
                 SELECT 1 FROM follow_up_jobs j WHERE j.job_id = 'plan.' || e.event_id AND j.done_at IS NOT NULL)
               LIMIT 1`,
            )
          ).rows.length > 0,
        { timeoutMs: 10000, intervalMs: 5, what: 'follow-up work under way' },
      );
      const killedAt = Date.now();
      const killed = drill.service;
      await killed.kill();
      expect((await killed.exited).signal).toBe('SIGKILL');

      // While it is gone, intake apps find nobody listening, and keep retrying the same keys.
      await waitFor(
        () =>
          load.attemptsBetween(killedAt, Date.now()).filter((a) => a.error === 'ECONNREFUSED').length >= 5,
        { timeoutMs: 10000, what: 'intake to find the service gone' },
      );

      await drill.startService();
      const before = load.acknowledged.size;
      await waitFor(() => load.acknowledged.size >= before + 40, {
        timeoutMs: 30000,
        what: 'intake acknowledged again after the restart',
      });
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${summary(load)}\nservice:\n${drill.tail()}`);
    } finally {
      unfinished = await load.stop();
      console.log(`drill (a): ${summary(load)}`);
    }
    expect(unfinished).toEqual([]);
    expect(drill.services).toHaveLength(2);
    expect(drill.service.running).toBe(true);
    expectNoHangNoServerError(load);
    // Some appeals were in flight when it died and were acknowledged on a retry.
    expect([...load.acknowledged.values()].some((a) => a.attempts > 1)).toBe(true);

    await expectEveryAppealOnceWithOneFirstTask(drill, load);
    const redone = await drill.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM follow_up_jobs WHERE kind = 'plan' AND attempts > 1`,
    );
    console.log(`drill (a): ${redone.rows[0].n} plan job(s) run more than once, each done once`);
  }, 180000);
});
