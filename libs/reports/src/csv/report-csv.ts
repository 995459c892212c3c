import type { BacklogReport } from '../backlog/backlog-report';
import type { LoadReport } from '../load/load-report';
import { URGENCY_ORDER } from '../shared/dimensions';
import { isoDate, localDate, startOfLocalDay } from '../shared/period';
import { Cell, toCsv } from './csv';

export interface CsvFile {
  filename: string;
  body: string;
}

/** One header row, one row per key, then the totals row (its key is "total"). */
export function loadReportCsv(report: LoadReport): CsvFile {
  const rows: Cell[][] = report.rows.map((r) => [r.key, r.opened, r.closed, r.reopened, r.open]);
  const t = report.totals;
  rows.push(['total', t.opened, t.closed, t.reopened, t.open]);
  return {
    // The default grouping gets the plain name (huquq-load-2024-03.csv); others say theirs.
    filename: `huquq-load-${periodName(report.from, report.to, report.timeZone)}${
      report.groupBy === 'day' ? '' : `-by-${report.groupBy}`
    }.csv`,
    body: toCsv([report.groupBy, 'opened', 'closed', 'reopened', 'open'], rows),
  };
}

/**
 * The backlog's sections in one table a spreadsheet can pivot: section, key, measure, value.
 * Overdue deadlines are counted here, not listed: a CSV travels further than the dashboard.
 */
export function backlogReportCsv(report: BacklogReport): CsvFile {
  const rows: Cell[][] = [];
  for (const bucket of report.open.byAge) {
    for (const urgency of URGENCY_ORDER) rows.push(['open_by_age', bucket.age, urgency, bucket[urgency]]);
  }
  for (const urgency of URGENCY_ORDER)
    rows.push(['open_by_urgency', urgency, 'cases', report.open.byUrgency[urgency]]);
  rows.push(['open', 'total', 'cases', report.open.total]);
  const d = report.overdue.deadlines;
  rows.push(['overdue_deadlines', 'legal', 'count', d.legal], ['overdue_deadlines', 'case', 'count', d.case]);
  rows.push(['overdue_deadlines', 'total', 'count', d.total]);
  const t = report.overdue.tasks;
  rows.push(
    ['overdue_tasks', 'lawyer', 'count', t.lawyer],
    ['overdue_tasks', 'coordinator', 'count', t.coordinator],
  );
  for (const urgency of URGENCY_ORDER)
    rows.push(['overdue_tasks_by_priority', urgency, 'count', t.byPriority[urgency]]);
  rows.push(['overdue_tasks', 'total', 'count', t.total]);
  rows.push(['caseload', 'unassigned', 'open', report.caseload.unassigned]);
  for (const lawyer of report.caseload.lawyers) {
    // The lawyer's display name as it is now, for people reading the sheet; the id stays the key.
    rows.push(['caseload', lawyer.lawyerId, 'name', lawyer.lawyerName]);
    rows.push(['caseload', lawyer.lawyerId, 'open', lawyer.open]);
    for (const urgency of URGENCY_ORDER) rows.push(['caseload', lawyer.lawyerId, urgency, lawyer[urgency]]);
  }
  for (const [name, m] of [
    ['time_to_first_contact', report.timeToFirstContact],
    ['time_to_first_lawyer_action', report.timeToFirstLawyerAction],
  ] as const) {
    rows.push([name, 'median', 'seconds', m.medianSeconds], [name, 'measured', 'cases', m.measured]);
    rows.push([name, 'waiting', 'cases', m.waiting]);
  }
  const day = report.asOf.slice(0, 10);
  return { filename: `huquq-backlog-${day}.csv`, body: toCsv(['section', 'key', 'measure', 'value'], rows) };
}

/**
 * `2024-03` for a calendar month in the report's zone, `2024-03-29` for one day, otherwise
 * `2024-03-01_2024-03-15` (both days included).
 */
export function periodName(fromIso: string, toIso: string, timeZone: string): string {
  const from = new Date(fromIso);
  const to = new Date(toIso);
  const first = localDate(from, timeZone);
  const last = localDate(new Date(to.getTime() - 1), timeZone);
  const at = (y: number, m: number, d: number) => startOfLocalDay(y, m, d, timeZone).getTime();
  const fromMidnight = from.getTime() === at(first.y, first.m, first.d);
  if (fromMidnight && to.getTime() === at(first.y, first.m, first.d + 1)) return isoDate(first);
  if (fromMidnight && first.d === 1 && to.getTime() === at(first.y, first.m + 1, 1))
    return isoDate(first).slice(0, 7);
  return `${isoDate(first)}_${isoDate(last)}`;
}
