/**
 * The physical limit of the write path on this machine: pgbench running one plain INSERT of an
 * appeal-sized event row per transaction, at the concurrency intake is measured with. The table
 * has the events table's columns and indexes, but none of huquq's triggers or logic.
 *
 * Then the two baselines issue 17 names (support/write-baselines.ts): a minimal NestJS route
 * (validate, seal four fields, one INSERT) on Express and on Fastify, and Emmett's bare
 * PostgreSQL append of one event to a new stream. BENCH_WRITE_BASELINES=0 leaves them out.
 *
 * BENCH_BASELINE_SECONDS (10), BENCH_CONNECTIONS (32).
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { appealBody } from './support/appeals';
import { throwawayDatabase } from './support/database';
import { reportBench, say } from './support/results';
import { emmettAppend, minimalRoute, sayRoute } from './support/write-baselines';

const SECONDS = Number(process.env.BENCH_BASELINE_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

const TABLE = `
  CREATE TABLE events (
    global_position bigserial PRIMARY KEY,
    stream_id       text        NOT NULL,
    stream_version  integer     NOT NULL,
    event_id        uuid        NOT NULL UNIQUE,
    type            text        NOT NULL,
    schema_version  integer     NOT NULL DEFAULT 1,
    data            jsonb       NOT NULL,
    metadata        jsonb       NOT NULL,
    org_id          uuid,
    recorded_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
    previous_hash   bytea,
    hash            bytea,
    CONSTRAINT events_stream_version_unique UNIQUE (stream_id, stream_version)
  );
  CREATE INDEX events_transaction_order ON events (transaction_id, global_position);`;

/** What an appeal-logged event carries: the appeal, its incident with the account sealed. */
function appealSizedData(): string {
  const body = appealBody({ n: 1, run: 0 });
  const incident = body.incident as Record<string, unknown>;
  return JSON.stringify({
    caseId: '5f1c8a52-6a0e-4c4e-9a58-0c1d2e3f4a5b',
    caseNumber: '2026-000123',
    clientId: '0b7e4d3c-2a19-4f08-8e6d-5c4b3a291807',
    appealType: body.appealType,
    channel: body.channel,
    urgency: 'critical',
    receivedAt: body.receivedAt,
    nationality: 'TJ',
    language: 'tg',
    incident: {
      ...incident,
      // A sealed account is base64 of IV, ciphertext and tag: about 4/3 of the UTF-8 text.
      description: `v1.${Buffer.from(String(incident.description)).toString('base64')}`,
    },
    decisionReceivedAt: null,
    incidentId: null,
    possibleDuplicates: [],
  });
}

async function main() {
  const database = await throwawayDatabase('baseline');
  try {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query(TABLE);
    await client.end();

    const data = appealSizedData();
    const metadata = JSON.stringify({
      actorId: '3f0c1c9e-7b1a-4c2e-8f00-000000000002',
      orgId: '3f0c1c9e-7b1a-4c2e-8f00-000000000003',
      requestId: 'bench',
    });
    const script = join(tmpdir(), `huquq-baseline-${process.pid}.sql`);
    writeFileSync(
      script,
      `INSERT INTO events (stream_id, stream_version, event_id, type, data, metadata, org_id)
       VALUES ('case-' || gen_random_uuid(), 1, gen_random_uuid(), 'appeal-logged',
               ${literal(data)}::jsonb, ${literal(metadata)}::jsonb, '3f0c1c9e-7b1a-4c2e-8f00-000000000003');\n`.replace(
        /\n\s+/g,
        ' ',
      ),
    );
    const url = new URL(database.url);
    say(
      `pgbench: one INSERT of a ${Buffer.byteLength(data)}-byte jsonb event per transaction, -c ${CONNECTIONS} -j 2 -T ${SECONDS}`,
    );
    const output = await run('pgbench', [
      '-h',
      url.hostname,
      '-p',
      url.port || '5432',
      '-U',
      decodeURIComponent(url.username) || 'postgres',
      '-n',
      '-f',
      script,
      '-c',
      String(CONNECTIONS),
      '-j',
      '2',
      '-T',
      String(SECONDS),
      database.name,
    ]);
    const tps = Number(/tps = ([\d.]+)/.exec(output)?.[1]);
    const latency = Number(/latency average = ([\d.]+) ms/.exec(output)?.[1]);
    const failed = Number(/number of failed transactions: (\d+)/.exec(output)?.[1] ?? 0);
    if (!Number.isFinite(tps)) throw new Error(`could not read pgbench's tps:\n${output}`);
    say(`${tps.toFixed(0)} inserts/s, average latency ${latency} ms`);
    const others = process.env.BENCH_WRITE_BASELINES === '0' ? null : await writeBaselines(data);
    reportBench({
      bench: 'baseline',
      metrics: [
        {
          id: 'baseline.insertsPerSecond',
          label: 'baseline: pgbench single-row INSERT',
          value: Math.round(tps),
          unit: 'tx/s',
        },
        { id: 'baseline.latencyAverage', label: 'baseline latency average', value: latency, unit: 'ms' },
        ...(others?.metrics ?? []),
      ],
      details: {
        writeBaselines: others?.details ?? 'left out (BENCH_WRITE_BASELINES=0)',
        connections: CONNECTIONS,
        threads: 2,
        seconds: SECONDS,
        rowBytes: Buffer.byteLength(data),
        failed,
      },
    });
  } finally {
    await database.drop();
  }
}

/** The minimal NestJS route (Express, then Fastify) and Emmett's append, one after another. */
async function writeBaselines(eventData: string) {
  say(`minimal NestJS route (validate, seal 4 fields, one INSERT), ${CONNECTIONS} connections, ${SECONDS} s`);
  const express = await minimalRoute('express', SECONDS, CONNECTIONS);
  sayRoute('  on Express', express);
  const fastify = await minimalRoute('fastify', SECONDS, CONNECTIONS);
  sayRoute('  on Fastify', fastify);
  say(`Emmett PostgreSQL appendToStream, one event to a new stream, ${CONNECTIONS} callers, ${SECONDS} s`);
  const emmett = await emmettAppend(SECONDS, CONNECTIONS, JSON.parse(eventData) as Record<string, unknown>);
  say(`  ${emmett.perSecond}/s, p99 ${emmett.p99} ms, errors ${emmett.errors} (emmett-postgresql ${emmett.version})`);
  return {
    metrics: [
      {
        id: 'baseline.nestRoutePerSecond',
        label: 'baseline: minimal NestJS route on Express (validate, seal 4 fields, 1 INSERT)',
        value: express.perSecond,
        unit: 'requests/s',
      },
      {
        id: 'baseline.nestRouteFastifyPerSecond',
        label: 'baseline: the same route on Fastify',
        value: fastify.perSecond,
        unit: 'requests/s',
        baseline: { label: 'on Express', value: express.perSecond, unit: 'requests/s' },
      },
      {
        id: 'baseline.emmettAppendsPerSecond',
        label: 'baseline: Emmett PostgreSQL append, 1 event to a new stream',
        value: emmett.perSecond,
        unit: 'appends/s',
      },
    ],
    details: { express, fastify, emmett },
  };
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(command, args, { maxBuffer: 16 * 2 ** 20 }, (error, stdout, stderr) =>
      error
        ? reject(new Error(`${command} failed: ${stderr || error.message}`))
        : resolve(`${stdout}\n${stderr}`),
    ),
  );
}

main().catch((error) => {
  process.stderr.write(`baseline bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
