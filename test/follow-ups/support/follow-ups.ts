import { randomBytes } from 'node:crypto';
import { CommandHandler, EventStore, Sealer } from '@huquq/event-store';
import { followUpProjections, FollowUpJobRunner, FollowUpRulebook } from '@huquq/follow-ups';
import { createFollowUpQueue } from '@huquq/follow-ups/jobs/follow-up-queue';
import { createUserCommand } from '@huquq/identity';
import type { Database, Sql, TenantDatabase } from '@huquq/platform';
import { waitFor } from '../../support/wait-for';
import type { TestApp, TestOrg } from '../../support/test-app';

export interface TaskEventRow {
  stream_id: string;
  event_id: string;
  data: Record<string, any>;
}

/** waitFor, typed for checks that answer a value or nothing yet. */
export function until<T>(
  check: () => Promise<T | false | null | undefined | 0 | ''>,
  options: { timeoutMs?: number; what?: string } = {},
): Promise<T> {
  return waitFor(check, options) as Promise<T>;
}

/** Every task-created event of a case, straight from the log. */
export async function taskCreatedEvents(sql: Sql, caseId: string): Promise<TaskEventRow[]> {
  const { rows } = await sql.query<TaskEventRow>(
    `SELECT stream_id, event_id, data FROM events WHERE type = 'task-created' AND data->>'caseId' = $1
     ORDER BY global_position`,
    [caseId],
  );
  return rows;
}

export interface TaskViewRow {
  task_id: string;
  kind: string;
  queue: string;
  status: string;
  priority: string;
  due_at: Date;
  escalated_at: Date | null;
  escalation_of: string | null;
  reminders_sent: number;
  basis: string;
}

export async function tasksOfCase(sql: Sql, caseId: string): Promise<TaskViewRow[]> {
  const { rows } = await sql.query<TaskViewRow>(
    'SELECT * FROM follow_up_tasks WHERE case_id = $1 ORDER BY created_at, task_id',
    [caseId],
  );
  return rows;
}

/** Waits until the case's queue (the projection) shows a task of this kind, and returns it. */
export function taskOfCase(
  t: TestApp,
  caseId: string,
  kind: string,
  timeoutMs = 10000,
): Promise<TaskViewRow> {
  return until(async () => (await tasksOfCase(t.db, caseId)).find((task) => task.kind === kind), {
    timeoutMs,
    what: `a ${kind} task for case ${caseId}`,
  });
}

export interface LedgerRow {
  job_id: string;
  kind: string;
  attempts: number;
  done_at: Date | null;
  outcome: string | null;
  failed_at: Date | null;
  last_error: string | null;
}

export async function ledgerRow(sql: Sql, jobId: string): Promise<LedgerRow | undefined> {
  const { rows } = await sql.query<LedgerRow>('SELECT * FROM follow_up_jobs WHERE job_id = $1', [jobId]);
  return rows[0];
}

/** The id of the plan job of a case's appeal (`plan.<event id of appeal-logged>`). */
export async function planJobIdOf(sql: Sql, caseId: string): Promise<string> {
  const { rows } = await sql.query<{ event_id: string }>(
    `SELECT event_id FROM events WHERE stream_id = $1 AND type = 'appeal-logged'`,
    [`case-${caseId}`],
  );
  return `plan.${rows[0].event_id}`;
}

/** The operators' writes to the queue (security events) the app logged, oldest first. */
export function securityEvents(t: TestApp): Record<string, unknown>[] {
  return t
    .logs()
    .split('\n')
    .filter((line) => line.includes('"securityEvent":"operator_queue_write"'))
    .map((line) => JSON.parse(line));
}

/** Another user of the org, logged in. */
export async function addUser(t: TestApp, org: TestOrg, role: 'lawyer' | 'coordinator') {
  const email = `${role}-${randomBytes(4).toString('hex')}@example.org`;
  const password = 'correct horse battery';
  const user = await createUserCommand(t.db, { org: org.id, email, role, password });
  const res = await t.http.post('/v1/auth/token').send({ email, password }).expect(200);
  return { id: user.id, token: res.body.accessToken as string };
}

/**
 * Stops the app, then removes what its queue left in the shared Redis (jobs kept for Bull Board,
 * the epoch key): every test app has its own QUEUE_PREFIX, so nothing else is touched.
 */
export async function closeAndForgetQueue(t: TestApp): Promise<void> {
  await t.close();
  const queue = createFollowUpQueue({
    redisUrl: t.config.REDIS_URL,
    prefix: t.config.QUEUE_PREFIX,
    attempts: 1,
    retryDelayMs: 1,
  });
  try {
    await queue.obliterate({ force: true });
    const redis = await queue.client;
    await redis.del(`${t.config.QUEUE_PREFIX}:follow-ups:redis-epoch`);
  } finally {
    await queue.close();
  }
}

/**
 * A job runner of the test's own, outside the app. It writes through the one write path inside
 * the job's transaction (executeIn), which needs neither the request path's connections nor a
 * sealer: follow-up jobs write nothing personal.
 */
export function jobRunnerOn(db: Database, timeScale = 1, clock?: () => Date): FollowUpJobRunner {
  const store = new EventStore(db);
  const sealsNothing: Sealer = {
    seal: () => Promise.reject(new Error('follow-up jobs seal nothing')),
    open: () => Promise.reject(new Error('follow-up jobs open nothing')),
  };
  const commands = new CommandHandler(
    {} as TenantDatabase, // only execute() uses it; the runner calls executeIn()
    store,
    sealsNothing,
    followUpProjections().filter((projection) => projection.inline),
    'unused: no Idempotency-Keys in jobs',
  );
  return new FollowUpJobRunner(db, store, commands, new FollowUpRulebook(store), timeScale, clock);
}
