/**
 * Intake over HTTP: POST /v1/appeals against the built API in a child process, 32 connections,
 * then how long the views and the load report take to count every acknowledged appeal.
 *
 * The organization already has cases (BENCH_INTAKE_EXISTING_CASES, 20,000, written as the
 * service writes them): intake's duplicate search and every index are then of a size an office
 * reaches in weeks, not empty.
 *
 * Statements per appeal: when the server preloads pg_stat_statements (the private server
 * `npm run bench` starts for baseline and intake does, see support/own-postgres.ts), its counters
 * are reset when the load starts and read once every appeal acknowledged during the load is in
 * the views and the load report; every call counted in between (the bench's own probes left out:
 * they connect as MONITOR_ROLE), divided by the appeals acknowledged during the load. See
 * docs/performance.md, "Statements per appeal".
 *
 * BENCH_INTAKE_SECONDS (20), BENCH_CONNECTIONS (32), BENCH_WARMUP_SECONDS (5),
 * BENCH_CPU_PROFILE_DIR (write a V8 profile of the server there), BENCH_SERVER_ENV (JSON of
 * extra environment for the server, e.g. '{"WORKER_EMBEDDED":"false"}').
 */
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { Client } from 'pg';
import { createOrgCommand, createUserCommand } from '@huquq/identity';
import { Database, runMigrations } from '@huquq/platform';
import { appealBody } from './support/appeals';
import { BackendCpuMeter, CpuMeter } from './support/cpu';
import { MONITOR_ROLE } from './support/own-postgres';
import { rebuildCommand } from './support/rebuild-command';
import { StatementCounts, StatementStats } from './support/pg-statements';
import { throwawayDatabase } from './support/database';
import { BenchMetric, reportBench, say } from './support/results';
import { seedLog } from './support/seed-log';
import { BenchServer, http, randomSecrets, ServerSecrets, startServer } from './support/server';

const SECONDS = Number(process.env.BENCH_INTAKE_SECONDS ?? 20);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
/** One request in ten carries an Idempotency-Key, as a client on a bad connection would. */
const WITH_KEY_EVERY = 10;
const CATCH_UP_TIMEOUT_MS = 120_000;
const EXISTING_CASES = Number(process.env.BENCH_INTAKE_EXISTING_CASES ?? 20_000);
/**
 * From this many cases of history on, the views are built by `projections:rebuild` before the
 * API starts (one shared read, indexes after the load) instead of by the API catching up at
 * start: the growth bench's million events would otherwise take minutes more.
 */
const REBUILD_FIRST_FROM_CASES = 50_000;
/** Waiting for the history in the views and the report: longer for a longer history. */
const HISTORY_TIMEOUT_MS = Math.max(CATCH_UP_TIMEOUT_MS, EXISTING_CASES * 3);

interface LoadOutcome {
  result: autocannon.Result;
  acknowledged: string[];
  lastAckAt: number;
  withKey: number;
  /** The first few error answers (error bodies carry no personal data). */
  errorSamples: string[];
}

