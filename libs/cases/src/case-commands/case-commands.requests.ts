import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Min, ValidateIf } from 'class-validator';
import { CASE_STATUSES, CaseStatus, Outcome, OUTCOMES, ValidationFailed } from '@huquq/shared-kernel';
import { IsTimeWithOffset } from '../shared/validators';

/** The version the caller last saw; it may come as `If-Match` instead. */
abstract class VersionedRequest {
  @IsOptional()
  @IsInt()
  @Min(0)
  expectedVersion?: number;
}

/**
 * `assigneeId`, the name the case view and the work queues use. `lawyerId`, its name before,
 * is still accepted in API version 1 and goes in version 2 (decision 0051); both at once must
 * agree.
 */
export class AssignCaseRequest extends VersionedRequest {
  /** The lawyer to assign (a user id of your organization with the lawyer role). */
  @ValidateIf((request: AssignCaseRequest) => request.lawyerId === undefined)
  @IsUUID('all', { message: 'must be the id of a lawyer of your organization (a UUID)' })
  assigneeId?: string;

  /** Deprecated: the former name of `assigneeId`. */
  @IsOptional()
  @IsUUID('all', { message: 'must be the id of a lawyer of your organization (a UUID)' })
  lawyerId?: string;
}

/** The lawyer an assignment names, whichever name the client used. */
export function assigneeOf(request: AssignCaseRequest): string {
  const { assigneeId, lawyerId } = request;
  if (assigneeId !== undefined && lawyerId !== undefined && assigneeId !== lawyerId) {
    const problem = { field: 'lawyerId', problem: 'must be the same as assigneeId (it is its former name)' };
    throw new ValidationFailed(`The request has invalid fields: lawyerId ${problem.problem}.`, [problem]);
  }
  return (assigneeId ?? lawyerId)!;
}

export class ChangeStatusRequest extends VersionedRequest {
  @IsIn(CASE_STATUSES)
  status: CaseStatus;

  @IsOptional()
  @IsString()
  @Length(0, 2000)
  reason?: string | null;
}

export class AddNoteRequest {
  @IsString()
  @Length(1, 20000)
  text: string;
}

export class SetDeadlineRequest extends VersionedRequest {
  @IsString()
  @Length(1, 100)
  kind: string;

  @IsTimeWithOffset()
  dueAt: string;

  @IsOptional()
  @IsString()
  @Length(0, 1000)
  basis?: string | null;
}

export class CloseCaseRequest extends VersionedRequest {
  @IsIn(OUTCOMES)
  outcome: Outcome;
}

export class ReopenCaseRequest extends VersionedRequest {
  @IsString()
  @Length(1, 2000)
  reason: string;
}
