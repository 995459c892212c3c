import { loadConfig } from '../config/app-config';
import {
  maintenanceTimeouts,
  serviceTimeouts,
  sessionConnection,
  timeoutOptions,
  transactionLocalTimeouts,
  urlWithTimeouts,
} from './session-timeouts';

const SECRETS = {
  NODE_ENV: 'test',
  JWT_SECRET: 'x'.repeat(32),
  BLIND_INDEX_KEY: 'y'.repeat(32),
  HUQUQ_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
};

describe('connection settings in the configuration', () => {
  it('bounds the service and leaves maintenance uncut by default', () => {
    const config = loadConfig(SECRETS);
    expect(serviceTimeouts(config)).toEqual({
      statementTimeoutMs: 30_000,
      lockTimeoutMs: 10_000,
      idleInTransactionMs: 60_000,
    });
    expect(maintenanceTimeouts(config)).toEqual({
      statementTimeoutMs: 0,
      lockTimeoutMs: 0,
      idleInTransactionMs: 60_000,
    });
    expect(config).toMatchObject({
      DATABASE_POOL_SIZE: 15,
      APP_DATABASE_POOL_SIZE: 20,
      EXPECTED_INSTANCES: 1,
      DATABASE_CONNECTION_RESERVE: 10,
    });
  });

  it('reads them from the environment and refuses what PostgreSQL would not take', () => {
    const config = loadConfig({
      ...SECRETS,
      DATABASE_STATEMENT_TIMEOUT_MS: '5000',
      MAINTENANCE_LOCK_TIMEOUT_MS: '60000',
      APP_DATABASE_POOL_SIZE: '8',
    });
    expect(serviceTimeouts(config).statementTimeoutMs).toBe(5000);
    expect(maintenanceTimeouts(config).lockTimeoutMs).toBe(60000);
    expect(config.APP_DATABASE_POOL_SIZE).toBe(8);
    for (const [name, value] of [
      ['DATABASE_STATEMENT_TIMEOUT_MS', '-1'],
      ['DATABASE_LOCK_TIMEOUT_MS', '1.5'],
      ['DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS', '2147483648'],
      ['DATABASE_POOL_SIZE', '0'],
      ['EXPECTED_INSTANCES', 'two'],
    ]) {
      expect(() => loadConfig({ ...SECRETS, [name]: value })).toThrow(new RegExp(`${name}:`));
    }
  });
});

describe('timeouts on a connection', () => {
  const timeouts = { statementTimeoutMs: 30_000, lockTimeoutMs: 0, idleInTransactionMs: 60_000 };

  it('as startup options and as transaction-local settings, only those given', () => {
    expect(timeoutOptions(timeouts)).toBe(
      '-c statement_timeout=30000 -c lock_timeout=0 -c idle_in_transaction_session_timeout=60000',
    );
    expect(transactionLocalTimeouts({ lockTimeoutMs: 250 })).toEqual([
      "set_config('lock_timeout', '250', true)",
    ]);
    expect(sessionConnection('postgres://u@h:5432/db')).toEqual({
      connectionString: 'postgres://u@h:5432/db',
    });
    expect(() => timeoutOptions({ statementTimeoutMs: -5 })).toThrow(RangeError);
    expect(() => transactionLocalTimeouts({ statementTimeoutMs: Number.NaN })).toThrow(RangeError);
  });

  it("keeps a URL's own options, after ours", () => {
    const url = 'postgres://u:p@h:5432/db?options=-c%20search_path%3Dx&sslmode=disable';
    expect(sessionConnection(url, { lockTimeoutMs: 5 })).toEqual({
      connectionString: 'postgres://u:p@h:5432/db?sslmode=disable',
      options: '-c lock_timeout=5 -c search_path=x',
    });
    const carried = new URL(urlWithTimeouts(url, { lockTimeoutMs: 5 }));
    expect(carried.searchParams.get('options')).toBe('-c lock_timeout=5 -c search_path=x');
    expect(carried.searchParams.get('sslmode')).toBe('disable');
  });
});
