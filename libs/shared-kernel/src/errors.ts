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

/**
 * Why a 422 refused, as a code a client can translate (the message stays English, for people
 * reading the raw answer): sent as the body's `reason`. docs/domain.md says when each is given.
 */
export const RULE_VIOLATION_REASONS = [
  'status_move_not_allowed',
  'case_closed',
  'case_already_closed',
  'case_not_closed',
  'reopen_reason_required',
  'note_empty',
  'not_a_lawyer',
  'client_erased',
  'client_name_required',
  'custody_grounds_not_for_place',
  'custody_delivered_in_future',
  'custody_transfer_before_previous',
  'custody_not_held',
  'custody_release_before_delivery',
  'hearing_complaint_only_for_expulsion',
  'hearing_result_recorded',
  'same_client',
  'clients_confirmed_same',
  'clients_judged_different',
  'client_already_merged',
  'client_merged_elsewhere',
  'task_not_in_lawyers_queue',
  'email_taken',
  'own_account',
  'account_disabled',
  'second_factor_in_force',
  'second_factor_not_enrolling',
  'second_factor_code_mismatch',
  'idempotency_key_reused',
] as const;
export type RuleViolationReason = (typeof RULE_VIOLATION_REASONS)[number];

export class RuleViolation extends HuquqError {
  readonly status = 422;
  readonly code = 'rule_violation';
  /** Set by `because`; a RuleViolation made without one answers without `reason`. */
  reason?: RuleViolationReason;

  /** A refusal with its reason code: `RuleViolation.because('case_closed', 'A closed case …')`. */
  static because(
    reason: RuleViolationReason,
    message: string,
    details?: ProblemDetail[] | Record<string, unknown>,
  ): RuleViolation {
    const error = new RuleViolation(message, details);
    error.reason = reason;
    return error;
  }
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
