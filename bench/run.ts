/**
 * `npm run bench`: every benchmark of this folder (compiled beside this file as *.bench.js), one
 * after another, each in a process of its own so one's memory and connections never skew the
 * next; then one table of every figure beside its baseline and goal, also written to
 * bench/results/<date>.json. `npm run bench -- intake rebuild` (or `npm run bench:reports`)
 * runs only the ones named, and writes bench/results/<date>.<names>.json.
 *
 * A bench hands its figures over by calling reportBench() (support/results.ts) once: each figure
 * with its unit and goal; a goal may be relative to a figure of another bench of the same run
 * (`relativeTo`), which is how intake is held to the pgbench baseline measured a minute before on
 * the same machine. A bench that writes its own results file instead (reports) is read from it.
 *
 * A bench whose figures are relative to another's brings it along: `npm run bench -- intake`
 * runs the baseline first (DEPENDS_ON).
 *
 * The write-path benches (baseline and intake: ON_OWN_POSTGRES) run on a private PostgreSQL this
 * runner starts for the run (support/own-postgres.ts: configured like the shared server, plus
 * pg_stat_statements, which counts intake's statements per appeal) and removes at the end, even
 * when a bench fails or the run is interrupted. So intake and the baseline it is held to are
 * measured on the same server. BENCH_DATABASE_SERVER=<url> runs them on that server instead
 * (statement counts then only if it preloads pg_stat_statements). The other benches use the
 * shared server (support/database.ts).
 *
 * BENCH_LABEL=<label>: the results go to bench/results/<date>-<label>.json instead, e.g.
 * `BENCH_LABEL=intake-before npm run bench -- intake`.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVER } from './support/database';
import { machineFacts } from './support/machine';
import { OwnPostgres } from './support/own-postgres';
import { repoRoot } from './support/repo';
import { BenchMetric, BenchResult } from './support/results';

/** The order figures depend on: the baseline first, intake is held to it. Others follow by name. */
const ORDER = ['baseline', 'intake', 'growth', 'rebuild', 'reports'];
/** One bench that hangs must not hold the whole run: `npm run bench` is meant to take minutes. */
const BENCH_TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 10 * 60_000);
/** Growth runs intake three times, the last over a million events of history. */
const TIMEOUT_FACTOR: Record<string, number> = { growth: 3 };
/** Benches whose goals refer to another bench's figure: that one runs too, before. */
const DEPENDS_ON: Record<string, string[]> = { intake: ['baseline'] };
/** Benches run on the run's private PostgreSQL, unless BENCH_DATABASE_SERVER names a server. */
const ON_OWN_POSTGRES = ['baseline', 'intake', 'growth'];
/** The bench running now, to stop it when the run is interrupted. */
let current: ChildProcess | null = null;
/** Set by SIGINT or SIGTERM: no further bench starts, the private server goes, no results are written. */
let stopping: NodeJS.Signals | null = null;

interface Outcome {
  bench: string;
  ok: boolean;
  seconds: number;
  result?: BenchResult;
  error?: string;
}

interface Row {
  bench: string;
  metric: BenchMetric;
  baseline: string;
  goal: string;
  met: boolean | null;
  ratio: number | null;
}

