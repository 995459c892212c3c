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
  @ApiProperty({ example: 'Рахимов Фаррух' })
  @IsString()
  @Length(1, 300)
  fullName: string;

  @ApiProperty({ example: 'TJ' })
  @IsISO31661Alpha2({ message: 'must be an ISO 3166-1 alpha-2 country code such as TJ, UZ, KG' })
  nationality: string;

  @ApiProperty({ example: '+79161234567' })
  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9][0-9 ()-]{4,24}$/, { message: 'must be a phone number such as +79161234567' })
  phone?: string | null;

  @ApiProperty({ example: '400123456' })
  @IsOptional()
  @IsString()
  @Length(3, 40)
  passportNumber?: string | null;

  @ApiProperty({ format: 'date', example: '1995-04-02' })
  @IsOptional()
  @IsCalendarDate()
  dateOfBirth?: string | null;

  @ApiProperty({ example: 'tg' })
  @IsOptional()
  @IsLanguageTag()
  language?: string | null;
}

export class IncidentRequest {
  @ApiProperty({ example: '2024-03-29T09:30:00+03:00' })
  @IsOptional()
  @IsTimeWithOffset()
  occurredAt?: string | null;

  @ApiProperty({ example: 'Московская область', description: 'A region code (RU-MOS) or its name' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  region?: string | null;

  @ApiProperty({ example: 'Котельники' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  city?: string | null;

  @ApiProperty({ example: 'общежитие' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  location?: string | null;

  @ApiProperty({ example: 'Задержан в общежитии во время рейда' })
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

  @ApiProperty({ enum: CHANNELS, example: 'hotline' })
  @IsIn(CHANNELS)
  channel: Channel;

  @ApiProperty({
    example: '2024-03-29T10:05:00+03:00',
    description: 'When the appeal reached the organization (default: now)',
  })
  @IsOptional()
  @IsTimeWithOffset()
  receivedAt?: string | null;

  @ApiProperty({ enum: URGENCIES, example: 'critical' })
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

  @ApiProperty({
    required: false,
    nullable: true,
    type: String,
    example: '2024-03-29T12:00:00+03:00',
    description:
      'When the person received or learned of the decision the appeal is about: the legal clocks (complaint, court challenge) run from it',
  })
  @IsOptional()
  @IsTimeWithOffset()
  decisionReceivedAt?: string | null;

  @IsOptional()
  @IsUUID()
  incidentId?: string | null;
}
