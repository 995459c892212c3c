import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Min, ValidateIf } from 'class-validator';
import {
  CASE_STATUSES,
  CaseStatus,
  CUSTODY_GROUNDS,
  CUSTODY_PLACE_KINDS,
  CustodyGrounds,
  CustodyPlaceKind,
  HEARING_KINDS,
  HEARING_RESULTS,
  HearingKind,
  HearingResult,
  Outcome,
  OUTCOMES,
  ValidationFailed,
} from '@huquq/shared-kernel';
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

export class RecordCustodyRequest extends VersionedRequest {
  @ApiProperty({ enum: CUSTODY_PLACE_KINDS })
  @IsIn(CUSTODY_PLACE_KINDS)
  placeKind: CustodyPlaceKind;

  @ApiPropertyOptional({ description: 'Which station, court or institution: free text, stored encrypted' })
  @IsOptional()
  @IsString()
  @Length(0, 500)
  placeName?: string | null;

  @ApiPropertyOptional({ description: 'A subject of the RF (code or name); its time zone runs the clock' })
  @IsOptional()
  @IsString()
  @Length(0, 200)
  region?: string | null;

  @ApiPropertyOptional({
    enum: CUSTODY_GROUNDS,
    description:
      'administrative (3 h) or migration_or_expulsion (48 h) at a police station, court or temporary detention; ' +
      'order (48 h without a court) or expulsion_ruling (90 days) in a special institution. Left out: the shorter clock',
  })
  @IsOptional()
  @IsIn(CUSTODY_GROUNDS)
  grounds?: CustodyGrounds;

  @ApiProperty({ description: 'Delivery to this place, with offset: the clock runs from it' })
  @IsTimeWithOffset()
  deliveredAt: string;
}

export class ReleaseFromCustodyRequest extends VersionedRequest {
  @IsTimeWithOffset()
  releasedAt: string;
}

export class ScheduleHearingRequest extends VersionedRequest {
  @ApiPropertyOptional({ description: 'Which court: free text, stored encrypted' })
  @IsOptional()
  @IsString()
  @Length(0, 500)
  court?: string | null;

  @ApiProperty({ enum: HEARING_KINDS })
  @IsIn(HEARING_KINDS)
  kind: HearingKind;

  @IsTimeWithOffset()
  startsAt: string;

  @ApiPropertyOptional({
    description:
      'expulsion_complaint only: when the court received the complaint; it is heard within 24 hours',
  })
  @IsOptional()
  @IsTimeWithOffset()
  complaintReceivedAt?: string | null;
}

export class RecordHearingResultRequest extends VersionedRequest {
  @ApiProperty({ enum: HEARING_RESULTS })
  @IsIn(HEARING_RESULTS)
  result: HearingResult;

  @ApiPropertyOptional({ description: 'What happened: free text, stored encrypted' })
  @IsOptional()
  @IsString()
  @Length(0, 5000)
  note?: string | null;
}
