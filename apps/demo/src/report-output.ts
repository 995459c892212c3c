import type { BacklogReport, LoadReport } from '@huquq/reports';
import { Session } from './http';
import { moscowDate, TIME_ZONE, WeekPlan } from './synthetic-week';
import { count, number, table } from './text';

export interface ReportsPrinted {
  /** False when this build of the service has no reports routes (404). */
  available: boolean;
  /** Whether the reports caught up with every case and closing before the wait ran out. */
  caughtUp: boolean;
  byAppealType: LoadReport | null;
  byDay: LoadReport | null;
  backlog: BacklogReport | null;
}

interface PrintOptions {
  coordinator: Session;
  out: (line: string) => void;
  week: WeekPlan;
  expected: { opened: number; closed: number };
  timeoutMs: number;
  lawyerLabels: Map<string, string>;
  /** Whether each day of the week was logged on its own day (DemoOptions.backdate). */
  backdated: boolean;
}

const LABELS: Record<string, string> = {
  appealType: 'appeal type',
  region: 'region',
  nationality: 'nationality',
  channel: 'channel',
};

/**
 * Prints GET /v1/reports/load and /backlog for the demo organization as plain tables. The reports
 * are projections of the event log and run a little behind the writes, so it first waits until
 * they show every case the demo created and every closing it made.
 */
export async function printReports(options: PrintOptions): Promise<ReportsPrinted> {
  const { coordinator, out, week } = options;
  const load = (groupBy: string) =>
    coordinator.call({
      method: 'GET',
      path: `/v1/reports/load?groupBy=${groupBy}&from=${week.days[0]}&to=${moscowDate(new Date())}&tz=${TIME_ZONE}`,
    });

  const deadline = Date.now() + options.timeoutMs;
  let answer = await load('appealType');
  if (answer.status === 404) {
    out('This build of the service has no reports routes (GET /v1/reports/load answered 404):');
    out("the table above, counted by the demo from the API's answers, is all there is to show.");
    return { available: false, caughtUp: false, byAppealType: null, byDay: null, backlog: null };
  }
  const behind = (report: LoadReport) =>
    report.totals.opened < options.expected.opened || report.totals.closed < options.expected.closed;
  while (answer.status === 200 && behind(answer.body as LoadReport) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    answer = await load('appealType');
  }
  if (answer.status !== 200) {
    out(`GET /v1/reports/load answered ${answer.status}; no report to show.`);
    return { available: true, caughtUp: false, byAppealType: null, byDay: null, backlog: null };
  }
  const byType = answer.body as LoadReport;
  const caughtUp = !behind(byType);

  const byDay = (await load('day')).body as LoadReport;
  const loggedOn = byDay.rows
    .filter((row) => row.opened > 0)
    .map((row) => `${row.key} (${number(row.opened)})`);
  out(
    `Load report, GET /v1/reports/load from ${week.days[0]} to ${moscowDate(new Date())} (${TIME_ZONE}). It counts a case ` +
      (options.backdated
        ? `when it was logged, not by its receivedAt; the demo logged each day of the week on its day (its own ` +
          `database), so groupBy=day shows ${loggedOn.join(', ') || 'no day yet'}.`
        : `when it was logged, not by its receivedAt: this replayed week was logged today, so groupBy=day puts it on ` +
          `${loggedOn.join(', ') || 'no day yet'}; the by-day table above is the demo's own count by receivedAt.`),
  );
  if (!caughtUp) {
    out(
      `  (The reports had not caught up after ${Math.round(options.timeoutMs / 1000)} s: they show ` +
        `${number(byType.totals.opened)} of ${number(options.expected.opened)} cases and ` +
        `${number(byType.totals.closed)} of ${number(options.expected.closed)} closings.)`,
    );
  }
  printLoad(out, 'appealType', byType);
  for (const groupBy of ['nationality', 'region', 'channel']) {
    const other = await load(groupBy);
    if (other.status === 200) printLoad(out, groupBy, other.body as LoadReport);
  }
  const byStatus = await load('status');
  if (byStatus.status === 200) {
    const rows = (byStatus.body as LoadReport).rows;
    out(`  Open cases by status now: ${rows.map((r) => `${r.key} ${number(r.open)}`).join(' · ')}`);
  }
  out('');

  const backlogAnswer = await coordinator.call({
    method: 'GET',
    path: `/v1/reports/backlog?tz=${TIME_ZONE}`,
  });
  const backlog = backlogAnswer.status === 200 ? (backlogAnswer.body as BacklogReport) : null;
  if (backlog) printBacklog(out, backlog, options.lawyerLabels);
  else out(`GET /v1/reports/backlog answered ${backlogAnswer.status}.`);
  return { available: true, caughtUp, byAppealType: byType, byDay, backlog };
}

