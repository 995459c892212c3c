import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, Min } from 'class-validator';
import { APPEAL_TYPES, CASE_STATUSES, URGENCIES } from '@huquq/shared-kernel';

export class ListCasesRequest {
  @IsOptional()
  @IsIn(CASE_STATUSES)
  status?: string;

  @IsOptional()
  @IsIn(APPEAL_TYPES)
  appealType?: string;

  @IsOptional()
  @IsUUID()
  assigneeId?: string;

  @IsOptional()
  @IsIn(URGENCIES)
  urgency?: string;

  @IsOptional()
  @IsUUID()
  incidentId?: string;

  /** The number people say on the phone: 2026-000123. */
  @IsOptional()
  @Matches(/^\d{4}-\d{6,9}$/, { message: 'must be a case number such as 2026-000123' })
  caseNumber?: string;

  @IsOptional()
  @IsString()
  cursor?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
