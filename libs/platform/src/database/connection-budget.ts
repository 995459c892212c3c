import { Client } from 'pg';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/app-config';
import { sessionConnection } from './session-timeouts';

/**
 * Connections every huquq process (API or worker) keeps LISTENing on besides its pools: the
 * event store's wake-ups (huquq_events), the key cache's erasure notices (huquq_keys_erased) and
 * the session cache's notices (huquq_sessions: a user disabled, re-roled, logged out).
 */
const LISTENING_CONNECTIONS = 3;

/** What the server allows and holds right now. */
export interface ServerConnections {
  maxConnections: number;
  superuserReservedConnections: number;
  /** Client connections open at the moment, other than the one that counted them. */
  currentConnections: number;
}

export interface ConnectionBudget extends ServerConnections {
  /** One process at most: owner pool + request pool + keyring pool + listening connections. */
  owner: number;
  app: number;
  keyring: number;
  listening: number;
  perProcess: number;
  expectedInstances: number;
  /** expectedInstances × perProcess. */
  deployment: number;
  reserve: number;
  /** max_connections − superuser_reserved_connections − reserve: what huquq's processes may use. */
  available: number;
  /** deployment ≤ available. */
  deploymentFits: boolean;
  /** currentConnections + perProcess ≤ available: this process's pools can still fill up now. */
  processFitsNow: boolean;
}

type BudgetSettings = Pick<
  AppConfig,
  | 'DATABASE_POOL_SIZE'
  | 'APP_DATABASE_POOL_SIZE'
  | 'KEYRING_DATABASE_POOL_SIZE'
  | 'EXPECTED_INSTANCES'
  | 'DATABASE_CONNECTION_RESERVE'
>;

/**
 * instances × (owner + app + keyring + listening) ≤ max_connections − superuser_reserved_connections −
 * reserve, for the whole deployment; and for this process, the connections already open plus
 * its own. Pools open connections only as work needs them: these are the most they may hold.
 */
export function connectionBudget(config: BudgetSettings, server: ServerConnections): ConnectionBudget {
  const owner = config.DATABASE_POOL_SIZE;
  const app = config.APP_DATABASE_POOL_SIZE;
  // The keyring is counted on the same server: its default place (decision 0023).
  const keyring = config.KEYRING_DATABASE_POOL_SIZE;
  const perProcess = owner + app + keyring + LISTENING_CONNECTIONS;
  const deployment = config.EXPECTED_INSTANCES * perProcess;
  const available =
    server.maxConnections - server.superuserReservedConnections - config.DATABASE_CONNECTION_RESERVE;
  return {
    ...server,
    owner,
    app,
    keyring,
    listening: LISTENING_CONNECTIONS,
    perProcess,
    expectedInstances: config.EXPECTED_INSTANCES,
    deployment,
    reserve: config.DATABASE_CONNECTION_RESERVE,
    available,
    deploymentFits: deployment <= available,
    processFitsNow: server.currentConnections + perProcess <= available,
  };
}

/**
 * max_connections, superuser_reserved_connections and the client connections open now. Counted
 * from pg_stat_activity, which shows a role without pg_read_all_stats other sessions' rows but
 * not their backend_type: a row with a database and a hidden type is counted as a client (the
 * server's own processes have no database; an autovacuum worker would be counted too).
 */
export async function readServerConnections(url: string): Promise<ServerConnections> {
  const client = new Client(
    sessionConnection(url, { statementTimeoutMs: 5000, lockTimeoutMs: 5000, idleInTransactionMs: 5000 }),
  );
  await client.connect();
  try {
    const { rows } = await client.query<{ max: number; reserved: number; current: number }>(
      `SELECT current_setting('max_connections')::int AS max,
              current_setting('superuser_reserved_connections')::int AS reserved,
              (SELECT count(*)::int FROM pg_stat_activity
                WHERE pid <> pg_backend_pid()
                  AND (backend_type = 'client backend' OR (backend_type IS NULL AND datid IS NOT NULL))
              ) AS current`,
    );
    return {
      maxConnections: rows[0].max,
      superuserReservedConnections: rows[0].reserved,
      currentConnections: rows[0].current,
    };
  } finally {
    await client.end();
  }
}

/** The one line an operator reads when the budget does not hold; numbers only, no URL. */
function budgetWarning(budget: ConnectionBudget): string {
  const limit =
    `max_connections ${budget.maxConnections} − superuser_reserved_connections ` +
    `${budget.superuserReservedConnections} − reserve ${budget.reserve} = ${budget.available}`;
  const process =
    `${budget.perProcess} per process (owner pool ${budget.owner} + request pool ${budget.app} + ` +
    `keyring pool ${budget.keyring} + ` +
    `${budget.listening} listening)`;
  const problems = [
    ...(budget.deploymentFits
      ? []
      : [`${budget.expectedInstances} expected instance(s) × ${process} = ${budget.deployment} > ${limit}`]),
    ...(budget.processFitsNow
      ? []
      : [
          `${budget.currentConnections} connected now + ${budget.perProcess} of this process = ` +
            `${budget.currentConnections + budget.perProcess} > ${budget.available}`,
        ]),
  ];
  return (
    `PostgreSQL may run out of connections for huquq: ${problems.join('; ')}. Lower ` +
    'DATABASE_POOL_SIZE, APP_DATABASE_POOL_SIZE or KEYRING_DATABASE_POOL_SIZE, or raise max_connections ' +
    '(docs/operations/connections.md)'
  );
}

/**
 * At start: reads the server's limits and logs one warning when this process's connections, or
 * the whole deployment's (EXPECTED_INSTANCES), cannot fit. Never stops the start: pools open
 * connections only as needed, so a tight budget may hold in practice; the warning says why a
 * later "too many clients" (53300) would come.
 */
export async function checkConnectionBudget(
  config: AppConfig,
  logger: Logger,
): Promise<ConnectionBudget | null> {
  let budget: ConnectionBudget;
  try {
    budget = connectionBudget(config, await readServerConnections(config.DATABASE_URL));
  } catch (error) {
    logger.warn(
      { err: { message: (error as Error)?.message } },
      'could not read max_connections to check the connection budget',
    );
    return null;
  }
  if (!budget.deploymentFits || !budget.processFitsNow) {
    const { owner, app, keyring, listening, perProcess, expectedInstances, deployment, reserve, available } =
      budget;
    logger.warn(
      {
        connections: {
          maxConnections: budget.maxConnections,
          superuserReservedConnections: budget.superuserReservedConnections,
          currentConnections: budget.currentConnections,
          owner,
          app,
          keyring,
          listening,
          perProcess,
          expectedInstances,
          deployment,
          reserve,
          available,
        },
      },
      budgetWarning(budget),
    );
  }
  return budget;
}
