import { ApiProperty } from '@nestjs/swagger';
import { GROUP_BYS } from '../shared/dimensions';
import type { BacklogReport, Median } from '../backlog/backlog-report';
import type { LoadReport, LoadRow } from '../load/load-report';

/**
 * The reports' JSON answers (the swagger plugin reads this file): counts and ids, never a name or
 * free text. The same reports come as CSV with `Accept: text/csv`.
 */
export class LoadRowResponse implements LoadRow {
  /** The day or week (its Monday), or the attribute's value; null for "not recorded". */
  @ApiProperty({ nullable: true, type: String, example: '2024-03-25' })
  key: string | null;

  opened: number;
  closed: number;
  reopened: number;
  /** Open at the end of the row's time (or of the period). */
  open: number;
}

export class LoadTotals {
  opened: number;
  closed: number;
  reopened: number;
  open: number;
  openAtStart: number;
}

export class LoadReportResponse implements LoadReport {
  @ApiProperty({ enum: GROUP_BYS })
  groupBy: LoadReport['groupBy'];

  @ApiProperty({ format: 'date-time', example: '2024-02-29T21:00:00.000Z' })
  from: string;

  /** Exclusive. */
  @ApiProperty({ format: 'date-time', example: '2024-03-31T21:00:00.000Z' })
  to: string;

  @ApiProperty({ example: 'Europe/Moscow' })
  timeZone: string;

  rows: LoadRowResponse[];
  totals: LoadTotals;
}

export class ByUrgency {
  critical: number;
  high: number;
  normal: number;
  low: number;
}

export class OpenByAge extends ByUrgency {
  /** Time since the case was first logged. */
  @ApiProperty({ example: '1-3d' })
  age: string;

  total: number;
}

export class OpenBacklog {
  total: number;
  byUrgency: ByUrgency;
  /** Time since the case was logged, first logging (a reopened case keeps its age). */
  byAge: OpenByAge[];
}

export class OverdueDeadline {
  @ApiProperty({ format: 'uuid' })
  caseId: string;

  @ApiProperty({ example: '2026-000017' })
  caseNumber: string;

  /** A legal clock of the rules, or a deadline set on the case. */
  @ApiProperty({ enum: ['legal', 'case'] })
  source: 'legal' | 'case';

  @ApiProperty({ nullable: true, type: String })
  kind: string | null;

  @ApiProperty({ format: 'date-time' })
  dueAt: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  assigneeId: string | null;

  /** The lawyer's display name, as the users list has it now; null when none is set. */
  @ApiProperty({ nullable: true, type: String })
  assigneeName: string | null;
}

export class OverdueDeadlines {
  total: number;
  legal: number;
  case: number;
  /** The ten most overdue: ids and numbers only, never who the case is about. */
  oldest: OverdueDeadline[];
}

export class OverdueTasks {
  total: number;
  lawyer: number;
  coordinator: number;
  byPriority: ByUrgency;
}

export class Overdue {
  deadlines: OverdueDeadlines;
  tasks: OverdueTasks;
}

export class LawyerCaseload extends ByUrgency {
  @ApiProperty({ format: 'uuid' })
  lawyerId: string;

  /** The lawyer's display name, as the users list has it now; null when none is set. */
  @ApiProperty({ nullable: true, type: String })
  lawyerName: string | null;

  open: number;
}

export class Caseload {
  unassigned: number;
  lawyers: LawyerCaseload[];
}

export class MedianResponse implements Median {
  @ApiProperty({ nullable: true, type: Number })
  medianSeconds: number | null;

  /** Cases of the period that have had it. */
  measured: number;

  /** Cases of the period still waiting for it. */
  waiting: number;
}

export class ReportPeriod {
  @ApiProperty({ format: 'date-time' })
  from: string;

  /** Exclusive. */
  @ApiProperty({ format: 'date-time' })
  to: string;

  @ApiProperty({ example: 'Europe/Moscow' })
  timeZone: string;
}

export class BacklogReportResponse implements BacklogReport {
  @ApiProperty({ format: 'date-time' })
  asOf: string;

  /** The cases whose intake-to-first-action times are measured: logged in [from, to). */
  period: ReportPeriod;

  open: OpenBacklog;
  overdue: Overdue;
  caseload: Caseload;
  timeToFirstContact: MedianResponse;
  timeToFirstLawyerAction: MedianResponse;
}
