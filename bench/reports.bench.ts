import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventStore, ProjectionRunner } from '@huquq/event-store';
import type { Actor } from '@huquq/identity';
import { appDatabaseUrl, Database, runMigrations, TenantDatabase } from '@huquq/platform';
import {
  GetBacklogReport,
  GetBacklogReportHandler,
  GetLoadReport,
  GetLoadReportHandler,
  GROUP_BYS,
  REPORT_TABLES,
  reportProjections,
} from '@huquq/reports';
import { periodMedians } from '@huquq/reports/backlog/period-medians';
import {
  BackdatedEvent,
  CaseHistory,
  insertBackdated,
  legalDeadline,
  TaskHistory,
} from '@huquq/reports/testing/backdated-history';
import { throwawayDatabase } from './support/database';
import { machineFacts } from './support/machine';
import { repoRoot } from './support/repo';
import { BenchMetric, reportBench, say } from './support/results';

/**
 * The reports at scale: 200,000 cases (about a million events) in one organization over two
 * years, the reports projection caught up from the start of the log, then each report asked
 * for 200 times. Targets: p95 under 50 ms for each report. Compared with a baseline measured in
 * the same run: a tenant transaction around `SELECT 1`, and a primary-key lookup.
 *
 * Besides handing its figures to the runner, it writes the whole table to
 * bench/results/<date>-reports.json.
 *
 * The backlog's medians are also measured alone, both ways, in the same run: from the delay
 * histogram (docs/decisions/0150) and by sorting every case of the year (how they were computed
 * before, the baseline).
 *
 * Growth: then the organization's report rows are copied until it has BENCH_REPORT_GROWTH_CASES
 * cases (2,000,000; 0 skips it) over the same two years — ten times the cases per day, what a
 * national network would log — and every report is measured again; its p95 is held to 1.5 × the
 * p95 at 200,000 (near flat) and to the same 50 ms. Copying the rows instead of logging ten
 * million more events keeps the run within minutes; the report tables are what the queries read.
 *
 * BENCH_REPORT_CASES (200,000), BENCH_REPORT_RUNS (200), BENCH_REPORT_GROWTH_CASES (2,000,000),
 * BENCH_DATABASE_SERVER, BENCH_KEEP_DATABASE (=1: leave the seeded database and print its URL,
 * for EXPLAIN and reruns).
 */
const CASES = Number(process.env.BENCH_REPORT_CASES ?? 200_000);
const RUNS = Number(process.env.BENCH_REPORT_RUNS ?? 200);
const GROWTH_CASES = Number(process.env.BENCH_REPORT_GROWTH_CASES ?? 2_000_000);
/** The old sort over a year of 2,000,000 cases takes about a second: fewer runs of it. */
const SLOW_RUNS = 20;
/** Growth allowed from 200,000 to 2,000,000 cases, as a factor of the p95. */
const GROWTH_FACTOR = 1.5;
const WARMUP = 20;
const TARGET_P95_MS = 50;
const DAY = 86_400_000;
const HOUR = 3_600_000;

