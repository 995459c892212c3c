import { ReportProjection } from './projection/report.projection';

/** The read models reports own; the worker runs them, the rebuild command replays them. */
export const reportProjections = () => [new ReportProjection()];