async function main() {
  const database = await throwawayDatabase('intake');
  let server: BenchServer | null = null;
  try {
    await runMigrations(database.url);
    const secrets = randomSecrets();
    // The seed stops at six events a case or at the cases asked for, whichever comes first.
    const { orgId, cases: seededCases } = await existingCases(database.url, secrets, EXISTING_CASES);
    // The bench's own probes (row counts, backends, pg_stat_statements) connect as their own role
    // where the server has it, so the statement counts hold the service's statements only.
    const monitor = await monitorOf(database.url);
    const existingEvents = await eventCount(database.url);
    if (EXISTING_CASES >= REBUILD_FIRST_FROM_CASES) {
      say(`building the views of ${existingEvents.toLocaleString('en-US')} events: projections:rebuild`);
      await rebuildCommand(database.url, { ...secrets });
    }
    say(`database ${database.name}; starting the API (built) as a child process`);
    server = await startServer({
      databaseUrl: database.url,
      secrets,
      cpuProfileDir: process.env.BENCH_CPU_PROFILE_DIR,
      env: process.env.BENCH_SERVER_ENV
        ? (JSON.parse(process.env.BENCH_SERVER_ENV) as Record<string, string>)
        : {},
    });
    await viewsHold(monitor.url, seededCases, HISTORY_TIMEOUT_MS);
    // The views were filled by the API's projections after the seed's VACUUM ANALYZE: without
    // statistics of them (autovacuum is off on the bench's server, never in production) the
    // duplicate search was planned for empty tables and took ~100 ms an appeal, 95 % of all
    // statement time.
    await analyze(database.url);
    // And every projection at the head of the log: a reports projection still replaying the
    // history (it lagged 30,000 events into the load) measures its catching up, not intake.
    await projectionsAtHead(database.url, HISTORY_TIMEOUT_MS);
    const tokens = await usersOf(database.url, server.url, orgId);
    const history = await reportHolds(server.url, tokens.coordinator, seededCases, HISTORY_TIMEOUT_MS);
    const acknowledged: string[] = [];

    say(`warm-up: ${WARMUP_SECONDS} s, ${CONNECTIONS} connections`);
    const warm = await load(server.url, tokens.intake, WARMUP_SECONDS, 1);
    acknowledged.push(...warm.acknowledged);
    await caughtUp(monitor.url, server.url, tokens.coordinator, acknowledged, history, CATCH_UP_TIMEOUT_MS);
    // Statistics again, as autovacuum would take them once the warm-up's appeals are in: on an
    // empty store the planner otherwise plans for empty tables (a sequential scan of the events
    // calling the log's horizon function per row: 560 statements an appeal instead of 13).
    if (EXISTING_CASES < REBUILD_FIRST_FROM_CASES) await analyze(database.url);

    say(`load: ${SECONDS} s, ${CONNECTIONS} connections, POST /v1/appeals, each a new person`);
    // Reset here: from now on every statement of the service counts towards the load's appeals.
    const statements = await StatementStats.open(monitor.url, monitor.role);
    const backends = await BackendCpuMeter.begin(() => backendPids(monitor.url, database.name));
    const cpu = new CpuMeter(server.pid);
    const run = await load(server.url, tokens.intake, SECONDS, 2);
    const cpuUsed = { ...cpu.read(), postgresBackendSeconds: await backends.seconds() };
    acknowledged.push(...run.acknowledged);
    const caughtUpAt = await caughtUp(
      monitor.url,
      server.url,
      tokens.coordinator,
      acknowledged,
      history,
      CATCH_UP_TIMEOUT_MS,
    );
    const catchUpMs = Math.max(0, caughtUpAt - run.lastAckAt);
    // Read now: the load's appeals are in every view, nothing else has been asked yet.
    const counted = statements ? await statements.counts() : null;
    const statementDetails = statements
      ? {
          counts: counted,
          byCalls: await statements.top(run.acknowledged.length, 40, 'calls'),
          byTime: await statements.top(run.acknowledged.length, 30, 'time'),
        }
      : 'pg_stat_statements not loaded';
    if (counted?.deallocations)
      say(`pg_stat_statements evicted ${counted.deallocations} entries: counts are low`);

    // Read-your-writes, spot-checked: the last acknowledged case reads back at once.
    const last = run.acknowledged.at(-1);
    if (last) await http(`GET`, `${server.url}/v1/cases/${last}`, undefined, auth(tokens.intake));

    const { result } = run;
    const seconds = (result.finish.getTime() - result.start.getTime()) / 1000;
    const errors = result.errors + result.timeouts + result.non2xx;
    const perSecond = run.acknowledged.length / seconds;
    if (counted)
      say(`${counted.all} statements = ${(counted.all / run.acknowledged.length).toFixed(1)} per appeal`);
    else say('pg_stat_statements is not loaded on this server: no statement counts');
    say(
      `${run.acknowledged.length} appeals acknowledged in ${seconds.toFixed(1)} s = ${perSecond.toFixed(0)}/s; ` +
        `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms; errors ${errors}; catch-up ${catchUpMs} ms`,
    );
    reportBench({
      bench: 'intake',
      metrics: [
        // Issue 17's goals: absolute, then as ratios to the baselines measured in the same run.
        {
          id: 'intake.appealsPerSecond',
          label: 'intake POST /v1/appeals',
          value: round(perSecond),
          unit: 'appeals/s',
          goal: { op: '>=', target: 1000, text: '≥ 1,000 appeals/s' },
        },
        {
          id: 'intake.vsPgbench',
          label: 'intake ÷ pgbench single-row INSERT',
          value: round(perSecond),
          unit: 'appeals/s',
          goal: { op: '>=', target: 0.3, relativeTo: 'baseline.insertsPerSecond', text: '≥ 0.3 × pgbench' },
        },
        {
          id: 'intake.vsNestRoute',
          label: 'intake ÷ minimal NestJS route (Express)',
          value: round(perSecond),
          unit: 'appeals/s',
          goal: { op: '>=', target: 0.5, relativeTo: 'baseline.nestRoutePerSecond', text: '≥ 0.5 × route' },
        },
        {
          id: 'intake.vsEmmett',
          label: 'intake ÷ Emmett bare append',
          value: round(perSecond),
          unit: 'appeals/s',
          goal: { op: '>=', target: 0.5, relativeTo: 'baseline.emmettAppendsPerSecond', text: '≥ 0.5 × Emmett' },
        },
        {
          id: 'intake.vsEmmettStretch',
          label: 'intake ÷ Emmett bare append (stretch)',
          value: round(perSecond),
          unit: 'appeals/s',
          goal: { op: '>=', target: 1.5, relativeTo: 'baseline.emmettAppendsPerSecond', text: '≥ 1.5 × Emmett' },
        },
        {
          id: 'intake.latencyP50',
          label: 'intake latency p50',
          value: result.latency.p50,
          unit: 'ms',
        },
        {
          id: 'intake.latencyP99',
          label: 'intake latency p99',
          value: result.latency.p99,
          unit: 'ms',
          goal: { op: '<=', target: 100, text: '≤ 100 ms' },
        },
        {
          id: 'intake.errors',
          label: 'intake errors (non-2xx, timeouts, socket errors)',
          value: errors,
          unit: 'requests',
          goal: { op: '<=', target: 0, text: '= 0' },
        },
        {
          id: 'catchUp.ms',
          label: 'projection catch-up after the load',
          value: catchUpMs,
          unit: 'ms',
          goal: { op: '<=', target: 1000, text: '≤ 1 s' },
        },
        ...(counted ? statementMetrics(counted, run.acknowledged.length) : []),
      ],
      details: {
        connections: CONNECTIONS,
        seconds: round(seconds),
        warmupSeconds: WARMUP_SECONDS,
        acknowledged: run.acknowledged.length,
        withIdempotencyKey: run.withKey,
        latency: pick(result.latency, ['min', 'average', 'p50', 'p90', 'p97_5', 'p99', 'p99_9', 'max']),
        statusCodes: result.statusCodeStats,
        non2xx: result.non2xx,
        timeouts: result.timeouts,
        socketErrors: result.errors,
        existingCases: seededCases,
        existingEvents,
        casesLoggedInWarmUp: warm.acknowledged.length,
        errorSamples: run.errorSamples,
        cpuDuringLoad: cpuUsed,
        cpuMsPerAppeal: {
          api: perAppeal(cpuUsed.processSeconds, run.acknowledged.length),
          postgres: perAppeal(cpuUsed.postgresBackendSeconds, run.acknowledged.length),
          machine: perAppeal(cpuUsed.machineBusySeconds, run.acknowledged.length),
        },
        statements: statementDetails,
        serverEnv: process.env.BENCH_SERVER_ENV ?? null,
      },
    });
  } finally {
    if (server) {
      await server.stop();
      await forgetQueueKeys(server.queuePrefix);
      const complaints = server.output().trim();
      if (complaints)
        say(`the API said (warn and up, last lines):\n${complaints.split('\n').slice(-5).join('\n')}`);
    }
    await database.drop();
  }
}

