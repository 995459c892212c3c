import { randomBytes, randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { createOrgCommand, createUserCommand } from '@huquq/identity';
import { Database, loadConfig } from '@huquq/platform';
import { WorkerProcess } from '../follow-ups/support/worker-process';
import { freePort } from '../support/own-redis';
import { forgetQueueKeys } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { waitFor } from '../support/wait-for';
import { randomAppeal } from './support/intake-load';
import { ServiceProcess } from './support/service-process';

/** Appeals logged in all, by this many intake apps at once. */
const APPEALS = 200;
const INTAKE_APPS = 4;
/** Every this-many-th appeal is sent to both APIs at once with the same Idempotency-Key. */
const TWIN_EVERY = 20;
/**
 * A detention's first task escalates 3 hours after the appeal was logged (the default rules);
 * at this scale, 3.2 s: escalations fall due while intake is still going on.
 */
const TIME_SCALE = 0.0003;

const ESCALATION = 'escalated: not_done_in_time';
const PLANNED = 'planned 1 task(s), 0 deadline(s)';

interface Answer {
  status: number | null;
  body: any;
  error?: string;
}

/** One acknowledged appeal: its key (if it had one), its case, and what was sent. */
interface Logged {
  index: number;
  key: string | null;
  caseId: string;
  caseNumber: string;
  body: ReturnType<typeof randomAppeal>;
}

/** Runs `work` on every item, `concurrency` at a time. */
async function eachLimited<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

/**
 * Looks every few milliseconds while the test runs, for its log: which workers ran follow-up
 * jobs (BullMQ locks a running job under `<job key>:lock` with the token `<worker id>:<n>`),
 * and the most connections to the database at once (the test's own included).
 */
function watch(redisUrl: string, prefix: string, db: Database) {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  const seen = { workerIds: new Set<string>(), peakConnections: 0 };
  let watching = true;
  const loop = (async () => {
    while (watching) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:follow-ups:*:lock`, 'COUNT', 1000);
        cursor = next;
        const tokens = keys.length ? await redis.mget(...keys) : [];
        for (const token of tokens) if (token) seen.workerIds.add(token.split(':')[0]);
      } while (cursor !== '0');
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database()`,
      );
      seen.peakConnections = Math.max(seen.peakConnections, rows[0].n);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })().catch(() => undefined);
  return {
    seen,
    async stop() {
      watching = false;
      await loop;
      redis.disconnect();
    },
  };
}

/**
 * Scaling out as the README says: two API processes with WORKER_EMBEDDED=false and two worker
 * processes (`npm run start:worker`), on one database and one queue prefix, all with the same
 * secrets. Intake goes to both APIs; what one API acknowledges, the other reads at once; the
 * two workers share the projections and the follow-up jobs, and every job's effect happens once.
 */
