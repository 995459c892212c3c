import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { HuquqError, RateLimited, RuleViolation } from '@huquq/shared-kernel';
import { routeTemplate } from '../logging/access-log';

interface ErrorBody {
  error: string;
  message: string;
  details: unknown;
  /** A 422's reason code, where the refusal has one (RULE_VIOLATION_REASONS). */
  reason?: string;
}

const CODES_BY_STATUS: Record<number, string> = {
  400: 'validation_failed',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'rule_violation',
  429: 'rate_limited',
  503: 'service_unavailable',
};

/** Body-parser errors (bad JSON, too large) arrive as plain errors with a `type`. */
interface BodyParserError {
  type?: string;
  status?: number;
}

/** Socket errors of a connection refused, reset or unreachable. */
const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of a server that is away or on its way: class 08 (connection exception), 57P01-03
 * (terminated by a shutdown, a crash, or "the database system is starting up / shutting down"),
 * 53300 (too many connections).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;

/** pg's and pg-pool's own errors of a lost connection or of a connect that did not finish in time. */
const LOST_CONNECTION_MESSAGE =
  /^(Connection terminated|timeout expired$|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|Cannot use a pool after calling end)/;

/**
 * SQLSTATEs of a bound of ours that cut a statement off (docs/operations/connections.md):
 * 57014 statement_timeout (or a cancel), 55P03 lock_timeout, 25P03 idle_in_transaction_session_timeout.
 */
const TIMED_OUT_SQLSTATE = new Set(['57014', '55P03', '25P03']);

function databaseTimedOut(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && TIMED_OUT_SQLSTATE.has(code);
}

/** Whether the error says the database is away (or coming back), not that the request was wrong. */
function databaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 3) return false;
  const { code, message, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string' && (CONNECTION_ERROR_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code)))
    return true;
  if (typeof message === 'string' && LOST_CONNECTION_MESSAGE.test(message)) return true;
  // AggregateError of a connect to several addresses; an error wrapping its cause.
  if (Array.isArray(errors) && errors.some((e) => databaseUnavailable(e, depth + 1))) return true;
  return databaseUnavailable(cause, depth + 1);
}

/**
 * The one error shape of the HTTP contract (the OpenAPI document at /docs-json). Messages are ours,
 * never a driver's or a stack trace, because
 * a database error can quote the values it choked on.
 */
export function toErrorBody(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof HuquqError) {
    return {
      status: error.status,
      body: {
        error: error.code,
        message: error.message,
        details: error.details,
        ...(error instanceof RuleViolation && error.reason ? { reason: error.reason } : {}),
      },
    };
  }
  const parser = error as BodyParserError;
  if (parser?.type === 'entity.too.large') {
    return {
      status: 413,
      body: { error: 'payload_too_large', message: 'The request body is too large', details: [] },
    };
  }
  if (parser?.type === 'entity.parse.failed' || parser?.type === 'encoding.unsupported') {
    return {
      status: 400,
      body: {
        error: 'validation_failed',
        message: 'The body is not valid JSON',
        details: [{ field: 'body', problem: 'invalid JSON' }],
      },
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const message = status === 404 ? 'No such route' : error.message;
    return { status, body: { error: CODES_BY_STATUS[status] ?? 'error', message, details: [] } };
  }
  if (databaseTimedOut(error)) {
    // Contention or a slow statement, not the request's fault: retrying shortly may well work.
    return {
      status: 503,
      body: {
        error: 'service_unavailable',
        message: 'The database took too long to answer; try again shortly',
        details: [],
      },
    };
  }
  if (databaseUnavailable(error)) {
    return {
      status: 503,
      body: {
        error: 'service_unavailable',
        message: 'The database is not answering; try again shortly',
        details: [],
      },
    };
  }
  return {
    status: 500,
    body: { error: 'internal', message: 'Something went wrong on our side', details: [] },
  };
}

/** A PostgreSQL error: its SQLSTATE, and a message that may quote the value it refused. */
interface DatabaseErrorLike {
  code: string;
  constraint?: unknown;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** PostgreSQL's error in the chain (the error, its cause, an ORM's driverError), if any. */
function databaseErrorIn(error: unknown, depth = 0): DatabaseErrorLike | null {
  if (!error || typeof error !== 'object' || depth > 3) return null;
  const e = error as { code?: unknown; severity?: unknown; cause?: unknown; driverError?: unknown };
  if (typeof e.code === 'string' && SQLSTATE.test(e.code) && typeof e.severity === 'string')
    return e as DatabaseErrorLike;
  return databaseErrorIn(e.driverError, depth + 1) ?? databaseErrorIn(e.cause, depth + 1);
}

/**
 * What of an error may go into a log. A PostgreSQL error is logged by its SQLSTATE and
 * constraint only: its message, detail, where and stack (whose first line is the message) can
 * quote the value it refused — a cursor, a name, a NUL-laden string. Anything else by name,
 * message and (unless asked not to) stack: those are ours.
 */
export function loggableError(error: unknown, withStack = true): Record<string, unknown> {
  const database = databaseErrorIn(error);
  if (database) {
    return {
      name: 'DatabaseError',
      code: database.code,
      ...(typeof database.constraint === 'string' ? { constraint: database.constraint } : {}),
    };
  }
  const e = error as Error | undefined;
  return withStack
    ? { name: e?.name, message: e?.message, stack: e?.stack }
    : { name: e?.name, message: e?.message };
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost) {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    const { status, body } = toErrorBody(error);
    // The template, never the path as sent (it can carry ids); the request id ties it to the access log.
    const route = routeTemplate(request);
    const reqId = (request as { id?: unknown }).id;
    if (status === 503) {
      // An outage answers every request like this: one line each, no stack, is enough.
      // The SQLSTATE tells a timeout of ours (57014, 55P03, 25P03) from an outage.
      const code = (error as { code?: unknown } | null)?.code;
      this.logger.warn(
        {
          route,
          reqId,
          err: { name: (error as Error)?.name, ...(typeof code === 'string' ? { code } : {}) },
        },
        'service unavailable',
      );
    } else if (status >= 500) {
      // Never the request body, nor a database's words (they quote values): see loggableError.
      this.logger.error({ route, reqId, err: loggableError(error) }, 'request failed');
    }
    if (response.headersSent) return;
    // The database is away: a client may retry (with the same Idempotency-Key) shortly.
    if (status === 503) response.setHeader('Retry-After', '2');
    if (error instanceof RateLimited && error.retryAfterSeconds !== undefined)
      response.setHeader('Retry-After', String(error.retryAfterSeconds));
    response.status(status).json(body);
  }
}

/** For errors raised before Nest routes a request (body parsing). */
export function expressErrorHandler(logger: Logger) {
  const filter = new ErrorFilter(logger);
  return (error: unknown, req: Request, res: Response, next: (e?: unknown) => void) => {
    if (res.headersSent) return next(error);
    const { status, body } = toErrorBody(error);
    if (status >= 500)
      filter.catch(error, {
        switchToHttp: () => ({ getResponse: () => res, getRequest: () => req }),
      } as unknown as ArgumentsHost);
    else res.status(status).json(body);
  };
}
