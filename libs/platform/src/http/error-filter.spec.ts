import { toErrorBody } from './error-filter';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('errors of a timeout of ours answer 503: contention, not the request’s fault', () => {
  it.each([
    ['statement_timeout', withCode('canceling statement due to statement timeout', '57014')],
    ['lock_timeout', withCode('canceling statement due to lock timeout', '55P03')],
    [
      'idle_in_transaction_session_timeout',
      withCode('terminating connection due to idle-in-transaction timeout', '25P03'),
    ],
  ])('%s', (_, error) => {
    expect(toErrorBody(error)).toEqual({
      status: 503,
      body: {
        error: 'service_unavailable',
        message: 'The database took too long to answer; try again shortly',
        details: [],
      },
    });
  });
});