async function analyze(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('VACUUM ANALYZE');
  } finally {
    await client.end();
  }
}

/** The organization, with its history of cases written as the service writes them. */
async function existingCases(
  databaseUrl: string,
  secrets: ServerSecrets,
  cases: number,
): Promise<{ orgId: string; cases: number }> {
  const db = new Database(databaseUrl, 4);
  try {
    const org = await createOrgCommand(db, { name: 'Bench Legal Aid' });
    let seeded = 0;
    if (cases > 0) {
      say(`writing the organization's history: ${cases.toLocaleString('en-US')} cases`);
      // About six events a case (see seed-log.ts).
      ({ cases: seeded } = await seedLog({
        db,
        masterKey: secrets.HUQUQ_MASTER_KEY,
        blindIndexKey: secrets.BLIND_INDEX_KEY,
        events: cases * 6,
        orgs: [org.id],
        maxCases: cases,
      }));
      // Their follow-ups were done long ago: the history counts as logged before follow-ups
      // existed (as the follow-ups migration records for an installation with history), so the
      // service starts with no burst of long-overdue jobs to plan.
      await db.query(
        `UPDATE follow_up_dispatch_state SET (history_until_txid, history_until_position) =
           (SELECT transaction_id, global_position FROM events ORDER BY transaction_id DESC, global_position DESC LIMIT 1)
         WHERE id = 1`,
      );
      // What autovacuum does to a history in the background: statistics the planner plans with
      // (the development server runs with autovacuum off; production must not).
      await db.query('VACUUM ANALYZE');
    }
    return { orgId: org.id, cases: seeded };
  } finally {
    await db.close();
  }
}

