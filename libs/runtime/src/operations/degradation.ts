import type { ProjectionRunner, ProjectionStatus } from '@huquq/event-store';
import type { Database } from '@huquq/platform';

/** Why the service still answers but an operator should look. No personal data, ever. */
export type Degradation =
  | { reason: 'projection_lag'; projection: string; seconds: number; events: number }
  | { reason: 'parked_events'; projection: string; count: number }
  | {
      reason: 'old_transaction';
      /** The session holding back what readers may read: the operator's handle to end it. */
      pid: number;
      applicationName: string;
      database: string | null;
      state: string | null;
      seconds: number;
    };

export interface DegradationLimits {
  /** Asynchronous lag beyond this is reported (reports, follow-up dispatch). */
  lagSeconds: number;
  /** A transaction open longer than this holds every reader of the log back. */
  transactionSeconds: number;
}

/**
 * The oldest transaction of the whole server (any database: the horizon is the cluster's) that
 * holds an xid or a snapshot, when it has been open past the limit. Seen as the owner; a
 * role without pg_read_all_stats sees other users' sessions without their details.
 */
async function oldTransaction(db: Database, limitSeconds: number): Promise<Degradation | null> {
  const { rows } = await db.query<{
    pid: number;
    application_name: string;
    datname: string | null;
    state: string | null;
    seconds: number;
  }>(
    `SELECT pid, application_name, datname, state,
            extract(epoch FROM now() - xact_start)::float8 AS seconds
     FROM pg_stat_activity
     WHERE (backend_xid IS NOT NULL OR backend_xmin IS NOT NULL)
       AND pid <> pg_backend_pid() AND xact_start IS NOT NULL
       AND now() - xact_start > make_interval(secs => $1)
     ORDER BY xact_start LIMIT 1`,
    [limitSeconds],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    reason: 'old_transaction',
    pid: row.pid,
    applicationName: row.application_name,
    database: row.datname,
    state: row.state,
    seconds: Math.round(row.seconds),
  };
}

function fromProjections(statuses: readonly ProjectionStatus[], limits: DegradationLimits): Degradation[] {
  return statuses.flatMap((status): Degradation[] => [
    ...(status.lagSeconds > limits.lagSeconds
      ? [
          {
            reason: 'projection_lag' as const,
            projection: status.name,
            seconds: Math.round(status.lagSeconds),
            events: status.lagEvents,
          },
        ]
      : []),
    ...(status.parked > 0 ? [{ reason: 'parked_events' as const, projection: status.name, count: status.parked }] : []),
  ]);
}

/** Everything that makes the service degraded right now; empty when it is fine. */
export async function degradations(
  db: Database,
  runner: ProjectionRunner,
  limits: DegradationLimits,
  statuses?: readonly ProjectionStatus[],
): Promise<Degradation[]> {
  const [projections, holder] = await Promise.all([
    statuses ?? runner.status(),
    oldTransaction(db, limits.transactionSeconds),
  ]);
  return [...(holder ? [holder] : []), ...fromProjections(projections, limits)];
}
