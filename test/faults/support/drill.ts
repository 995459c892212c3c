import { randomBytes } from 'node:crypto';
import { createOrgCommand, createUserCommand } from '@huquq/identity';
import { Database } from '@huquq/platform';
import { waitFor } from '../../support/wait-for';
import { FIRST_TASK_OF, IntakeLoad, IntakeLoadOptions } from './intake-load';
import { OwnPostgres } from './own-postgres';
import { freePort, OwnRedis } from '../../support/own-redis';
import { ServiceProcess } from './service-process';

export interface HealthAnswer {
  status: number | null;
  ms: number;
  body: any;
  error?: string;
}

/**
 * One drill's world: PostgreSQL, Redis and the service, each a process of the drill's own, an
 * organization with an intake user, and a connection for checking what is stored.
 */
export class Drill {
  service!: ServiceProcess;
  /** Every service process started, killed ones included (for failure messages). */
  readonly services: ServiceProcess[] = [];
  db!: Database;
  token!: string;
  /** The operators' token: /health/details names the dependency that is away. */
  readonly operatorToken = randomBytes(32).toString('base64url');
  private env: Record<string, string> = {};

  private constructor(
    readonly pg: OwnPostgres,
    readonly redis: OwnRedis,
    readonly port: number,
  ) {}

