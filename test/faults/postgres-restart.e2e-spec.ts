import { waitFor } from '../support/wait-for';
import {
  Drill,
  expectEveryAppealOnceWithOneFirstTask,
  expectNoHangNoServerError,
  summary,
} from './support/drill';

/**
 * How fast an answer must come while the database is away: a clear 503, never a hang. Below the
 * pools' 5 s connect timeout, so it proves the failure was seen at once, not waited out.
 */
const QUICK_MS = 4000;

/**
 * Drill (c): PostgreSQL stops under steady intake — once as in a crash (`immediate`: backends
 * killed, WAL replayed at the next start), once cleanly (`fast`: clients told 57P01) — and starts
 * again. The service keeps running throughout: quick 503s with a clear error while the database
 * is away, 201s again afterwards, without anyone touching it.
 */
describe('fault drill (c): PostgreSQL restarted under steady intake', () => {
  let drill: Drill;

  beforeAll(async () => {
    drill = await Drill.start();
    await drill.startService();
    await drill.signIn();
  }, 90000);
  afterAll(() => drill?.close(), 60000);

  it('answers 503 quickly while the database is away, recovers by itself, and loses or doubles nothing', async () => {
    const load = drill.load();
    const service = drill.service;
    /** From the moment PostgreSQL was down to the moment it was told to start again. */
    const away: { from: number; to: number }[] = [];
    const timings: string[] = [];
    let unfinished: string[] = [];
    try {
      await waitFor(() => load.acknowledged.size >= 40, { timeoutMs: 30000, what: 'intake under way' });

      for (const mode of ['immediate', 'fast'] as const) {
        const logged = service.mark();
        await drill.pg.stopServer(mode);
        const from = Date.now();

        // While it is away: /health says which dependency failed, at once; intake gets clear 503s.
        const health = await drill.health();
        expect(health).toMatchObject({ status: 503, body: { checks: { database: 'down', redis: 'up' } } });
        expect(health.ms).toBeLessThan(QUICK_MS);
        // It stays away until the background work has run into it too: projections and the
        // follow-up dispatcher failed (and go on retrying by themselves).
        await waitFor(
          () =>
            load.attemptsBetween(from, Date.now()).filter((a) => a.status === 503).length >= 20 &&
            service.since(logged).includes('projection failed') &&
            service.since(logged).includes('follow-up dispatch failed'),
          { timeoutMs: 15000, what: `intake and background work to find PostgreSQL away (${mode})` },
        );

        away.push({ from, to: Date.now() });
        await drill.pg.startServer();
        const up = Date.now();
        // The drill's own pool may still hold a connection of the old server: retried.
        const restartedAt = await waitFor(
          async () => (await drill.db.query<{ now: Date }>('SELECT now()')).rows[0].now,
          { timeoutMs: 10000, what: 'the drill reconnected' },
        );

        // Back without a manual step: healthy, intake acknowledged again, follow-ups dispatched again.
        await waitFor(async () => (await drill.health()).status === 200, {
          timeoutMs: 30000,
          intervalMs: 100,
          what: `the service healthy again after PostgreSQL restarted (${mode})`,
        });
        const healthyAfter = Date.now() - up;
        const before = load.acknowledged.size;
        await waitFor(() => load.acknowledged.size >= before + 40, {
          timeoutMs: 30000,
          what: `intake acknowledged again after PostgreSQL restarted (${mode})`,
        });
        await waitFor(
          async () =>
            (
              await drill.db.query('SELECT 1 FROM follow_up_jobs WHERE enqueued_at > $1 LIMIT 1', [
                restartedAt,
              ])
            ).rows.length > 0,
          { timeoutMs: 30000, intervalMs: 100, what: `follow-up jobs enqueued again (${mode})` },
        );
        // The listeners are back: new events wake the projections, erasures reach the key cache, and
        // a user's change reaches the session cache.
        await waitFor(
          async () => {
            const { rows } = await drill.db.query<{ query: string }>(
              `SELECT query FROM pg_stat_activity WHERE query LIKE 'LISTEN %' AND pid <> pg_backend_pid()`,
            );
            const listening = rows.map((r) => r.query).sort();
            return listening.join() === 'LISTEN huquq_events,LISTEN huquq_keys_erased,LISTEN huquq_sessions';
          },
          { timeoutMs: 30000, intervalMs: 100, what: `LISTEN connections back (${mode})` },
        );
        timings.push(
          `${mode}: away ${up - from} ms, healthy ${healthyAfter} ms after the start, ` +
            `all recovered ${Date.now() - up} ms after it`,
        );
      }
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${summary(load)}\nservice:\n${drill.tail()}`);
    } finally {
      unfinished = await load.stop();
      console.log(`drill (c): ${summary(load)}\n${timings.join('\n')}`);
    }
    expect(unfinished).toEqual([]);

    // The same process all along: a lost connection never crashed it.
    expect(service.running).toBe(true);
    expect(drill.services).toHaveLength(1);
    expectNoHangNoServerError(load);
    // No attempt went unanswered. Every one made while the database was down answered at once
    // with a clear 503; every 503 of the run says when to try again.
    expect(load.attempts.filter((a) => a.status === null)).toEqual([]);
    for (const window of away) {
      const during = load.attemptsBetween(window.from, window.to);
      expect(during.length).toBeGreaterThan(0);
      expect(during.filter((a) => a.status !== 503 || a.ms >= QUICK_MS)).toEqual([]);
    }
    expect(load.attempts.filter((a) => a.status === 503 && a.retryAfter !== '2')).toEqual([]);

    await expectEveryAppealOnceWithOneFirstTask(drill, load);
  }, 180000);
});
