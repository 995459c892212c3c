import { toErrorBody } from '@huquq/platform';

/** What pg, pg-pool and Node raise while PostgreSQL is away or coming back, as the drills saw it. */
const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('errors of a database that is away answer 503 service_unavailable', () => {
  it.each([
    ['connection refused', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['connection reset', withCode('read ECONNRESET', 'ECONNRESET')],
    ['connect timed out in the kernel', withCode('connect ETIMEDOUT 10.0.0.5:5432', 'ETIMEDOUT')],
    [
      'backend killed by a shutdown',
      withCode('terminating connection due to administrator command', '57P01'),
    ],
    [
      'backend killed by a crash of another',
      withCode('terminating connection because of crash of another server process', '57P02'),
    ],
    ['server starting up', withCode('the database system is starting up', '57P03')],
    ['server shutting down', withCode('the database system is shutting down', '57P03')],
    ['too many connections', withCode('sorry, too many clients already', '53300')],
    ['connection exception class 08', withCode('connection failure', '08006')],
    ['socket closed mid-query (immediate shutdown)', new Error('Connection terminated unexpectedly')],
    [
      'pool connect timeout',
      new Error('Connection terminated due to connection timeout', {
        cause: new Error('Connection terminated'),
      }),
    ],
    ['client connect timeout', new Error('timeout expired')],
    ['pool full for too long', new Error('timeout exceeded when trying to connect')],
    [
      'a client that lost its connection earlier',
      new Error('Client has encountered a connection error and is not queryable'),
    ],
    [
      'a connect to several addresses (Node 20, "localhost")',
      Object.assign(new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], ''), {}),
    ],
  ])('%s', (_, error) => {
    expect(toErrorBody(error)).toEqual({
      status: 503,
      body: {
        error: 'service_unavailable',
        message: 'The database is not answering; try again shortly',
        details: [],
      },
    });
  });

  it.each([
    ['a unique violation', withCode('duplicate key value violates unique constraint', '23505')],
    ['a syntax error', withCode('syntax error at or near "SELCT"', '42601')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
  ])('but %s stays a 500 that says nothing more', (_, error) => {
    expect(toErrorBody(error)).toEqual({
      status: 500,
      body: { error: 'internal', message: 'Something went wrong on our side', details: [] },
    });
  });
});
