/**
 * Flat cost as the log grows (issue 17): intake measured the same way three times in one run,
 * with 0, 100,000 and 1,000,000 events already in the store (one organization's history, written
 * as the service writes it, its views built before the load). Each size is a run of the intake
 * bench in a process of its own (its own database and API), with a shorter load.
 *
 * The baseline is the run on the empty store of this same run: appeals/s at each size is held
 * to ≥ 0.8 × that, and p99 to ≤ 1.25 × that ("near flat"). What grows with the log is what an
 * appeal touches that is as big as the history: the client directory's index the duplicate
 * search reads and new people's entries go into, the case views' indexes, the events table's
 * indexes the append writes into.
 *
 * BENCH_GROWTH_EVENTS (0,100000,1000000), BENCH_GROWTH_SECONDS (10 s of load each),
 * BENCH_WARMUP_SECONDS and BENCH_SERVER_ENV as for intake.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchMetric, BenchResult, reportBench, say } from './support/results';

const SIZES = (process.env.BENCH_GROWTH_EVENTS ?? '0,100000,1000000')
  .split(',')
  .map((size) => Number(size.trim()));
const SECONDS = Number(process.env.BENCH_GROWTH_SECONDS ?? 10);
/** The seed writes about six events a case (support/seed-log.ts). */
const EVENTS_PER_CASE = 6;
const FLAT_THROUGHPUT = 0.8;
const FLAT_P99 = 1.25;

interface SizeOutcome {
  events: number;
  appealsPerSecond: number;
  p99: number;
  statementsPerAppeal: number | null;
  cpuMsPerAppeal: unknown;
  /** The statements called most per appeal at this size, to see what grew. */
  mostCalled: unknown;
}

async function main() {
  const outcomes: SizeOutcome[] = [];
  for (const events of SIZES) {
    say(`--- ${events.toLocaleString('en-US')} events in the store ---`);
    const result = await intakeWith(Math.round(events / EVENTS_PER_CASE));
    const figure = (id: string) => result.metrics.find((metric) => metric.id === id)?.value ?? null;
    const details = result.details ?? {};
    outcomes.push({
      events: Number(details.existingEvents ?? events),
      appealsPerSecond: figure('intake.appealsPerSecond') ?? 0,
      p99: figure('intake.latencyP99') ?? 0,
      statementsPerAppeal: figure('intake.statementsPerAppeal'),
      cpuMsPerAppeal: details.cpuMsPerAppeal,
      mostCalled: mostCalled(details.statements),
    });
  }
  const [empty] = outcomes;
  const metrics: BenchMetric[] = outcomes.flatMap((outcome, i) => {
    const size = label(SIZES[i]);
    const atSize: BenchMetric[] = [
      {
        id: `growth.${size}.appealsPerSecond`,
        label: `intake with ${outcome.events.toLocaleString('en-US')} events in the store`,
        value: outcome.appealsPerSecond,
        unit: 'appeals/s',
      },
      {
        id: `growth.${size}.latencyP99`,
        label: `… its p99`,
        value: outcome.p99,
        unit: 'ms',
      },
    ];
    if (i === 0) return atSize;
    atSize[0].goal = {
      op: '>=',
      target: FLAT_THROUGHPUT,
      relativeTo: `growth.${label(SIZES[0])}.appealsPerSecond`,
      text: `≥ ${FLAT_THROUGHPUT} × at ${empty.events.toLocaleString('en-US')} events`,
    };
    atSize[1].goal = {
      op: '<=',
      target: FLAT_P99,
      relativeTo: `growth.${label(SIZES[0])}.latencyP99`,
      text: `≤ ${FLAT_P99} × at ${empty.events.toLocaleString('en-US')} events`,
    };
    return atSize;
  });
  reportBench({ bench: 'growth', metrics, details: { seconds: SECONDS, sizes: outcomes } });
}

function mostCalled(statements: unknown): unknown {
  const byCalls = (statements as { byCalls?: { query: string; perUnit: number; msPerUnit?: number }[] } | null)
    ?.byCalls;
  return Array.isArray(byCalls)
    ? byCalls.slice(0, 8).map((row) => ({ query: row.query.slice(0, 120), perAppeal: row.perUnit }))
    : null;
}

/** `0`, `100k`, `1m`: stable ids for the figures. */
function label(events: number): string {
  if (events >= 1_000_000 && events % 1_000_000 === 0) return `${events / 1_000_000}m`;
  if (events >= 1_000 && events % 1_000 === 0) return `${events / 1_000}k`;
  return String(events);
}

/** One run of the intake bench (compiled beside this file) with this much history. */
function intakeWith(cases: number): Promise<BenchResult> {
  const resultFile = join(tmpdir(), `huquq-bench-growth-${process.pid}-${cases}.json`);
  rmSync(resultFile, { force: true });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--max-old-space-size=4096', join(__dirname, 'intake.bench.js')], {
      env: {
        ...process.env,
        BENCH_INTAKE_EXISTING_CASES: String(cases),
        BENCH_INTAKE_SECONDS: String(SECONDS),
        BENCH_RESULT_FILE: resultFile,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.once('exit', (code) => {
      try {
        if (code !== 0) throw new Error(`the intake run with ${cases} cases exited with ${code}`);
        resolve(JSON.parse(readFileSync(resultFile, 'utf8')) as BenchResult);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      } finally {
        rmSync(resultFile, { force: true });
      }
    });
  });
}

main().catch((error) => {
  process.stderr.write(`growth bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
