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
import { APPEAL_TYPES, AppealType, Channel, CHANNELS, URGENCIES, Urgency } from '@huquq/shared-kernel';
import { IsTimeWithOffset } from '../../shared/validators';
import { ClientRequest, IncidentRequest } from '../appeal.request';

/**
 * A raid or other event that touched many people at once: one case each, all or none. The
 * incident's own fields are those of a single appeal's incident.
 */
export class ReportIncidentRequest extends IncidentRequest {
  @IsString()
  @Length(1, 100)
  kind: string;

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
