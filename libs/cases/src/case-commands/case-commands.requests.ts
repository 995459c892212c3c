import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';
import { CASE_STATUSES, CaseStatus, Outcome, OUTCOMES } from '@huquq/shared-kernel';
import { IsTimeWithOffset } from '../shared/validators';

/** The version the caller last saw; it may come as `If-Match` instead. */
abstract class VersionedRequest {
  @IsOptional()
  @IsInt()
  @Min(0)
  expectedVersion?: number;
}

export class AssignCaseRequest extends VersionedRequest {
  @IsUUID()
  lawyerId: string;
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
