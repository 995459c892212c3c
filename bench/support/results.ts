import { writeFileSync } from 'node:fs';

/**
 * What one bench file hands to the runner (bench/run.ts): its figures, each with the goal it is
 * held to. A bench file is a plain script: it measures, calls `reportBench` once, and exits 0.
 */
export interface BenchMetric {
  /** Stable, used in the JSON and by goals of other metrics: `intake.requestsPerSecond`. */
  id: string;
  label: string;
  value: number;
  unit: string;
  /** What the value is compared with, measured in the same run (e.g. the pgbench figure). */
  baseline?: { label: string; value: number; unit: string };
  goal?: BenchGoal;
}

export interface BenchGoal {
  /** `>=`: at least the target; `<=`: at most. */
  op: '>=' | '<=';
  /** An absolute target, or a factor of another metric (`relativeTo`) of the same run. */
  target: number;
  relativeTo?: string;
  /** As printed: `≥ 0.3 × baseline`, `≤ 100 ms`. */
  text: string;
}

export interface BenchResult {
  bench: string;
  metrics: BenchMetric[];
  /** Anything worth keeping with the figures: sizes, settings, counts. */
  details?: Record<string, unknown>;
}

/** Hands the result to the runner (BENCH_RESULT_FILE), or prints it when run alone. */
export function reportBench(result: BenchResult): void {
  const file = process.env.BENCH_RESULT_FILE;
  const text = JSON.stringify(result, null, 2);
  if (file) writeFileSync(file, text);
  else process.stdout.write(`${text}\n`);
}

/** Progress on stderr, so a bench's stdout stays free for whoever runs it alone. */
export function say(message: string): void {
  process.stderr.write(`  ${message}\n`);
}
