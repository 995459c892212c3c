import { ApiProperty } from '@nestjs/swagger';

const STATUSES = ['ok', 'degraded', 'down'] as const;
const UP_DOWN = ['up', 'down'] as const;

/** The health routes' answers (the swagger plugin reads this file). No personal data in either. */
export class HealthResponse {
  /** `ok` and `degraded` answer 200, `down` 503. */
  @ApiProperty({ enum: STATUSES })
  status: (typeof STATUSES)[number];
}

export class HealthChecks {
  /** The database as its owner. */
  @ApiProperty({ enum: UP_DOWN })
  database: string;

  /** The database as the request path's role (row-level security on). */
  @ApiProperty({ enum: UP_DOWN })
  requestPath: string;

  @ApiProperty({ enum: UP_DOWN })
  redis: string;
}

export class HealthDetailsResponse extends HealthResponse {
  checks: HealthChecks;

  /** Why `degraded`, each with what an operator can do (a transaction is named by pid, to end it). */
  @ApiProperty({ type: 'object', isArray: true, additionalProperties: true })
  degraded: Record<string, unknown>[];

  /** Every projection's position and lag. */
  @ApiProperty({ type: 'object', isArray: true, additionalProperties: true })
  projections: Record<string, unknown>[];

  /** The follow-up queues' depths, failed jobs and dispatch ledger; null when not read in time. */
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true })
  followUps: Record<string, unknown> | null;

  /** E-mail and webhooks on or off, the delivery ledger's counts, the latest dead letters. */
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true })
  notifications: Record<string, unknown> | null;

  /** Counts and bytes of this process's unwrapped data keys; never a key or a subject. */
  @ApiProperty({ type: 'object', additionalProperties: true })
  keyCache: Record<string, unknown>;
}
