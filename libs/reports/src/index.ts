export * from './reports.module';
export * from './projections';
export { REPORT_TABLES } from './projection/report.projection';
export { GetLoadReport, GetLoadReportHandler } from './load/load-report';
export type { LoadReport } from './load/load-report';
export { GetBacklogReport, GetBacklogReportHandler } from './backlog/backlog-report';
export type { BacklogReport } from './backlog/backlog-report';
export { GROUP_BYS } from './shared/dimensions';