async function main() {
  const wanted = process.argv.slice(2);
  const available = readdirSync(__dirname)
    .filter((file) => file.endsWith('.bench.js'))
    .map((file) => file.slice(0, -'.bench.js'.length));
  const rank = (name: string) => (ORDER.includes(name) ? ORDER.indexOf(name) : ORDER.length);
  const withDependencies = new Set(wanted.flatMap((name) => [name, ...(DEPENDS_ON[name] ?? [])]));
  const benches = available
    .filter((name) => wanted.length === 0 || withDependencies.has(name))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  if (benches.length === 0) {
    throw new Error(`no benchmark matches ${wanted.join(', ') || '*'} in ${__dirname}`);
  }

  const machine = await machineFacts(`${SERVER}/postgres`);
  process.stderr.write(
    `huquq bench on ${machine.nproc} cores, Node ${machine.node}, PostgreSQL ${
      (machine.postgres as Record<string, string>).server_version
    }; load average ${(machine.loadAverageAtStart as number[]).join(' ')}\n`,
  );
  const started = new Date();
  const outcomes: Outcome[] = [];
  let own: OwnPostgres | null = null;
  // Interrupted: the running bench is stopped with everything it started (the API), then the
  // `finally` below removes the private PostgreSQL.
  const interrupted = (signal: NodeJS.Signals) => {
    if (stopping) return; // npm forwards the terminal's SIGINT again
    stopping = signal;
    process.stderr.write(`\n${signal}: stopping the bench and the private PostgreSQL\n`);
    stop(current);
  };
  process.on('SIGINT', interrupted);
  process.on('SIGTERM', interrupted);
  try {
    if (!process.env.BENCH_DATABASE_SERVER && benches.some((bench) => ON_OWN_POSTGRES.includes(bench))) {
      own = await OwnPostgres.start();
      const facts = await machineFacts(own.url('postgres'));
      machine.ownPostgres = { server: own.server, dataDir: own.dataDir, ...(facts.postgres as object) };
      process.stderr.write(
        `private PostgreSQL for ${ON_OWN_POSTGRES.join(' and ')} on ${own.server} (${own.dataDir}), ` +
          `pg_stat_statements preloaded\n`,
      );
    }
    for (const bench of benches) {
      if (stopping) break;
      const server: Record<string, string> =
        own && ON_OWN_POSTGRES.includes(bench) ? { BENCH_DATABASE_SERVER: own.server } : {};
      outcomes.push(await runOne(bench, started, server));
    }
  } finally {
    await own?.destroy();
  }
  if (stopping) process.exit(130);

  const rows = evaluate(outcomes);
  process.stdout.write(`\n${table(rows)}\n`);
  for (const failed of outcomes.filter((outcome) => !outcome.ok)) {
    process.stdout.write(`\n${failed.bench}: FAILED — ${failed.error}\n`);
  }

  const folder = join(repoRoot(), 'bench', 'results');
  mkdirSync(folder, { recursive: true });
  // A run of some benches only must not overwrite the day's full run.
  const only = process.env.BENCH_LABEL
    ? `-${process.env.BENCH_LABEL.replace(/[^a-z0-9._-]+/gi, '-')}`
    : wanted.length > 0
      ? `.${benches.join('-')}`
      : '';
  const file = join(folder, `${started.toISOString().slice(0, 10)}${only}.json`);
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        startedAt: started.toISOString(),
        finishedAt: new Date().toISOString(),
        machine,
        figures: rows.map((row) => ({
          bench: row.bench,
          id: row.metric.id,
          label: row.metric.label,
          value: row.metric.value,
          unit: row.metric.unit,
          baseline: row.baseline || null,
          ratio: row.ratio,
          goal: row.goal || null,
          met: row.met,
        })),
        benches: outcomes,
      },
      null,
      2,
    )}\n`,
  );
  process.stdout.write(`\nwritten to ${file}\n`);
  if (outcomes.some((outcome) => !outcome.ok)) process.exitCode = 1;
}

function runOne(bench: string, runStarted: Date, env: Record<string, string> = {}): Promise<Outcome> {
  const resultFile = join(tmpdir(), `huquq-bench-${bench}-${process.pid}.json`);
  rmSync(resultFile, { force: true });
  process.stderr.write(`\n=== ${bench}.bench.ts ===\n`);
  const started = Date.now();
  const timeoutMs = BENCH_TIMEOUT_MS * (TIMEOUT_FACTOR[bench] ?? 1);
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--max-old-space-size=4096', join(__dirname, `${bench}.bench.js`)],
      {
        env: { ...process.env, ...env, BENCH_RESULT_FILE: resultFile },
        stdio: ['ignore', 'inherit', 'inherit'],
        // A process group of its own, so that stopping it also stops what it started (the API).
        detached: true,
      },
    );
    current = child;
    const timer = setTimeout(() => stop(child), timeoutMs);
    child.once('exit', (code, signal) => {
      current = null;
      clearTimeout(timer);
      const seconds = Math.round((Date.now() - started) / 100) / 10;
      const result = readResult(resultFile) ?? ownResultsFile(bench, runStarted);
      rmSync(resultFile, { force: true });
      const ok = code === 0 && result !== undefined;
      process.stderr.write(`  ${bench}: ${ok ? 'done' : 'FAILED'} in ${seconds} s\n`);
      resolve({
        bench,
        ok,
        seconds,
        result,
        error: ok
          ? undefined
          : signal
            ? `stopped by ${signal} (over ${timeoutMs} ms?)`
            : `exit code ${code}`,
      });
    });
  });
}

/** SIGTERM to the bench's process group: the bench and the API or pgbench it started. */
function stop(child: ChildProcess | null): void {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
}

function readResult(file: string): BenchResult | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as BenchResult;
  } catch {
    return undefined;
  }
}

interface OwnReport {
  date: string;
  results: { name: string; p50: number; p95: number; max: number; met?: boolean }[];
  settings?: { targetP95Ms?: number };
}

/**
 * A bench that writes bench/results/<date>-<bench>.json itself (the reports bench): its queries'
 * p95 become figures, each held to the bench's own target.
 */
function ownResultsFile(bench: string, runStarted: Date): BenchResult | undefined {
  const file = join(repoRoot(), 'bench', 'results', `${runStarted.toISOString().slice(0, 10)}-${bench}.json`);
  if (!existsSync(file)) return undefined;
  let report: OwnReport;
  try {
    report = JSON.parse(readFileSync(file, 'utf8')) as OwnReport;
  } catch {
    return undefined;
  }
  if (!report.date || new Date(report.date) < runStarted || !Array.isArray(report.results)) return undefined;
  const target = report.settings?.targetP95Ms ?? 50;
  return {
    bench,
    metrics: report.results.map((result) => ({
      id: `${bench}.${result.name.replace(/[^a-z0-9]+/gi, '-')}.p95`,
      label: `${bench}: ${result.name} p95`,
      value: result.p95,
      unit: 'ms',
      ...(result.met === undefined ? {} : { goal: { op: '<=' as const, target, text: `≤ ${target} ms` } }),
    })),
    details: { file, ...report },
  };
}

/** Each figure beside its baseline and goal; relative goals are resolved against this run's figures. */
function evaluate(outcomes: Outcome[]): Row[] {
  const all = new Map<string, BenchMetric>();
  for (const outcome of outcomes)
    for (const metric of outcome.result?.metrics ?? []) all.set(metric.id, metric);
  return outcomes.flatMap((outcome) =>
    (outcome.result?.metrics ?? []).map((metric): Row => {
      const goal = metric.goal;
      let target = goal?.target ?? null;
      let baseline = metric.baseline
        ? `${format(metric.baseline.value)} ${metric.baseline.unit} (${metric.baseline.label})`
        : '';
      let ratio: number | null = null;
      if (goal?.relativeTo) {
        const reference = all.get(goal.relativeTo);
        target = reference ? goal.target * reference.value : null;
        if (reference) {
          baseline = `${format(reference.value)} ${reference.unit} (${reference.label})`;
          ratio = reference.value ? Math.round((metric.value / reference.value) * 1000) / 1000 : null;
        }
      } else if (metric.baseline?.value) {
        ratio = Math.round((metric.value / metric.baseline.value) * 1000) / 1000;
      }
      const met =
        goal && target !== null ? (goal.op === '>=' ? metric.value >= target : metric.value <= target) : null;
      return { bench: outcome.bench, metric, baseline, goal: goal?.text ?? '', met, ratio };
    }),
  );
}

function table(rows: Row[]): string {
  const lines = [['figure', 'value', 'baseline (same run)', 'ratio', 'goal', 'met']];
  for (const row of rows) {
    lines.push([
      row.metric.label,
      `${format(row.metric.value)} ${row.metric.unit}`,
      row.baseline,
      row.ratio === null ? '' : `${row.ratio}×`,
      row.goal,
      row.met === null ? '' : row.met ? 'met' : 'NOT MET',
    ]);
  }
  const widths = lines[0].map((_, column) => Math.max(...lines.map((line) => [...line[column]].length)));
  const render = (line: string[]) =>
    line
      .map((cell, column) => cell + ' '.repeat(widths[column] - [...cell].length))
      .join('  ')
      .trimEnd();
  return [
    render(lines[0]),
    widths.map((width) => '─'.repeat(width)).join('  '),
    ...lines.slice(1).map(render),
  ].join('\n');
}

function format(value: number): string {
  return Number.isInteger(value)
    ? value.toLocaleString('en-US')
    : value.toLocaleString('en-US', { maximumFractionDigits: 1 });
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