  static async start(): Promise<Drill> {
    const pg = await OwnPostgres.start();
    let redis: OwnRedis | undefined;
    try {
      redis = await OwnRedis.start();
      const drill = new Drill(pg, redis, await freePort());
      drill.env = {
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        PORT: String(drill.port),
        DATABASE_URL: pg.url(),
        REDIS_URL: redis.url,
        QUEUE_PREFIX: 'huquq',
        JWT_SECRET: randomBytes(32).toString('base64url'),
        BLIND_INDEX_KEY: randomBytes(32).toString('base64url'),
        HUQUQ_MASTER_KEY: randomBytes(32).toString('base64'),
        OPERATOR_TOKEN: drill.operatorToken,
        // A job whose worker was SIGKILLed is taken over after this long (30 s by default).
        FOLLOW_UP_JOB_LOCK_MS: '3000',
      };
      return drill;
    } catch (error) {
      await redis?.kill();
      await pg.destroy();
      throw error;
    }
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the service (again) and waits until its health says it is up. */
  async startService(): Promise<ServiceProcess> {
    const service = ServiceProcess.start(this.env);
    this.service = service;
    this.services.push(service);
    await waitFor(
      async () => {
        if (!service.running) throw new Error(`the service exited:\n${service.tail()}`);
        return (await this.health(1000)).status === 200;
      },
      { timeoutMs: 60000, intervalMs: 100, what: 'the service to answer /health with 200' },
    ).catch((error) => {
      throw new Error(`${error.message}\n${service.tail()}`);
    });
    return service;
  }

  /** After the first start: an organization, an intake user and their token. */
  async signIn(): Promise<void> {
    this.db = new Database(this.pg.url(), 4);
    const org = await createOrgCommand(this.db, { name: `Fault drill ${randomBytes(3).toString('hex')}` });
    const email = `intake-${randomBytes(4).toString('hex')}@example.org`;
    const password = 'correct horse battery';
    await createUserCommand(this.db, { org: org.id, email, role: 'intake', password });
    const res = await fetch(`${this.baseUrl}/v1/auth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (res.status !== 200) throw new Error(`login answered ${res.status}`);
    this.token = ((await res.json()) as { accessToken: string }).accessToken;
  }

  load(options: Partial<IntakeLoadOptions> = {}): IntakeLoad {
    const load = new IntakeLoad(this.baseUrl, this.token, {
      clients: 12,
      paceMs: 25,
      retryPauseMs: 100,
      requestTimeoutMs: 15000,
      ...options,
    });
    load.start();
    return load;
  }

  /** GET /health/details as the operators: the status code of /health, and which check failed. */
  async health(timeoutMs = 10000): Promise<HealthAnswer> {
    const startedAt = Date.now();
    try {
      const res = await fetch(`${this.baseUrl}/health/details`, {
        headers: { Authorization: `Bearer ${this.operatorToken}` },
        signal: AbortSignal.timeout(timeoutMs),
      });
      return { status: res.status, ms: Date.now() - startedAt, body: await res.json() };
    } catch (error) {
      const e = error as { name?: string; cause?: { code?: string } };
      return { status: null, ms: Date.now() - startedAt, body: null, error: e.cause?.code ?? e.name };
    }
  }

  async get(path: string): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      headers: { Authorization: `Bearer ${this.token}` },
      signal: AbortSignal.timeout(15000),
    });
    return { status: res.status, body: await res.json() };
  }

  /** For failure messages: what the service wrote last. */
  tail(): string {
    return this.service?.tail() ?? '';
  }

  /** Everything stopped and removed, whatever happened. */
  async close(): Promise<void> {
    for (const service of this.services) await service.kill().catch(() => undefined);
    await this.db?.close().catch(() => undefined);
    await this.redis.kill().catch(() => undefined);
    await this.pg.destroy();
  }
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
 * What every drill ends with, once the load has stopped: every acknowledged appeal is stored
 * once and readable, and has exactly one first follow-up task, neither missing nor doubled.
 */
export async function expectEveryAppealOnceWithOneFirstTask(drill: Drill, load: IntakeLoad): Promise<void> {
  const acknowledged = [...load.acknowledged.values()];
  const caseIds = acknowledged.map((a) => a.caseId);

  // One case per Idempotency-Key: distinct keys got distinct cases, and distinct case numbers
  // (a number allocated before a crash is never handed out again).
  expect(new Set(caseIds).size).toBe(acknowledged.length);
  expect(new Set(acknowledged.map((a) => a.caseNumber)).size).toBe(acknowledged.length);

  // In the event store, once each, and nothing else: no case of a key that was never
  // acknowledged, no second case for a retried key.
  const logged = await drill.db.query<{ case_id: string }>(
    `SELECT data->>'caseId' AS case_id FROM events WHERE type = 'appeal-logged'`,
  );
  expect(logged.rows.map((r) => r.case_id).sort()).toEqual([...caseIds].sort());
  const clients = await drill.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM events WHERE type = 'client-registered'`,
  );
  expect(clients.rows[0].n).toBe(acknowledged.length);

  // Readable through the API (the views caught up by themselves).
  await waitFor(
    async () => {
      const { rows } = await drill.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM case_views WHERE case_id = ANY($1::uuid[])',
        [caseIds],
      );
      return rows[0].n === caseIds.length;
    },
    { timeoutMs: 30000, intervalMs: 200, what: 'every acknowledged case in the case views' },
  );
  const unreadable: string[] = [];
  await eachLimited(acknowledged, 8, async (a) => {
    const res = await drill.get(`/v1/cases/${a.caseId}`);
    if (res.status !== 200 || res.body.caseNumber !== a.caseNumber)
      unreadable.push(`${a.caseId}: ${res.status}`);
  });
  expect(unreadable).toEqual([]);

  // Exactly one first task per appeal, of the kind its type calls for: in the log and the queue.
  type KindsPerCase = { case_id: string; kinds: string[] }[];
  const tasks = (await waitFor<KindsPerCase | false>(
    async () => {
      const { rows } = await drill.db.query<{ case_id: string; kinds: string[] }>(
        `SELECT case_id::text, array_agg(kind) AS kinds FROM follow_up_tasks
         WHERE case_id = ANY($1::uuid[]) GROUP BY case_id`,
        [caseIds],
      );
      return rows.length === caseIds.length && rows;
    },
    { timeoutMs: 45000, intervalMs: 250, what: 'a first task for every acknowledged appeal' },
  ).catch(async (error) => {
    const ledger = await drill.db.query(
      `SELECT count(*) FILTER (WHERE done_at IS NULL) AS not_done, count(*) FILTER (WHERE failed_at IS NOT NULL) AS failed
       FROM follow_up_jobs WHERE kind = 'plan'`,
    );
    throw new Error(`${error.message}; plan jobs: ${JSON.stringify(ledger.rows[0])}\n${drill.tail()}`);
  })) as KindsPerCase;
  const kindsOf = new Map(tasks.map((row) => [row.case_id, row.kinds]));
  const wrong = acknowledged
    .filter((a) => JSON.stringify(kindsOf.get(a.caseId)) !== JSON.stringify([FIRST_TASK_OF[a.appealType]]))
    .map((a) => `${a.caseId} (${a.appealType}): ${JSON.stringify(kindsOf.get(a.caseId))}`);
  expect(wrong).toEqual([]);
  const created = await drill.db.query<{ case_id: string; n: number }>(
    `SELECT data->>'caseId' AS case_id, count(*)::int AS n FROM events
     WHERE type = 'task-created' GROUP BY 1`,
  );
  expect(created.rows.filter((r) => r.n !== 1)).toEqual([]);
  expect(created.rows.map((r) => r.case_id).sort()).toEqual([...caseIds].sort());

  // The ledger agrees: one plan job per appeal, done, none failed.
  const plans = await drill.db.query<{ n: number; done: number; failed: number }>(
    `SELECT count(*)::int AS n, count(done_at)::int AS done, count(failed_at)::int AS failed
     FROM follow_up_jobs WHERE kind = 'plan'`,
  );
  expect(plans.rows[0]).toEqual({ n: acknowledged.length, done: acknowledged.length, failed: 0 });

  // A lost connection is never the events' fault: none was parked by a projection.
  const parked = await drill.db.query<{ n: number }>('SELECT count(*)::int AS n FROM parked_events');
  expect(parked.rows[0].n).toBe(0);

  // A late retry of any key (those that needed retries, and a sample) gets the first answer and
  // records nothing new.
  const retried = acknowledged.filter((a) => a.attempts > 1);
  const sample = acknowledged.filter((_, i) => i % 20 === 0);
  const answers: string[] = [];
  await eachLimited([...new Set([...retried, ...sample])], 8, async (a) => {
    const res = await load.resend(a.key);
    if (res.status !== 201 || res.body.caseId !== a.caseId || res.body.caseNumber !== a.caseNumber) {
      answers.push(`${a.key}: ${res.status} ${JSON.stringify(res.body)}`);
    }
  });
  expect(answers).toEqual([]);
  const after = await drill.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM events WHERE type IN ('appeal-logged', 'client-registered')`,
  );
  expect(after.rows[0].n).toBe(2 * acknowledged.length);
}

/** No attempt ever hung, and none got an answer other than 201 or a clear 503. */
export function expectNoHangNoServerError(load: IntakeLoad): void {
  const hung = load.attempts.filter((a) => a.error === 'TimeoutError');
  expect(hung).toEqual([]);
  const wrong = load.attempts.filter(
    (a) =>
      a.status !== null &&
      a.status !== 201 &&
      !(a.status === 503 && a.body?.error === 'service_unavailable' && !!a.body?.message),
  );
  expect(wrong).toEqual([]);
}

/** A short account of the load, for the test's log. */
export function summary(load: IntakeLoad): string {
  const byOutcome = new Map<string, number>();
  for (const a of load.attempts) {
    const k = a.status === null ? `no answer (${a.error})` : String(a.status);
    byOutcome.set(k, (byOutcome.get(k) ?? 0) + 1);
  }
  const slowest = Math.max(0, ...load.attempts.map((a) => a.ms));
  return `${load.acknowledged.size} appeals acknowledged; attempts: ${JSON.stringify(Object.fromEntries(byOutcome))}; slowest ${slowest} ms`;
}
