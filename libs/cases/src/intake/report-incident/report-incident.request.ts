import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Length,
  ValidateNested,
} from 'class-validator';
import { APPEAL_TYPES, AppealType, Channel, CHANNELS, URGENCIES, Urgency } from '../../domain/vocabulary';
import { IsTimeWithOffset } from '../../shared/validators';
import { ClientRequest } from '../appeal.request';

/** A raid or other event that touched many people at once: one case each, all or none. */
export class ReportIncidentRequest {
  @IsString()
  @Length(1, 100)
  kind: string;

  @IsOptional()
  @IsTimeWithOffset()
  occurredAt?: string | null;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  region?: string | null;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  city?: string | null;

  @IsOptional()
  @IsString()
  @Length(1, 500)
  location?: string | null;

  @IsString()
  @Length(1, 20000)
  description: string;

  @IsIn(APPEAL_TYPES)
  appealType: AppealType;

  @IsIn(CHANNELS)
  channel: Channel;

  @IsOptional()
  @IsIn(URGENCIES)
  urgency?: Urgency | null;

  @IsOptional()
  @IsTimeWithOffset()
  receivedAt?: string | null;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => ClientRequest)
  people: ClientRequest[];
}
