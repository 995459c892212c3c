/**
 * The two baselines issue 17 holds intake to, besides pgbench, measured in the baseline bench
 * (just before intake, on the same server):
 *
 * - the minimal NestJS route (support/minimal-route.ts): intake's request class validated by the
 *   service's pipe, four fields sealed with AES-256-GCM, one INSERT — as a child process, loaded
 *   by autocannon over HTTP exactly as intake is, on Express (what huquq runs) and on Fastify;
 * - Emmett's PostgreSQL event store (`@event-driven-io/emmett-postgresql`, npm, a devDependency
 *   used only here): `appendToStream` of one appeal-sized event to a new stream, expecting the
 *   stream not to exist, from 32 concurrent callers in this process, on a pool of 10
 *   connections (node-postgres' default, what Emmett makes by itself).
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { appealBody } from './appeals';
import { CpuMeter } from './cpu';
import { throwawayDatabase } from './database';
import { MINIMAL_TABLE } from './minimal-route';
import { benchBuild, repoRoot } from './repo';
import { say } from './results';
import { freePort } from './server';

interface RouteFigures {
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU of the route's process per request, ms. */
  cpuMsPerRequest: number;
}

/** The minimal route on one adapter, `seconds` of load at `connections`. */
export async function minimalRoute(
  adapter: 'express' | 'fastify',
  seconds: number,
  connections: number,
): Promise<RouteFigures> {
  const database = await throwawayDatabase(`minimal_${adapter}`);
  const port = await freePort();
  const setup = new Client({ connectionString: database.url });
  await setup.connect();
  await setup.query(MINIMAL_TABLE);
  await setup.end();
  const child = spawn(process.execPath, [benchBuild('bench', 'support', 'minimal-route.js')], {
    cwd: repoRoot(),
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
      PORT: String(port),
      MINIMAL_ADAPTER: adapter,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  try {
    await listening(url, () => child.exitCode, () => output);
    await load(url, 3, connections, 0); // warm-up
    const cpu = new CpuMeter(child.pid);
    const { result, created } = await load(url, seconds, connections, 1);
    const used = cpu.read();
    const elapsed = (result.finish.getTime() - result.start.getTime()) / 1000;
    return {
      perSecond: Math.round(created / elapsed),
      p50: result.latency.p50,
      p99: result.latency.p99,
      errors: result.errors + result.timeouts + result.non2xx,
      cpuMsPerRequest: Math.round(((used.processSeconds ?? 0) * 1000 * 100) / Math.max(1, created)) / 100,
    };
  } finally {
    child.kill('SIGTERM');
    await exited;
    await database.drop();
  }
}

async function listening(url: string, exitCode: () => number | null, output: () => string) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (exitCode() !== null) throw new Error(`the minimal route exited:\n${output()}`);
    try {
      const res = await fetch(`${url}/v1/appeals`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(appealBody({ n: 0, run: 9 })),
      });
      if (res.status === 201) return;
      throw new Error(`the minimal route answered ${res.status}: ${await res.text()}`);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('the minimal route')) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the minimal route did not listen in 30 s:\n${output()}`);
}

function load(
  url: string,
  seconds: number,
  connections: number,
  run: number,
): Promise<{ result: autocannon.Result; created: number }> {
  let n = 0;
  let created = 0;
  return new Promise((resolve, reject) =>
    autocannon(
      {
        url,
        connections,
        duration: seconds,
        timeout: 30,
        requests: [
          {
            method: 'POST',
            path: '/v1/appeals',
            setupRequest: (request) => ({
              ...request,
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(appealBody({ n: ++n, run })),
            }),
            onResponse: (status) => {
              if (status === 201) created += 1;
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve({ result, created })),
    ),
  );
}

interface EmmettFigures {
  perSecond: number;
  p99: number;
  errors: number;
  version: string;
}

/** Emmett's bare append, one event to a new stream, `connections` callers for `seconds`. */
export async function emmettAppend(
  seconds: number,
  connections: number,
  eventData: Record<string, unknown>,
): Promise<EmmettFigures> {
  // Loaded here only: nothing else in huquq uses Emmett.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const emmett = require('@event-driven-io/emmett-postgresql') as typeof import('@event-driven-io/emmett-postgresql');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { STREAM_DOES_NOT_EXIST } = require('@event-driven-io/emmett') as typeof import('@event-driven-io/emmett');
  const database = await throwawayDatabase('emmett');
  // Our own pool (node-postgres' default size, 10, as Emmett's own would be), ended before the
  // database is dropped: the drop terminates idle connections, which must not crash the bench.
  const pool = new Pool({ connectionString: database.url, max: 10 });
  pool.on('error', () => undefined);
  const store = emmett.getPostgreSQLEventStore(database.url, { connectionOptions: { pool } });
  const latencies: number[] = [];
  let appended = 0;
  let errors = 0;
  try {
    const append = async () => {
      const started = performance.now();
      try {
        await store.appendToStream(
          `appeal-${randomUUID()}`,
          [{ type: 'AppealLogged', data: eventData }],
          { expectedStreamVersion: STREAM_DOES_NOT_EXIST },
        );
        appended += 1;
        latencies.push(performance.now() - started);
      } catch {
        errors += 1;
      }
    };
    await append(); // creates Emmett's schema
    const run = async (ms: number) => {
      const until = Date.now() + ms;
      await Promise.all(
        Array.from({ length: connections }, async () => {
          while (Date.now() < until) await append();
        }),
      );
    };
    await run(3000); // warm-up
    appended = 0;
    errors = 0;
    latencies.length = 0;
    const started = Date.now();
    await run(seconds * 1000);
    const elapsed = (Date.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      perSecond: Math.round(appended / elapsed),
      p99: Math.round(latencies[Math.floor(latencies.length * 0.99)] ?? 0),
      errors,
      version: emmettVersion(),
    };
  } finally {
    await store.close();
    await pool.end().catch(() => undefined);
    await database.drop();
  }
}

function emmettVersion(): string {
  try {
    // The package exports no package.json: read it from its folder.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { readFileSync } = require('node:fs') as typeof import('node:fs');
    const file = require.resolve('@event-driven-io/emmett-postgresql').replace(/dist\/index\.cjs$/, 'package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Says what a baseline measured. */
export function sayRoute(name: string, figures: RouteFigures): void {
  say(
    `${name}: ${figures.perSecond}/s, p50 ${figures.p50} ms, p99 ${figures.p99} ms, errors ${figures.errors}, ` +
      `${figures.cpuMsPerRequest} ms CPU per request`,
  );
}
