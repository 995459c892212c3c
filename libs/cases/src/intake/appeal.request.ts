import { Type } from 'class-transformer';
import { ApiProperty } from '@nestjs/swagger';
import {
  IsDefined,
  IsIn,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { APPEAL_TYPES, AppealType, Channel, CHANNELS, URGENCIES, Urgency } from '@huquq/shared-kernel';
import { IsCalendarDate, IsLanguageTag, IsTimeWithOffset } from '../shared/validators';

/** The person: personal fields that are stored only in the client's own stream. */
export class ClientRequest {
  @IsString()
  @Length(1, 300)
  fullName: string;

  @IsISO31661Alpha2({ message: 'must be an ISO 3166-1 alpha-2 country code such as TJ, UZ, KG' })
  nationality: string;

  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9][0-9 ()-]{4,24}$/, { message: 'must be a phone number such as +79161234567' })
  phone?: string | null;

  @IsOptional()
  @IsString()
  @Length(3, 40)
  passportNumber?: string | null;

  @IsOptional()
  @IsCalendarDate()
  dateOfBirth?: string | null;

  @IsOptional()
  @IsLanguageTag()
  language?: string | null;
}

export class IncidentRequest {
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
}

export class LogAppealRequest {
  @ApiProperty({
    enum: APPEAL_TYPES,
    description:
      'What happened (docs/domain.md). Since 2025 also mvd_expulsion (expulsion by the Interior Ministry ' +
      'without a court) and controlled_persons_registry (inclusion in the registry of controlled persons).',
  })
  @IsIn(APPEAL_TYPES)
  appealType: AppealType;

  @IsIn(CHANNELS)
  channel: Channel;

  @IsOptional()
  @IsTimeWithOffset()
  receivedAt?: string | null;

  @IsOptional()
  @IsIn(URGENCIES)
  urgency?: Urgency | null;

  /** A new person; a returning one is named by `clientId` instead. */
  @ValidateIf(
    (body: LogAppealRequest) =>
      body.clientId === undefined || body.clientId === null || body.client !== undefined,
  )
  @IsDefined({ message: 'is required unless clientId names a returning person' })
  @ValidateNested()
  @Type(() => ClientRequest)
  client?: ClientRequest;

  @IsOptional()
  @IsUUID()
  clientId?: string | null;

  @IsDefined()
  @ValidateNested()
  @Type(() => IncidentRequest)
  incident: IncidentRequest;

  @IsOptional()
  @IsTimeWithOffset()
  decisionReceivedAt?: string | null;

  @IsOptional()
  @IsUUID()
  incidentId?: string | null;
}
