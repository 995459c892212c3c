/**
 * A full rebuild of every projection over a log of about a million events: seeds the log (see
 * support/seed-log.ts), then times `projections:rebuild` — the CLI, as an operator runs it, in
 * a process of its own.
 *
 * BENCH_REBUILD_EVENTS (1,000,000), BENCH_CPU_PROFILE_DIR (profile the CLI), BENCH_KEEP_DATABASE
 * (=1: leave the seeded database and print its URL, for EXPLAIN and reruns).
 */
import { randomBytes } from 'node:crypto';
import { createOrgCommand } from '@huquq/identity';
import { Database, runMigrations } from '@huquq/platform';
import { CpuMeter } from './support/cpu';
import { throwawayDatabase } from './support/database';
import { rebuildCommand } from './support/rebuild-command';
import { reportBench, say } from './support/results';
import { seedLog } from './support/seed-log';

const EVENTS = Number(process.env.BENCH_REBUILD_EVENTS ?? 1_000_000);

async function main() {
  const database = await throwawayDatabase('rebuild');
  const keep = process.env.BENCH_KEEP_DATABASE === '1';
  const secrets = {
    HUQUQ_MASTER_KEY: randomBytes(32).toString('base64'),
    BLIND_INDEX_KEY: randomBytes(32).toString('base64url'),
    JWT_SECRET: randomBytes(32).toString('base64url'),
  };
  try {
    await runMigrations(database.url);
    const db = new Database(database.url, 4);
    let seeded;
    const seedStarted = Date.now();
    try {
      const orgs = [];
      for (const name of [
        'Moscow Legal Aid',
        'Saint Petersburg Migrant Rights',
        'Ural Human Rights Network',
      ]) {
        orgs.push((await createOrgCommand(db, { name })).id);
      }
      say(`seeding ${EVENTS.toLocaleString('en-US')} events into ${database.name} (3 organizations)`);
      let reported = 0;
      seeded = await seedLog({
        db,
        masterKey: secrets.HUQUQ_MASTER_KEY,
        blindIndexKey: secrets.BLIND_INDEX_KEY,
        events: EVENTS,
        orgs,
        onProgress: (written) => {
          if (written - reported >= 200_000) {
            reported = written;
            say(
              `  ${written.toLocaleString('en-US')} events (${Math.round(written / ((Date.now() - seedStarted) / 1000))}/s)`,
            );
          }
        },
      });
      await db.query('VACUUM ANALYZE events');
    } finally {
      await db.close();
    }
    const seedSeconds = (Date.now() - seedStarted) / 1000;
    say(
      `seeded ${seeded.events.toLocaleString('en-US')} events (${seeded.cases.toLocaleString('en-US')} cases) in ${seedSeconds.toFixed(0)} s`,
    );

    // Timed on views still empty: a rebuild's reset TRUNCATEs the projections' tables, so
    // rebuilding full views replays into the same clean tables (measured within ~10% of this; see
    // docs/performance.md), and the run stays within minutes.
    say('timing projections:rebuild');
    const cpu = new CpuMeter(undefined);
    const started = Date.now();
    const output = await rebuildCommand(database.url, secrets, process.env.BENCH_CPU_PROFILE_DIR);
    const seconds = (Date.now() - started) / 1000;
    const cpuUsed = cpu.read();
    const counts = await countViews(database.url);
    if (counts.case_views !== seeded.cases) {
      throw new Error(`the rebuild left ${counts.case_views} case views for ${seeded.cases} cases`);
    }
    const perSecond = seeded.events / seconds;
    say(`rebuilt in ${seconds.toFixed(1)} s = ${Math.round(perSecond).toLocaleString('en-US')} events/s`);
    reportBench({
      bench: 'rebuild',
      metrics: [
        {
          id: 'rebuild.eventsPerSecond',
          label: `rebuild of all projections over ${(seeded.events / 1e6).toFixed(2)} M events`,
          value: Math.round(perSecond),
          unit: 'events/s',
          goal: { op: '>=', target: 25_000, text: '≥ 25,000 events/s' },
        },
      ],
      details: {
        events: seeded.events,
        cases: seeded.cases,
        eventsByType: seeded.byType,
        seedSeconds: Math.round(seedSeconds),
        rebuildSeconds: Math.round(seconds * 10) / 10,
        cpuDuringRebuild: cpuUsed,
        views: counts,
        projections: lastJson(output),
      },
    });
  } finally {
    // Synthetic people under throwaway keys: printed so the kept database can be rebuilt again by hand.
    if (keep) say(`kept ${database.url}; its keys: ${JSON.stringify(secrets)}`);
    else await database.drop();
  }
}

async function countViews(url: string): Promise<Record<string, number>> {
  const db = new Database(url, 1);
  try {
    const tables = [
      'case_views',
      'case_history',
      'client_views',
      'client_match_keys',
      'follow_up_tasks',
      'follow_up_jobs',
    ];
    const { rows: present } = await db.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_name = ANY($1) OR table_name LIKE 'report%'",
      [tables],
    );
    const counts: Record<string, number> = {};
    for (const { name } of present) {
      const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${name}`);
      counts[name] = Number(rows[0].n);
    }
    return counts;
  } finally {
    await db.close();
  }
}

function lastJson(output: string): unknown {
  const start = output.indexOf('{');
  try {
    return start >= 0 ? JSON.parse(output.slice(start)) : null;
  } catch {
    return output.slice(-500);
  }
}

main().catch((error) => {
  process.stderr.write(`rebuild bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