function printLoad(out: (line: string) => void, groupBy: string, report: LoadReport): void {
  out('');
  out(`  By ${LABELS[groupBy] ?? groupBy}:`);
  const rows = report.rows.map((r) => [
    r.key ?? '(not recorded)',
    String(r.opened),
    String(r.closed),
    String(r.open),
  ]);
  const t = report.totals;
  rows.push(['total', String(t.opened), String(t.closed), String(t.open)]);
  out(
    table([LABELS[groupBy] ?? groupBy, 'opened', 'closed', 'open now'], rows, {
      right: [1, 2, 3],
      indent: '    ',
    }),
  );
}

const URGENCIES = ['critical', 'high', 'normal', 'low'] as const;

function duration(seconds: number | null): string {
  if (seconds === null) return 'none yet';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

function printBacklog(
  out: (line: string) => void,
  b: BacklogReport,
  lawyerLabels: Map<string, string>,
): void {
  out(`Backlog, GET /v1/reports/backlog as of ${b.asOf}:`);
  out(
    `  Open cases: ${number(b.open.total)} (${URGENCIES.map((u) => `${u} ${number(b.open.byUrgency[u])}`).join(' · ')})`,
  );
  const ages = b.open.byAge.filter((a) => a.total > 0);
  out(`  By time since logged: ${ages.map((a) => `${a.age} ${number(a.total)}`).join(' · ') || 'none'}`);
  const d = b.overdue.deadlines;
  const t = b.overdue.tasks;
  out(
    `  Overdue: ${count(d.total, 'deadline')} (${number(d.legal)} legal, ${number(d.case)} set on cases), ` +
      `${count(t.total, 'task')} (${number(t.lawyer)} lawyers', ${number(t.coordinator)} coordinators')`,
  );
  if (d.oldest.length) {
    out(
      `  Most overdue: ${d.oldest
        .slice(0, 5)
        .map((x) => `case ${x.caseNumber} (${x.kind ?? x.source}, due ${x.dueAt.slice(0, 10)})`)
        .join(', ')}`,
    );
  }
  const rows = b.caseload.lawyers.map((l) => [
    lawyerLabels.get(l.lawyerId) ?? l.lawyerId,
    String(l.open),
    ...URGENCIES.map((u) => String(l[u])),
  ]);
  rows.push(['unassigned', String(b.caseload.unassigned), '', '', '', '']);
  out('  Caseload:');
  out(table(['lawyer', 'open', ...URGENCIES], rows, { right: [1, 2, 3, 4, 5], indent: '    ' }));
  const contact = b.timeToFirstContact;
  const action = b.timeToFirstLawyerAction;
  out(
    `  Median time to first contact: ${duration(contact.medianSeconds)} (${number(contact.measured)} reached, ` +
      `${number(contact.waiting)} waiting); to a lawyer's first action: ${duration(action.medianSeconds)} ` +
      `(${number(action.measured)} acted on, ${number(action.waiting)} waiting).`,
  );
}