/** Events in the log before the service starts: the history the growth bench varies. */
async function eventCount(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM events');
    return Number(rows[0].n);
  } finally {
    await client.end();
  }
}

/** Until the service's projections have caught up with the history (they do at start). */
async function viewsHold(databaseUrl: string, cases: number, timeoutMs: number): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM case_views');
      if (Number(rows[0].n) >= cases) return;
      if (Date.now() > deadline) throw new Error('the views did not catch up with the history');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await client.end();
  }
}

/** Until every projection's checkpoint is at the head of the log (or the timeout, then on with a note). */
async function projectionsAtHead(url: string, timeoutMs: number): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const { rows } = await client.query<{ behind: string }>(
        `SELECT count(*) AS behind FROM projection_checkpoints
          WHERE global_position < (SELECT coalesce(max(global_position), 0) FROM events)`,
      );
      if (Number(rows[0].behind) === 0) return;
      if (Date.now() > deadline) {
        say(`${rows[0].behind} projection(s) still behind the history after ${timeoutMs / 1000} s: measuring anyway`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    await client.end();
  }
}

/** Until the load report counts the history; answers what it counts today before the load. */
async function reportHolds(url: string, token: string, cases: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const opened = await openedToday(url, token);
    if (opened >= cases) return opened;
    if (Date.now() > deadline) throw new Error('the load report did not catch up with the history');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** An intake worker and a coordinator (who may read reports) of the organization, logged in. */
async function usersOf(
  databaseUrl: string,
  url: string,
  orgId: string,
): Promise<{ intake: string; coordinator: string }> {
  const db = new Database(databaseUrl, 2);
  try {
    const tokens: Record<string, string> = {};
    for (const role of ['intake', 'coordinator']) {
      const email = `${role}@bench.example.org`;
      const password = 'bench password';
      await createUserCommand(db, { org: orgId, email, role, password });
      const { accessToken } = await http<{ accessToken: string }>('POST', `${url}/v1/auth/token`, {
        email,
        password,
      });
      tokens[role] = accessToken;
    }
    return { intake: tokens.intake, coordinator: tokens.coordinator };
  } finally {
    await db.close();
  }
}

function auth(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** autocannon with a new person in every request; collects the case ids of the 201s. */
function load(url: string, token: string, seconds: number, run: number): Promise<LoadOutcome> {
  const acknowledged: string[] = [];
  let lastAckAt = 0;
  let n = 0;
  let withKey = 0;
  const errorSamples: string[] = [];
  const headers = { 'content-type': 'application/json', ...auth(token) };
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections: CONNECTIONS,
        duration: seconds,
        timeout: 30,
        requests: [
          {
            method: 'POST',
            path: '/v1/appeals',
            setupRequest: (request) => {
              n += 1;
              const keyed = n % WITH_KEY_EVERY === 0;
              if (keyed) withKey += 1;
              return {
                ...request,
                headers: keyed
                  ? { ...headers, 'idempotency-key': `bench-${run}-${n}-${randomUUID()}` }
                  : headers,
                body: JSON.stringify(appealBody({ n, run })),
              };
            },
            onResponse: (status, body) => {
              if (status !== 201) {
                if (errorSamples.length < 3) errorSamples.push(`${status} ${body.slice(0, 300)}`);
                return;
              }
              lastAckAt = Date.now();
              acknowledged.push((JSON.parse(body) as { caseId: string }).caseId);
            },
          },
        ],
      },
      (error, result) =>
        error ? reject(error) : resolve({ result, acknowledged, lastAckAt, withKey, errorSamples }),
    );
  });
}

/**
 * Polls until the case views hold every acknowledged case and the load report (GET
 * /v1/reports/load) counts at least as many openings; returns when that was first seen.
 */
