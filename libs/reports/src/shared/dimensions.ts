/** What the load report groups by (`groupBy` of the HTTP contract, the OpenAPI document at /docs-json). */
export const GROUP_BYS = ['day', 'week', 'appealType', 'region', 'nationality', 'channel', 'status'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

/** The dimensions counters are kept for; `all` is the whole organization (key ''). */
export const DIMENSIONS = ['all', 'appealType', 'region', 'nationality', 'channel', 'status'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Case attributes fixed when the appeal is logged: a case counts under them all its life. */
export const CASE_DIMENSIONS = ['appealType', 'region', 'nationality', 'channel'] as const;
export type CaseDimension = (typeof CASE_DIMENSIONS)[number];

/** The statuses a case is open in; the status rows of the load report are these. */
export const OPEN_STATUSES = ['new', 'triaged', 'in_progress', 'awaiting_decision'] as const;

export const URGENCY_ORDER = ['critical', 'high', 'normal', 'low'] as const;

/** Open cases by time since they were logged. `under` in days; the last bucket has none. */
export const AGE_BUCKETS: readonly { key: string; underDays: number | null }[] = [
  { key: '0-1d', underDays: 1 },
  { key: '1-3d', underDays: 3 },
  { key: '3-7d', underDays: 7 },
  { key: '7-30d', underDays: 30 },
  { key: '30-90d', underDays: 90 },
  { key: '90d+', underDays: null },
];
