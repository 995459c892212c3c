/**
 * Errors that the domain and the services throw. They carry the API's error code so the
 * HTTP layer maps them without knowing each one, and they never carry personal data.
 */
export interface ProblemDetail {
  field?: string;
  problem?: string;
  [key: string]: unknown;
}

export abstract class HuquqError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  constructor(
    message: string,
    readonly details: ProblemDetail[] | Record<string, unknown> = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationFailed extends HuquqError {
  readonly status = 400;
  readonly code = 'validation_failed';
}

export class Unauthenticated extends HuquqError {
  readonly status = 401;
  readonly code = 'unauthenticated';
  constructor(message = 'A valid bearer token is required') {
    super(message);
  }
}

export class Forbidden extends HuquqError {
  readonly status = 403;
  readonly code = 'forbidden';
  constructor(message = 'Your role may not do this') {
    super(message);
  }
}

/** Another organization's id answers exactly like an unknown id: same status, same words. */
export class NotFound extends HuquqError {
  readonly status = 404;
  readonly code = 'not_found';
  constructor(what: string) {
    super(`No such ${what}`);
  }
}

export class VersionConflict extends HuquqError {
  readonly status = 409;
  readonly code = 'version_conflict';
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super(`Expected version ${expectedVersion} but it is ${currentVersion}`, { currentVersion });
  }
}

export class Conflict extends HuquqError {
  readonly status = 409;
  readonly code = 'conflict';
}

export class RuleViolation extends HuquqError {
  readonly status = 422;
  readonly code = 'rule_violation';
}

export class RateLimited extends HuquqError {
  readonly status = 429;
  readonly code = 'rate_limited';
  constructor(
    message = 'Too many requests; try again later',
    /** Whole seconds until a retry may be answered; the HTTP layer sends it as Retry-After. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}