// A fixed sequence, so two runs measure the same history.
let state = 20240322;
function random(): number {
  state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
  return state / 4294967296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

const TYPES = [
  'detention',
  'detention',
  'detention',
  'detention',
  'document_check',
  'document_check',
  'document_check',
  'eviction',
  'expulsion_order',
  'deportation',
  'entry_ban',
  'registration_cancelled',
  'workplace_raid',
  'hate_violence',
  'labour_exploitation',
  'document_confiscation',
  'other',
];
const CHANNELS = [
  'hotline',
  'hotline',
  'hotline',
  'messenger',
  'messenger',
  'walk_in',
  'email',
  'referral',
  'other',
];
const URGENCIES = ['critical', 'high', 'normal', 'normal', 'low'];
const NATIONALITIES = [
  'TJ',
  'TJ',
  'TJ',
  'UZ',
  'UZ',
  'UZ',
  'KG',
  'KG',
  'KZ',
  'AZ',
  'AM',
  'MD',
  'TM',
  'RU',
  null,
];
const REGIONS = [
  ...['Moscow', 'Moscow', 'Moscow', 'Moscow Oblast', 'Moscow Oblast', 'Saint Petersburg', 'Leningrad Oblast'],
  ...Array.from({ length: 80 }, (_, i) => `Region ${String(i + 1).padStart(2, '0')}`),
  null,
];

interface Seeded {
  cases: number;
  events: number;
}

/** One case's streams: the case, its follow-up task, sometimes a legal deadline. */
function caseEvents(
  orgId: string,
  n: number,
  loggedAt: Date,
  now: number,
  lawyers: string[],
): BackdatedEvent[] {
  const appealType = pick(TYPES);
  const c = new CaseHistory({
    orgId,
    caseNumber: `${loggedAt.getUTCFullYear()}-${String(n).padStart(6, '0')}`,
    appealType,
    channel: pick(CHANNELS),
    urgency: pick(URGENCIES),
    nationality: pick(NATIONALITIES),
    region: pick(REGIONS),
    loggedAt,
  });
  // Times run forward from intake; what would happen after now has not happened yet (the case
  // is simply still open), so recent cases make the backlog as they would.
  // From the task's creation on: a stream's events must come in order (the hash chain).
  let t = loggedAt.getTime() + 60_000;
  const after = (ms: number): Date | null => {
    t += ms;
    return t < now ? new Date(t) : null;
  };
  const lawyer = { id: pick(lawyers), role: 'lawyer' };
  const events: BackdatedEvent[] = [];
  const task = new TaskHistory({
    orgId,
    caseId: c.caseId,
    dueAt: new Date(loggedAt.getTime() + 24 * HOUR),
    createdAt: new Date(Math.min(loggedAt.getTime() + 60_000, now - 1)),
  });
  if (random() < 0.1) {
    events.push(
      legalDeadline({
        orgId,
        caseId: c.caseId,
        taskId: task.taskId,
        dueAt: new Date(loggedAt.getTime() + 10 * DAY),
        setAt: task.task.createdAt,
      }),
    );
  }
  const steps: [number, number, (at: Date) => unknown][] = [
    [0.9, 2 * HOUR, (at) => c.assign(lawyer.id, at)],
    [0.8, 10 * HOUR, (at) => task.complete(at, lawyer)],
    [0.5, 12 * HOUR, (at) => c.moveTo('triaged', at, lawyer)],
    [0.2, DAY, (at) => c.moveTo('in_progress', at, lawyer)],
  ];
  for (const [p, within, step] of steps) {
    const happens = random() < p;
    const at = after(random() * within);
    if (happens && at) step(at);
  }
  if (random() < 0.9) {
    const closed = after(random() * 40 * DAY);
    if (closed) {
      c.close(closed);
      if (random() < 0.05) {
        const reopened = after(random() * 10 * DAY);
        if (reopened) c.reopen(reopened);
        const closedAgain = reopened && random() < 0.6 ? after(random() * 20 * DAY) : null;
        if (closedAgain) c.close(closedAgain);
      }
    }
  }
  return [...c.events, ...task.events, ...events];
}

/**
 * Appends the history in the order it would have been logged: by time, every case's events
 * interleaved with everyone else's, so the projection sees pages as it does in production (a
 * page of 500 events covers a day or two). One statement at a time: a case's next event may be
 * in the next statement, and the hash chain wants its predecessor committed.
 */
async function seedHistory(db: Database, orgId: string, cases: number, lawyers: string[]): Promise<Seeded> {
  const now = Date.now();
  const start = now - 730 * DAY;
  const pending = new EventHeap();
  let page: BackdatedEvent[] = [];
  let events = 0;
  const emit = async (event: BackdatedEvent) => {
    page.push(event);
    events += 1;
    if (page.length === 5000) {
      await insertBackdated(db, page);
      page = [];
    }
  };
  for (let n = 1; n <= cases; n++) {
    // Evenly over two years, oldest first, as intake would have logged them.
    const loggedAt = new Date(start + ((n - 1) / cases) * (now - start - HOUR) + random() * 60_000);
    while (pending.size > 0 && pending.peek().recordedAt < loggedAt) await emit(pending.pop());
    for (const event of caseEvents(orgId, n, loggedAt, now, lawyers)) pending.push(event);
  }
  while (pending.size > 0) await emit(pending.pop());
  await insertBackdated(db, page);
  return { cases, events };
}

/** Events by time, and in the order they were pushed when the times are equal (stream order). */
class EventHeap {
  private readonly items: { event: BackdatedEvent; at: number; seq: number }[] = [];
  private seq = 0;

  get size(): number {
    return this.items.length;
  }

  peek(): BackdatedEvent {
    return this.items[0].event;
  }

  push(event: BackdatedEvent): void {
    const items = this.items;
    items.push({ event, at: event.recordedAt.getTime(), seq: this.seq++ });
    for (let i = items.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      [items[i], items[parent]] = [items[parent], items[i]];
      i = parent;
    }
  }

  pop(): BackdatedEvent {
    const items = this.items;
    const top = items[0].event;
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      for (let i = 0; ;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && this.before(left, smallest)) smallest = left;
        if (right < items.length && this.before(right, smallest)) smallest = right;
        if (smallest === i) break;
        [items[i], items[smallest]] = [items[smallest], items[i]];
        i = smallest;
      }
    }
    return top;
  }

  private before(a: number, b: number): boolean {
    const x = this.items[a];
    const y = this.items[b];
    return x.at < y.at || (x.at === y.at && x.seq < y.seq);
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function measure(work: () => Promise<unknown>, runs = RUNS) {
  for (let i = 0; i < Math.min(WARMUP, runs); i++) await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    await work();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return {
    p50: round(percentile(times, 50)),
    p95: round(percentile(times, 95)),
    max: round(times[times.length - 1]),
  };
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The backlog's medians as computed before the histogram: every case of the period, sorted. */
const SORTED_MEDIANS = `
  SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_contact_at - logged_at))
           FILTER (WHERE first_contact_at IS NOT NULL) AS contact_median,
         count(first_contact_at)::int AS contact_measured,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_lawyer_action_at - logged_at))
           FILTER (WHERE first_lawyer_action_at IS NOT NULL) AS lawyer_median,
         count(first_lawyer_action_at)::int AS lawyer_measured,
         count(*)::int AS cases
  FROM report_case_facts
  WHERE org_id = $1 AND logged_at >= $2 AND logged_at < $3`;

/**
 * Copies the organization's report rows `copies` times under new ids (counters and histograms
 * multiplied instead): as if it had logged that many times the cases, on the same days.
 */
async function multiplyOrganization(db: Database, orgId: string, copies: number): Promise<void> {
  const id = (column: string) => `md5(${column}::text || ':' || k)::uuid`;
  const k = `generate_series(1, ${copies}) AS k`;
  await db.query(
    `INSERT INTO report_case_facts
    SELECT ${id('case_id')}, org_id, case_number || '-' || k, appeal_type, channel, urgency, nationality,
           region, status, assignee_id, logged_at, closed_at, first_contact_at, first_lawyer_action_at, version,
           contact_seconds, lawyer_seconds
    FROM report_case_facts, ${k} WHERE org_id = $1`,
    [orgId],
  );
  await db.query(
    `INSERT INTO report_load_transitions
    SELECT ${id('case_id')}, version, org_id, at, kind, appeal_type, region, nationality, channel, status_from, status_to
    FROM report_load_transitions, ${k} WHERE org_id = $1`,
    [orgId],
  );
  await db.query(
    `INSERT INTO report_tasks
    SELECT ${id('task_id')}, org_id, ${id('case_id')}, queue, priority, is_escalation, due_at, completed_at, case_open, version
    FROM report_tasks, ${k} WHERE org_id = $1`,
    [orgId],
  );
  await db.query(
    `INSERT INTO report_deadlines
    SELECT ${id('deadline_id')}, org_id, ${id('case_id')}, source, kind,
           CASE WHEN task_id IS NULL THEN NULL ELSE ${id('task_id')} END, due_at, done_at, missed_at, case_open
    FROM report_deadlines, ${k} WHERE org_id = $1`,
    [orgId],
  );
  const times = copies + 1;
  await db.query(
    `UPDATE report_load_counters SET opened = opened * ${times}, closed = closed * ${times},
    reopened = reopened * ${times} WHERE org_id = $1`,
    [orgId],
  );
  await db.query(`UPDATE report_open_counts SET open = open * ${times} WHERE org_id = $1`, [orgId]);
  await db.query(`UPDATE report_delay_histogram SET cases = cases * ${times} WHERE org_id = $1`, [orgId]);
}

function printResults(
  results: readonly { name: string; p50: number; p95: number; max: number; met?: boolean }[],
) {
  const width = Math.max(...results.map((r) => r.name.length));
  say(`${RUNS} runs each after ${WARMUP} to warm up; milliseconds; target p95 < ${TARGET_P95_MS} ms`);
  say(`${'query'.padEnd(width)}     p50      p95      max  target`);
  for (const r of results) {
    const target = r.met === undefined ? '' : r.met ? 'met' : 'NOT MET';
    const ms = (v: number) => v.toFixed(2).padStart(7);
    say(`${r.name.padEnd(width)} ${ms(r.p50)}  ${ms(r.p95)}  ${ms(r.max)}  ${target}`);
  }
}

async function main() {
  const database = await throwawayDatabase('reports');
  const url = database.url;
  await runMigrations(url);
  const db = new Database(url, 8);
  const tenantDb = new TenantDatabase(appDatabaseUrl(url), 4);
  try {
    const orgId = randomUUID();
    const otherOrgId = randomUUID();
    await db.query(
      `INSERT INTO organizations (id, name) VALUES ($1, 'Bench Legal Aid'), ($2, 'Another Org')`,
      [orgId, otherOrgId],
    );
    const lawyers = Array.from({ length: 40 }, () => randomUUID());

    say(`seeding ${CASES.toLocaleString('en')} cases over two years…`);
    let started = Date.now();
    const seeded = await seedHistory(db, orgId, CASES, lawyers);
    // A second, small organization: its rows sit in the same tables and must cost nothing.
    const other = await seedHistory(
      db,
      otherOrgId,
      Math.max(1, Math.round(CASES / 100)),
      lawyers.slice(0, 3),
    );
    const seedSeconds = (Date.now() - started) / 1000;
    const totalEvents = seeded.events + other.events;
    say(
      `  ${totalEvents.toLocaleString('en')} events in ${seedSeconds.toFixed(1)} s ` +
        `(${Math.round(totalEvents / seedSeconds).toLocaleString('en')} events/s, hash chain and triggers included)`,
    );

    // Fresh statistics, as autovacuum keeps them for a live log: the reader's page query plans
    // from them, and a just-loaded table has none.
    await db.query('VACUUM ANALYZE events');
    say('projecting them into the reports (catch-up from the start of the log)');
    const store = new EventStore(db);
    const runner = new ProjectionRunner(db, store, null, reportProjections());
    started = Date.now();
    await runner.catchUp();
    const projectSeconds = (Date.now() - started) / 1000;
    say(
      `  ${totalEvents.toLocaleString('en')} events in ${projectSeconds.toFixed(1)} s ` +
        `(${Math.round(totalEvents / projectSeconds).toLocaleString('en')} events/s, pages of 500)`,
    );
    // What autovacuum does on its own a little later; index-only scans need the visibility map.
    for (const table of REPORT_TABLES) await db.query(`VACUUM ANALYZE ${table}`);
    const { rows: sizes } = await db.query<{ table: string; rows: string }>(
      `SELECT relname AS table, n_live_tup AS rows FROM pg_stat_user_tables
       WHERE relname LIKE 'report_%' ORDER BY relname`,
    );
    const { rows: facts } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM report_case_facts WHERE org_id = $1',
      [orgId],
    );
    if (facts[0].n !== CASES) throw new Error(`Expected ${CASES} case facts, found ${facts[0].n}`);

    const actor: Actor = { userId: randomUUID(), orgId, role: 'coordinator' };
    const load = new GetLoadReportHandler(tenantDb);
    const backlog = new GetBacklogReportHandler(tenantDb);
    const today = Date.now();
    const last30 = { from: isoDay(today - 29 * DAY), to: isoDay(today) };
    const lastYear = { from: isoDay(today - 364 * DAY), to: isoDay(today) };
    const { rows: someCase } = await db.query<{ case_id: string }>(
      'SELECT case_id FROM report_case_facts WHERE org_id = $1 LIMIT 1',
      [orgId],
    );

    const baselines = [
      {
        name: 'baseline: SELECT 1 in a tenant transaction',
        work: () => tenantDb.transaction(orgId, (tx) => tx.query('SELECT 1')),
      },
      {
        name: 'baseline: one case by primary key',
        work: () =>
          tenantDb.transaction(orgId, (tx) =>
            tx.query('SELECT * FROM report_case_facts WHERE case_id = $1 AND org_id = $2', [
              someCase[0].case_id,
              orgId,
            ]),
          ),
      },
    ];
    const reports = [
      ...GROUP_BYS.flatMap((groupBy) => [
        {
          name: `load groupBy=${groupBy}, 30 days`,
          work: () => load.execute(new GetLoadReport(actor, { ...last30, groupBy })),
        },
        {
          name: `load groupBy=${groupBy}, 1 year`,
          work: () => load.execute(new GetLoadReport(actor, { ...lastYear, groupBy })),
        },
      ]),
      {
        name: 'load groupBy=day, 30 days, Europe/Moscow',
        work: () =>
          load.execute(new GetLoadReport(actor, { ...last30, groupBy: 'day', tz: 'Europe/Moscow' })),
      },
      {
        name: 'load groupBy=region, 1 year, Europe/Moscow',
        work: () =>
          load.execute(new GetLoadReport(actor, { ...lastYear, groupBy: 'region', tz: 'Europe/Moscow' })),
      },
      {
        name: 'backlog (medians over 30 days)',
        work: () => backlog.execute(new GetBacklogReport(actor, {})),
      },
      {
        name: 'backlog (medians over 1 year)',
        work: () => backlog.execute(new GetBacklogReport(actor, lastYear)),
      },
    ];

    const year = { from: new Date(`${lastYear.from}T00:00:00Z`), to: new Date(`${lastYear.to}T00:00:00Z`) };
    year.to = new Date(year.to.getTime() + DAY);
    const medians = [
      {
        name: 'backlog medians over 1 year, from the histogram',
        work: () => tenantDb.transaction(orgId, (tx) => periodMedians(tx, orgId, year.from, year.to)),
      },
      {
        name: 'baseline: backlog medians over 1 year, sorting every case (before)',
        work: () =>
          tenantDb.transaction(orgId, (tx) =>
            tx.query(SORTED_MEDIANS, [orgId, year.from.toISOString(), year.to.toISOString()]),
          ),
      },
    ];
    // Same numbers both ways, or the comparison is of two different things.
    const sameMedians = async () => {
      const [fromHistogram, sorted] = await Promise.all([
        tenantDb.transaction(orgId, (tx) => periodMedians(tx, orgId, year.from, year.to)),
        tenantDb.transaction(orgId, (tx) =>
          tx.query(SORTED_MEDIANS, [orgId, year.from.toISOString(), year.to.toISOString()]),
        ),
      ]);
      const r = sorted.rows[0];
      const rounded = (v: number | null) => (v === null ? null : Math.round(Number(v)));
      const expected = [
        rounded(r.contact_median),
        r.contact_measured,
        rounded(r.lawyer_median),
        r.lawyer_measured,
      ];
      const got = [
        fromHistogram.contact.medianSeconds,
        fromHistogram.contact.measured,
        fromHistogram.lawyer.medianSeconds,
        fromHistogram.lawyer.measured,
      ];
      if (JSON.stringify(got) !== JSON.stringify(expected))
        throw new Error(`histogram medians ${JSON.stringify(got)} ≠ sorted ${JSON.stringify(expected)}`);
    };

    type Result = { name: string; p50: number; p95: number; max: number; met?: boolean };
    const measureAll = async (slowRuns: number): Promise<Result[]> => {
      await sameMedians();
      const results: Result[] = [];
      for (const { name, work } of [...baselines, ...reports, ...medians]) {
        const slow = name.includes('sorting every case');
        const r = await measure(work, slow ? slowRuns : RUNS);
        const isReport = !name.startsWith('baseline');
        results.push({ name, ...r, ...(isReport ? { met: r.p95 < TARGET_P95_MS } : {}) });
      }
      return results;
    };
    const results = await measureAll(RUNS);
    printResults(results);

    let grown: Result[] = [];
    if (GROWTH_CASES > CASES) {
      const copies = Math.round(GROWTH_CASES / CASES) - 1;
      say(
        `growing the organization to ${((copies + 1) * CASES).toLocaleString('en')} cases (its report rows copied ${copies} times)…`,
      );
      started = Date.now();
      await multiplyOrganization(db, orgId, copies);
      for (const table of REPORT_TABLES) await db.query(`VACUUM ANALYZE ${table}`);
      say(`  in ${((Date.now() - started) / 1000).toFixed(0)} s`);
      grown = await measureAll(SLOW_RUNS);
      printResults(grown);
    }

    const open = await backlog.execute(new GetBacklogReport(actor, {}));
    const missed = results.filter((r) => r.met === false);
    say(
      `${missed.length === 0 ? 'every report met' : `${missed.length} reports missed`} the target; ` +
        `open cases ${open.open.total.toLocaleString('en')}; report rows: ${sizes
          .map((s) => `${s.table} ${Number(s.rows).toLocaleString('en')}`)
          .join(', ')}`,
    );

    const settings = { cases: CASES, otherOrgCases: other.cases, runs: RUNS, warmup: WARMUP, pageSize: 500 };
    const throughput = {
      seed: {
        events: totalEvents,
        seconds: seedSeconds,
        eventsPerSecond: Math.round(totalEvents / seedSeconds),
      },
      projection: {
        events: totalEvents,
        seconds: projectSeconds,
        eventsPerSecond: Math.round(totalEvents / projectSeconds),
      },
    };
    const out = {
      date: new Date().toISOString(),
      machine: await machineFacts(url),
      settings: { ...settings, targetP95Ms: TARGET_P95_MS },
      ...throughput,
      tables: Object.fromEntries(sizes.map((s) => [s.table, Number(s.rows)])),
      openCases: open.open.total,
      results,
      growth: grown.length > 0 ? { cases: Math.round(GROWTH_CASES / CASES) * CASES, results: grown } : null,
    };
    const dir = join(repoRoot(), 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${out.date.slice(0, 10)}-reports.json`);
    writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
    say(`written to ${file}`);

    const baseline = results[0];
    const slug = (name: string) =>
      name
        .replace(/[^a-zA-Z0-9]+/g, '-')
        .replace(/^-|-$/g, '')
        .toLowerCase();
    const sortedBaseline = results.find((r) => r.name.includes('sorting every case'))!;
    const grownCases =
      grown.length > 0 ? (Math.round(GROWTH_CASES / CASES) * CASES).toLocaleString('en') : '';
    const metrics: BenchMetric[] = [
      ...results
        .filter((r) => r.met !== undefined)
        .map((r): BenchMetric => {
          // The medians alone are compared with the sort they replace; the reports with SELECT 1.
          const reference = r.name.startsWith('backlog medians') ? sortedBaseline : baseline;
          return {
            id: `reports.${slug(r.name)}.p95`,
            label: `report p95: ${r.name}`,
            value: r.p95,
            unit: 'ms',
            baseline: {
              label: `p95 of ${reference.name.replace(/^baseline: /, '')}`,
              value: reference.p95,
              unit: 'ms',
            },
            goal: { op: '<=', target: TARGET_P95_MS, text: `≤ ${TARGET_P95_MS} ms` },
          };
        }),
      ...grown
        .filter((r) => r.met !== undefined)
        .map((r): BenchMetric => ({
          id: `reports.growth.${slug(r.name)}.p95`,
          label: `report p95 at ${grownCases} cases: ${r.name}${r.met ? '' : ` (over ${TARGET_P95_MS} ms)`}`,
          value: r.p95,
          unit: 'ms',
          goal: {
            op: '<=',
            target: GROWTH_FACTOR,
            relativeTo: `reports.${slug(r.name)}.p95`,
            text: `≤ ${GROWTH_FACTOR} × at ${CASES.toLocaleString('en')}`,
          },
        })),
      {
        id: 'reports.projectionEventsPerSecond',
        label: 'reports projection catch-up',
        value: throughput.projection.eventsPerSecond,
        unit: 'events/s',
      },
    ];
    reportBench({
      bench: 'reports',
      metrics,
      details: {
        ...settings,
        growthCases: GROWTH_CASES,
        ...throughput,
        openCases: open.open.total,
        results,
        grown,
      },
    });
  } finally {
    await tenantDb.close();
    await db.close();
    if (process.env.BENCH_KEEP_DATABASE === '1') say(`kept ${url}`);
    else await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