describe('several instances: two APIs and two workers on one database and one queue', () => {
  let database: TestDatabase;
  const apis: { port: number; process: ServiceProcess }[] = [];
  const workers: WorkerProcess[] = [];
  const queuePrefix = `t${randomBytes(4).toString('hex')}`;
  let env: Record<string, string>;
  let intakeToken: string;
  let coordinatorToken: string;
  let watcher: ReturnType<typeof watch> | undefined;

  const url = (api: number, path: string) => `http://127.0.0.1:${apis[api].port}${path}`;

  /** What every process wrote last, for failure messages. */
  const tails = () =>
    [
      ...apis.map((api, i) => `--- API ${i} (port ${api.port}):\n${api.process.tail(2000)}`),
      ...workers.map((worker, i) => `--- worker ${i}:\n${worker.output.slice(-2000)}`),
    ].join('\n');

  /**
   * 503 answers ("the database is not answering"), as PostgreSQL refusing a connection when the
   * server, shared with other tests, is full: a client retries them (with the same key, if any).
   */
  const unavailable: string[] = [];
  const operatorToken = randomBytes(32).toString('base64url');

  async function call(
    api: number,
    method: 'GET' | 'POST',
    path: string,
    options: { token?: string; body?: unknown; key?: string | null } = {},
  ): Promise<Answer> {
    for (let attempt = 1; ; attempt++) {
      const answer = await callOnce(api, method, path, options);
      const retry =
        answer.status === 503 && answer.body?.error === 'service_unavailable' && !path.startsWith('/health');
      if (!retry || attempt === 5) return answer;
      unavailable.push(`${method} ${path} on API ${api}`);
      // Retry once the API says it reaches its database again (bounded), not after a guessed pause.
      await waitFor(async () => (await callOnce(api, 'GET', '/health', {})).status === 200, {
        what: `API ${api} to reach its database again`,
        timeoutMs: 10000,
      });
    }
  }

  async function callOnce(
    api: number,
    method: 'GET' | 'POST',
    path: string,
    options: { token?: string; body?: unknown; key?: string | null },
  ): Promise<Answer> {
    try {
      const res = await fetch(url(api, path), {
        method,
        headers: {
          ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
          ...(options.body ? { 'Content-Type': 'application/json' } : {}),
          ...(options.key ? { 'Idempotency-Key': options.key } : {}),
        },
        body: options.body ? JSON.stringify(options.body) : undefined,
        signal: AbortSignal.timeout(15000),
      });
      return { status: res.status, body: await res.json().catch(() => null) };
    } catch (error) {
      const e = error as { name?: string; cause?: { code?: string } };
      return { status: null, body: null, error: e.cause?.code ?? e.name };
    }
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: database.url,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: queuePrefix,
      JWT_SECRET: randomBytes(32).toString('base64url'),
      BLIND_INDEX_KEY: randomBytes(32).toString('base64url'),
      HUQUQ_MASTER_KEY: randomBytes(32).toString('base64'),
      // The projections' positions are the operators' to see (GET /health/details).
      OPERATOR_TOKEN: operatorToken,
      FOLLOW_UP_TIME_SCALE: String(TIME_SCALE),
      // Each process may open 40 connections to PostgreSQL (two pools of 20); fewer jobs at once
      // keep four processes well under a server's 100, shared with other tests.
      FOLLOW_UP_CONCURRENCY: '4',
    };
    const config = loadConfig(env);
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      apis.push({
        port,
        process: ServiceProcess.start({ ...env, PORT: String(port), WORKER_EMBEDDED: 'false' }),
      });
      workers.push(WorkerProcess.start(config, env));
    }
    await waitFor(
      async () => {
        for (const [i, api] of apis.entries()) {
          if (!api.process.running) throw new Error(`API ${i} exited`);
        }
        for (const [i, worker] of workers.entries()) {
          if (!worker.running) throw new Error(`worker ${i} exited`);
        }
        const health = await Promise.all(apis.map((_, i) => call(i, 'GET', '/health')));
        return (
          health.every((answer) => answer.status === 200) &&
          workers.every((worker) => worker.output.includes('huquq worker running'))
        );
      },
      {
        // Four processes compiling the sources at once: seconds on a quiet machine, far more on a busy one.
        timeoutMs: 150000,
        intervalMs: 200,
        what: 'two APIs answering /health and two workers running',
      },
    ).catch((error) => {
      throw new Error(`${error.message}\n${tails()}`);
    });

    const org = await createOrgCommand(database.db, {
      name: `Several instances ${randomBytes(3).toString('hex')}`,
    });
    const signIn = async (role: 'intake' | 'coordinator', api: number) => {
      const email = `${role}-${randomBytes(4).toString('hex')}@example.org`;
      const password = 'correct horse battery';
      await createUserCommand(database.db, { org: org.id, email, role, password });
      const res = await call(api, 'POST', '/v1/auth/token', { body: { email, password } });
      if (res.status !== 200) throw new Error(`login on API ${api} answered ${res.status}`);
      return res.body.accessToken as string;
    };
    // Signed in on one API, used on both: the same JWT_SECRET.
    intakeToken = await signIn('intake', 0);
    coordinatorToken = await signIn('coordinator', 1);
  }, 180000);

  afterAll(async () => {
    await watcher?.stop();
    // Every process SIGKILLed, whatever happened; then the database and the prefix's keys go.
    await Promise.all([...apis.map((api) => api.process.kill()), ...workers.map((worker) => worker.kill())]);
    await database?.drop();
    await forgetQueueKeys({
      REDIS_URL: env?.REDIS_URL ?? 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: queuePrefix,
    });
  }, 60000);

  /**
   * For failure messages: projections read the log only below the oldest transaction still
   * running on the whole PostgreSQL server (pg_snapshot_xmin), whichever database it is in.
   */
  async function horizon(): Promise<string> {
    const { rows } = await database.db.query<{
      datname: string;
      xid: string;
      seconds: number;
      state: string;
    }>(
      `SELECT datname, backend_xid::text AS xid, round(extract(epoch FROM now() - xact_start))::int AS seconds, state
       FROM pg_stat_activity WHERE backend_xid IS NOT NULL ORDER BY xact_start LIMIT 3`,
    );
    const health = await call(0, 'GET', '/health/details', { token: operatorToken });
    const behind = (health.body?.projections ?? [])
      .filter((p: { lagEvents: number }) => p.lagEvents > 0)
      .map((p: { name: string; lagEvents: number }) => `${p.name} ${p.lagEvents} behind`);
    return (
      `projections: ${behind.join(', ') || 'none behind'}; oldest write transactions on the server: ` +
      rows.map((r) => `${r.xid} in ${r.datname} (${r.state}, ${r.seconds} s)`).join(', ')
    );
  }

  async function scenario(): Promise<void> {
    const startedAt = Date.now();
    watcher = watch(env.REDIS_URL, queuePrefix, database.db);
    const logged: Logged[] = [];
    /** Anything but 201 to an appeal, or a twin answered with another case. */
    const refused: string[] = [];
    /** A case acknowledged by one API and not readable at once on the other. */
    const unread: string[] = [];

    const readOnOther = async (api: number, a: Logged) => {
      const other = 1 - api;
      const res = await call(other, 'GET', `/v1/cases/${a.caseId}`, { token: intakeToken });
      // The other API opens the client's sealed fields too: the same master key.
      const got = res.body ?? {};
      if (
        res.status !== 200 ||
        got.id !== a.caseId ||
        got.caseNumber !== a.caseNumber ||
        got.client?.fullName !== a.body.client.fullName
      ) {
        unread.push(
          `#${a.index} ${a.caseId} logged on API ${api}, read on API ${other}: ${res.status} ${res.error ?? ''} ` +
            `${got.id} ${got.caseNumber} ${got.client?.fullName === a.body.client.fullName ? '' : 'name differs'}`,
        );
      }
    };

    await eachLimited(
      Array.from({ length: APPEALS }, (_, i) => i),
      INTAKE_APPS,
      async (index) => {
        const body = randomAppeal('detention');
        const twin = index % TWIN_EVERY === TWIN_EVERY - 1;
        // Three of four carry a key, as an intake app that retries would; twins always do.
        const key = twin || index % 4 !== 0 ? randomUUID() : null;
        if (twin) {
          // The same request to both APIs at once: one case, and both answer with it.
          const answers = await Promise.all(
            [0, 1].map((api) => call(api, 'POST', '/v1/appeals', { token: intakeToken, body, key })),
          );
          if (answers.some((res) => res.status !== 201)) {
            refused.push(
              `twin #${index}: ${answers.map((res) => `${res.status} ${JSON.stringify(res.body)}`).join(' / ')}`,
            );
            return;
          }
          const [first, second] = answers.map((res) => res.body);
          if (first.caseId !== second.caseId || first.caseNumber !== second.caseNumber) {
            refused.push(`twin #${index}: two cases ${first.caseNumber} and ${second.caseNumber}`);
          }
          const a = { index, key, caseId: first.caseId, caseNumber: first.caseNumber, body };
          logged.push(a);
          await Promise.all([readOnOther(0, a), readOnOther(1, a)]);
          return;
        }
        const api = index % 2;
        const res = await call(api, 'POST', '/v1/appeals', { token: intakeToken, body, key });
        if (res.status !== 201) {
          refused.push(
            `#${index} on API ${api}: ${res.status} ${res.error ?? ''} ${JSON.stringify(res.body)}`,
          );
          return;
        }
        const a = { index, key, caseId: res.body.caseId, caseNumber: res.body.caseNumber, body };
        logged.push(a);
        await readOnOther(api, a);
      },
    );
    const intakeMs = Date.now() - startedAt;
    expect(refused).toEqual([]);
    expect(unread).toEqual([]);
    expect(logged).toHaveLength(APPEALS);
    const caseIds = logged.map((a) => a.caseId);
    expect(new Set(caseIds).size).toBe(APPEALS);
    expect(new Set(logged.map((a) => a.caseNumber)).size).toBe(APPEALS);

    // A late retry of a keyed appeal, on the API that did not log it, gets the first answer.
    const retries = logged.filter((a) => a.key && a.index % 10 === 1);
    const retried: string[] = [];
    await eachLimited(retries, INTAKE_APPS, async (a) => {
      const res = await call(1 - (a.index % 2), 'POST', '/v1/appeals', {
        token: intakeToken,
        body: a.body,
        key: a.key,
      });
      if (res.status !== 201 || res.body?.caseId !== a.caseId || res.body?.caseNumber !== a.caseNumber) {
        retried.push(`#${a.index}: ${res.status} ${JSON.stringify(res.body)}`);
      }
    });
    expect(retried).toEqual([]);

    // Every appeal once in the log and once in the case views; nothing else was logged.
    const db = database.db;
    const appealEvents = await db.query<{ case_id: string; n: number }>(
      `SELECT data->>'caseId' AS case_id, count(*)::int AS n FROM events WHERE type = 'appeal-logged' GROUP BY 1`,
    );
    expect(appealEvents.rows.filter((r) => r.n !== 1)).toEqual([]);
    expect(appealEvents.rows.map((r) => r.case_id).sort()).toEqual([...caseIds].sort());
    const clients = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM events WHERE type = 'client-registered'`,
    );
    expect(clients.rows[0].n).toBe(APPEALS);
    const views = await db.query<{ case_id: string; case_number: string }>(
      'SELECT case_id::text, case_number FROM case_views',
    );
    expect(views.rows.map((r) => `${r.case_id} ${r.case_number}`).sort()).toEqual(
      logged.map((a) => `${a.caseId} ${a.caseNumber}`).sort(),
    );

    // The two workers plan every appeal and escalate every first task, by condition.
    const ledgerState = async () =>
      (
        await db.query<{ kind: string; n: number; done: number; failed: number }>(
          `SELECT kind, count(*)::int AS n, count(done_at)::int AS done, count(failed_at)::int AS failed
           FROM follow_up_jobs GROUP BY kind ORDER BY kind`,
        )
      ).rows;
    await waitFor(
      async () => {
        const state = await ledgerState();
        return (
          state.length === 2 &&
          state.every((row) => row.n === APPEALS && row.done === APPEALS) &&
          workers.every((worker) => worker.running)
        );
      },
      { timeoutMs: 60000, intervalMs: 250, what: `${APPEALS} plan and ${APPEALS} escalate jobs done` },
    ).catch(async (error) => {
      throw new Error(`${error.message}; ledger: ${JSON.stringify(await ledgerState())}; ${await horizon()}`);
    });
    const followUpsMs = Date.now() - startedAt;
    await watcher.stop();

    // Every asynchronous projection (reports, the dispatcher) caught up with the log.
    await waitFor(
      async () => {
        const res = await call(0, 'GET', '/health/details', { token: operatorToken });
        return (
          res.status === 200 && res.body.projections.every((p: { lagEvents: number }) => p.lagEvents === 0)
        );
      },
      { timeoutMs: 30000, intervalMs: 200, what: 'every projection at the head of the log' },
    ).catch(async (error) => {
      throw new Error(`${error.message}; ${await horizon()}`);
    });

    // One first task per appeal, of the detention's kind, escalated, in the log and the queue.
    const firstTasks = await db.query<{
      task_id: string;
      case_id: string;
      kind: string;
      escalated_at: Date | null;
      escalation_task_id: string | null;
    }>(
      `SELECT task_id::text, case_id::text, kind, escalated_at, escalation_task_id::text
       FROM follow_up_tasks WHERE escalation_of IS NULL`,
    );
    expect(firstTasks.rows.map((r) => r.case_id).sort()).toEqual([...caseIds].sort());
    expect(firstTasks.rows.filter((r) => r.kind !== 'contact_detainee' || !r.escalated_at)).toEqual([]);
    const firstTaskIds = firstTasks.rows.map((r) => r.task_id).sort();

    const created = await db.query<{
      case_id: string;
      escalation_of: string | null;
      task_id: string;
      n: number;
    }>(
      `SELECT data->>'caseId' AS case_id, data->>'escalationOf' AS escalation_of, data->>'taskId' AS task_id,
              count(*)::int AS n
       FROM events WHERE type = 'task-created' GROUP BY 1, 2, 3`,
    );
    expect(created.rows.filter((r) => r.n !== 1)).toEqual([]);
    const firstCreated = created.rows.filter((r) => r.escalation_of === null);
    expect(firstCreated.map((r) => r.case_id).sort()).toEqual([...caseIds].sort());
    expect(firstCreated.map((r) => r.task_id).sort()).toEqual(firstTaskIds);

    // Each first task escalated exactly once: one task-escalated event, one escalation task.
    const escalated = await db.query<{ task_id: string; n: number }>(
      `SELECT data->>'taskId' AS task_id, count(*)::int AS n FROM events WHERE type = 'task-escalated' GROUP BY 1`,
    );
    expect(escalated.rows.filter((r) => r.n !== 1)).toEqual([]);
    expect(escalated.rows.map((r) => r.task_id).sort()).toEqual(firstTaskIds);
    const escalationCreated = created.rows.filter((r) => r.escalation_of !== null);
    expect(escalationCreated.map((r) => r.escalation_of).sort()).toEqual(firstTaskIds);
    const escalationTasks = await db.query<{
      escalation_of: string;
      task_id: string;
      kind: string;
      queue: string;
    }>(
      `SELECT escalation_of::text, task_id::text, kind, queue FROM follow_up_tasks WHERE escalation_of IS NOT NULL`,
    );
    expect(escalationTasks.rows.map((r) => r.escalation_of).sort()).toEqual(firstTaskIds);
    expect(escalationTasks.rows.filter((r) => r.kind !== 'escalation' || r.queue !== 'coordinator')).toEqual(
      [],
    );
    const escalationOf = new Map(escalationTasks.rows.map((r) => [r.escalation_of, r.task_id]));
    expect(firstTasks.rows.filter((r) => escalationOf.get(r.task_id) !== r.escalation_task_id)).toEqual([]);

    // The ledger: exactly these jobs, each done once with its effect, none failed.
    const appealEventIds = await db.query<{ event_id: string }>(
      `SELECT event_id::text FROM events WHERE type = 'appeal-logged'`,
    );
    const jobs = await db.query<{
      job_id: string;
      outcome: string | null;
      done: boolean;
      failed: boolean;
      attempts: number;
    }>(
      `SELECT job_id, outcome, done_at IS NOT NULL AS done, failed_at IS NOT NULL AS failed, attempts
       FROM follow_up_jobs`,
    );
    expect(jobs.rows.map((r) => r.job_id).sort()).toEqual(
      [
        ...appealEventIds.rows.map((r) => `plan.${r.event_id}`),
        ...firstTaskIds.map((id) => `escalate.${id}`),
      ].sort(),
    );
    expect(
      jobs.rows.filter(
        (r) => !r.done || r.failed || r.outcome !== (r.job_id.startsWith('plan.') ? PLANNED : ESCALATION),
      ),
    ).toEqual([]);

    // Nothing else in the log (besides the test's own users, recorded as their events), and no
    // event parked by any projection.
    const types = await db.query<{ type: string; n: number }>(
      `SELECT type, count(*)::int AS n FROM events WHERE type NOT LIKE 'user-%' GROUP BY type ORDER BY type`,
    );
    expect(Object.fromEntries(types.rows.map((r) => [r.type, r.n]))).toEqual({
      'appeal-logged': APPEALS,
      'client-registered': APPEALS,
      'task-created': 2 * APPEALS,
      'task-escalated': APPEALS,
    });
    const parked = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM parked_events');
    expect(parked.rows[0].n).toBe(0);

    // The reports projection, run by two workers, counted every appeal once.
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const report = await call(
      1,
      'GET',
      `/v1/reports/load?from=${day(startedAt - 86_400_000)}&to=${day(Date.now() + 86_400_000)}&groupBy=appealType`,
      { token: coordinatorToken },
    );
    expect(report.status).toBe(200);
    expect(report.body.totals).toMatchObject({ opened: APPEALS, open: APPEALS });

    // Nobody died on the way.
    expect(apis.filter((api) => !api.process.running)).toEqual([]);
    expect(workers.filter((worker) => !worker.running)).toEqual([]);
    const redone = jobs.rows.filter((r) => r.attempts > 1).length;
    // How late the jobs ran: plans after their appeal, escalations after they fell due.
    const lateness = await db.query<{ kind: string; median: number; max: number }>(
      `SELECT kind,
              round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM done_at - run_at))::numeric, 1)::float AS median,
              round(max(extract(epoch FROM done_at - run_at))::numeric, 1)::float AS max
       FROM follow_up_jobs GROUP BY kind ORDER BY kind`,
    );
    const late = lateness.rows.map((r) => `${r.kind} ${r.median} s (at most ${r.max} s)`).join(', ');
    console.log(
      `several instances: ${APPEALS} appeals (${APPEALS / TWIN_EVERY} twins, ${retries.length} late retries) ` +
        `logged and read across 2 APIs in ${intakeMs} ms; ${jobs.rows.length} follow-up jobs done by 2 workers ` +
        `${followUpsMs} ms after the start (${redone} delivered more than once, each done once; ` +
        `${watcher.seen.workerIds.size} worker(s) seen running jobs; up to ${watcher.seen.peakConnections} connections to the database; ` +
        `${unavailable.length} answer(s) 503, retried); done after they fell due, median: ${late}`,
    );
  }

  it('logs appeals on both APIs, reads each on the other, and every follow-up happens once', async () => {
    try {
      await scenario();
    } catch (error) {
      // What the four processes said last, with whatever failed.
      if (error instanceof Error) error.message += `\n${tails()}`;
      throw error;
    }
  }, 150000);
});
