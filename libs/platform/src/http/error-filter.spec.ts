import { PassThrough } from 'node:stream';
import { ArgumentsHost } from '@nestjs/common';
import { DatabaseError } from 'pg';
import { RuleViolation } from '@huquq/shared-kernel';
import { createLogger } from '../logging/logger';
import { ErrorFilter, loggableError, toErrorBody } from './error-filter';

/** What pg throws for `WHERE case_id = $1` with a crafted value: the message quotes it. */
function refusedValue(value: string): DatabaseError {
  const error = new DatabaseError(`invalid input syntax for type uuid: "${value}"`, 100, 'error');
  error.severity = 'ERROR';
  error.code = '22P02';
  error.where = `unnamed portal parameter $2 = '${value}'`;
  error.routine = 'string_to_uuid';
  return error;
}

function answer(filter: ErrorFilter, error: unknown) {
  const sent: { status?: number; body?: unknown } = {};
  const res = {
    headersSent: false,
    setHeader: () => undefined,
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: unknown) {
      sent.body = body;
    },
  };
  filter.catch(error, {
    switchToHttp: () => ({ getResponse: () => res, getRequest: () => ({ path: '/v1/cases' }) }),
  } as unknown as ArgumentsHost);
  return sent;
}

describe('ErrorFilter and PostgreSQL errors', () => {
  it('logs a database error by its code and constraint only: the value it quotes reaches no log nor answer', () => {
    let logged = '';
    const sink = new PassThrough();
    sink.on('data', (chunk) => (logged += chunk.toString()));
    const filter = new ErrorFilter(createLogger('info', sink));

    const error = refusedValue('CANARY-crafted-value');
    const sent = answer(filter, error);
    const wrapped = answer(filter, new Error('append failed', { cause: refusedValue('CANARY-in-a-cause') }));
    const orm = answer(filter, Object.assign(new Error('query failed: CANARY-orm'), { driverError: error }));

    expect(sent).toEqual({
      status: 500,
      body: { error: 'internal', message: 'Something went wrong on our side', details: [] },
    });
    expect(JSON.stringify([sent, wrapped, orm])).not.toContain('CANARY');
    expect(logged).not.toContain('CANARY');
    expect(logged).toContain('"code":"22P02"');
  });

  it('names the constraint of a violated one', () => {
    const error = new DatabaseError('duplicate key value violates unique constraint', 100, 'error');
    error.severity = 'ERROR';
    error.code = '23505';
    error.constraint = 'users_email_key';
    error.detail = 'Key (email)=(CANARY@example.org) already exists.';
    expect(loggableError(error)).toEqual({
      name: 'DatabaseError',
      code: '23505',
      constraint: 'users_email_key',
    });
  });

  it('keeps the message and stack of our own errors', () => {
    const error = new Error('cannot allocate 3 case numbers for 2024');
    expect(loggableError(error)).toEqual({ name: 'Error', message: error.message, stack: error.stack });
    expect(loggableError(error, false)).toEqual({ name: 'Error', message: error.message });
  });
});

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

describe('a 422 says why as a code a client can translate', () => {
  it('sends the reason beside the English message, and no reason where the refusal has none', () => {
    const closed = RuleViolation.because(
      'status_move_not_allowed',
      'Cannot change the status from new to closed',
      {
        from: 'new',
        to: 'closed',
      },
    );
    expect(toErrorBody(closed)).toEqual({
      status: 422,
      body: {
        error: 'rule_violation',
        message: 'Cannot change the status from new to closed',
        details: { from: 'new', to: 'closed' },
        reason: 'status_move_not_allowed',
      },
    });
    expect(toErrorBody(new RuleViolation('This case has already been logged')).body).not.toHaveProperty(
      'reason',
    );
  });
});
