import type { AppConfig } from '../config/app-config';

/**
 * The three bounds on how long one of huquq's connections may stall, in milliseconds; 0 turns
 * one off, and one left out keeps whatever the server or role says.
 *
 * - statementTimeoutMs (statement_timeout): a statement running longer is cancelled (57014).
 * - lockTimeoutMs (lock_timeout): a statement waiting longer for one lock fails (55P03).
 * - idleInTransactionMs (idle_in_transaction_session_timeout): the server ends the session of a
 *   transaction left idle longer (25P03), and with it the transaction and its locks.
 */
export interface SessionTimeouts {
  statementTimeoutMs?: number;
  lockTimeoutMs?: number;
  idleInTransactionMs?: number;
}

/** The service's own connections: the request path, background work, LISTEN. */
export function serviceTimeouts(config: AppConfig): SessionTimeouts {
  return {
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    lockTimeoutMs: config.DATABASE_LOCK_TIMEOUT_MS,
    idleInTransactionMs: config.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  };
}

/**
 * Migrations and CLI commands: a migration rewriting a big table or a rebuild's reset may run,
 * or wait for a lock, far longer than any request, and cutting one off halfway helps nobody
 * (none by default). The idle-in-transaction bound stays the service's: neither ever waits for
 * a person or the network inside a transaction, so one idle that long is stuck, and its locks
 * would stall the service.
 */
export function maintenanceTimeouts(config: AppConfig): SessionTimeouts {
  return {
    statementTimeoutMs: config.MAINTENANCE_STATEMENT_TIMEOUT_MS,
    lockTimeoutMs: config.MAINTENANCE_LOCK_TIMEOUT_MS,
    idleInTransactionMs: config.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  };
}

/** Nothing cut off: what migrations and database creation get when no configuration is given. */
export const NO_STATEMENT_OR_LOCK_TIMEOUT: SessionTimeouts = { statementTimeoutMs: 0, lockTimeoutMs: 0 };

const SETTINGS: ReadonlyArray<[keyof SessionTimeouts, string]> = [
  ['statementTimeoutMs', 'statement_timeout'],
  ['lockTimeoutMs', 'lock_timeout'],
  ['idleInTransactionMs', 'idle_in_transaction_session_timeout'],
];

/** [setting, milliseconds] of the bounds given; only plain integers, so they may be inlined in SQL. */
function settings(timeouts: SessionTimeouts): Array<[string, number]> {
  return SETTINGS.flatMap(([field, setting]) => {
    const value = timeouts[field];
    if (value === undefined) return [];
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`${setting} must be a whole number of milliseconds, 0 or more`);
    }
    return [[setting, value] as [string, number]];
  });
}

/**
 * The timeouts as the `options` startup parameter (`-c statement_timeout=30000 …`): the server
 * applies them to the session before its first statement, at no round trip. For direct
 * connections only: a transaction-mode PgBouncer refuses an `options` it cannot track
 * ("unsupported startup parameter"), or drops it when told to ignore it.
 */
export function timeoutOptions(timeouts: SessionTimeouts): string {
  return settings(timeouts)
    .map(([setting, value]) => `-c ${setting}=${value}`)
    .join(' ');
}

/**
 * pg's connection settings of a direct session connection with the timeouts. pg lets a URL's
 * own `?options=` replace the `options` setting, so any the URL carries are moved after ours
 * (the later `-c` wins: an operator's explicit choice stands).
 */
export function sessionConnection(
  url: string,
  timeouts: SessionTimeouts = {},
): { connectionString: string; options?: string } {
  const ours = timeoutOptions(timeouts);
  if (!ours) return { connectionString: url };
  if (!/[?&]options=/.test(url)) return { connectionString: url, options: ours };
  const parsed = new URL(url);
  const theirs = parsed.searchParams.get('options');
  parsed.searchParams.delete('options');
  return { connectionString: parsed.toString(), options: [ours, theirs].filter(Boolean).join(' ') };
}

/**
 * The URL itself carrying the timeouts (`?options=-c …`), for code that takes a URL and nothing
 * else (the event store's LISTEN connection).
 */
export function urlWithTimeouts(url: string, timeouts: SessionTimeouts): string {
  const { connectionString, options } = sessionConnection(url, timeouts);
  if (!options) return connectionString;
  const parsed = new URL(connectionString);
  parsed.searchParams.set('options', options);
  return parsed.toString();
}

/**
 * The timeouts as `set_config(…, true)` calls, local to the transaction they run in: what the
 * request path adds to the statement that opens each transaction, so they hold through a
 * transaction-mode pooler as well (any server connection it lends gets them, none keeps them).
 */
export function transactionLocalTimeouts(timeouts: SessionTimeouts): string[] {
  return settings(timeouts).map(([setting, value]) => `set_config('${setting}', '${value}', true)`);
}