async function caughtUp(
  databaseUrl: string,
  url: string,
  coordinatorToken: string,
  caseIds: string[],
  before: number,
  timeoutMs: number,
): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const deadline = Date.now() + timeoutMs;
  let views = 0;
  let reported = 0;
  try {
    for (;;) {
      if (views < caseIds.length) {
        const { rows } = await client.query<{ n: string }>(
          'SELECT count(*) AS n FROM case_views WHERE case_id = ANY($1::uuid[])',
          [caseIds],
        );
        views = Number(rows[0].n);
      }
      if (views >= caseIds.length) reported = (await openedToday(url, coordinatorToken)) - before;
      if (views >= caseIds.length && reported >= caseIds.length) return Date.now();
      if (Date.now() > deadline) {
        throw new Error(
          `projections did not catch up within ${timeoutMs} ms: ${views} of ${caseIds.length} in the case views, ` +
            `${reported} counted by the load report`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    await client.end();
  }
}

/** Openings the load report counts today (the history was written today too). */
async function openedToday(url: string, token: string): Promise<number> {
  const today = new Date().toISOString().slice(0, 10);
  const report = await http<{ totals: { opened: number } }>(
    'GET',
    `${url}/v1/reports/load?groupBy=appealType&from=${today}&to=${today}`,
    undefined,
    auth(token),
  );
  return report.totals.opened;
}

/** Removes the bench's queue keys from the shared Redis (all under its own random prefix). */
async function forgetQueueKeys(prefix: string): Promise<void> {
  const redis = new Redis(process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379', {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch {
    // Nothing to clean if Redis is away.
  } finally {
    redis.disconnect();
  }
}

async function backendPids(url: string, name: string): Promise<number[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND usename <> $2',
      [name, MONITOR_ROLE],
    );
    return rows.map((row) => row.pid);
  } finally {
    await client.end();
  }
}

/**
 * What each of the service's roles runs. pg_stat_statements keeps calls per role, database and
 * statement (not per application_name or connection), so this is the finest split there is
 * without changing the service: background work shares the owner's pool with key creation.
 */
const ROLES: Record<string, string> = {
  huquq_app: "request path: intake's tenant transactions",
  postgres: 'owner: all background work (projections, follow-ups)',
  keyring: "people's data keys: look-ups and creation, in the keyring database (0023)",
};
/** The app role is the installation's own, huquq_app_<database> (decision 0022). */
const roleLabel = (role: string) => ROLES[role.startsWith('huquq_app') ? 'huquq_app' : role];

/**
 * Statements per acknowledged appeal: all of them, those the service sent itself (top-level;
 * the rest ran inside triggers and functions), and by the role that ran them.
 */
function statementMetrics(counted: StatementCounts, appeals: number): BenchMetric[] {
  const per = (calls: number) => Math.round((calls / Math.max(1, appeals)) * 10) / 10;
  return [
    {
      id: 'intake.statementsPerAppeal',
      label: 'statements per appeal (all, pg_stat_statements)',
      value: per(counted.all),
      unit: 'statements',
    },
    {
      id: 'intake.statementsPerAppeal.topLevel',
      label: '… of them sent by the service (top-level)',
      value: per(counted.topLevel),
      unit: 'statements',
    },
    ...Object.entries(counted.byRole)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([role, calls]) => ({
        id: `intake.statementsPerAppeal.role.${role}`,
        label: `… of them run as ${role}${roleLabel(role) ? ` (${roleLabel(role)})` : ''}`,
        value: per(calls),
        unit: 'statements',
      })),
  ];
}

/** The database's URL as MONITOR_ROLE where the server has that role (the private one does). */
async function monitorOf(url: string): Promise<{ url: string; role: string | null }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [MONITOR_ROLE]);
    if (rows.length === 0) return { url, role: null };
    const monitor = new URL(url);
    monitor.username = MONITOR_ROLE;
    return { url: monitor.toString(), role: MONITOR_ROLE };
  } finally {
    await client.end();
  }
}

function perAppeal(seconds: number | null, appeals: number): number | null {
  return seconds === null || appeals === 0 ? null : round((seconds * 1000) / appeals);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function pick<T extends object>(value: T, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, (value as Record<string, unknown>)[key]]));
}

main().catch((error) => {
  process.stderr.write(`intake bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
