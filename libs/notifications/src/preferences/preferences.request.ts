import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CLOCK_TIME } from '../delivery/quiet-hours';

function isTimeZone(zone: unknown): boolean {
  if (typeof zone !== 'string' || zone === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export class QuietHoursRequest {
  @ApiPropertyOptional({ example: '22:00' })
  @Matches(CLOCK_TIME, { message: 'from must be HH:MM (24-hour clock)' })
  from: string;

  @ApiPropertyOptional({ example: '07:00' })
  @Matches(CLOCK_TIME, { message: 'to must be HH:MM (24-hour clock)' })
  to: string;

  @ApiPropertyOptional({ example: 'Europe/Moscow' })
  @IsString()
  @ValidateBy({
    name: 'isTimeZone',
    validator: { validate: isTimeZone, defaultMessage: () => 'timeZone must be an IANA time zone' },
  })
  timeZone: string;
}

/**
 * The whole of a user's notification settings (PUT replaces them). `email`: where e-mail goes —
 * left out, the account's address; null, no e-mail. `webhookUrl`: null or left out, no webhook.
 */
export class NotificationPreferencesRequest {
  @ApiPropertyOptional({ nullable: true, example: 'lawyer.alerts@example.org' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ nullable: true, example: 'https://hooks.example.org/huquq' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(2000)
  webhookUrl?: string | null;

  @ApiPropertyOptional({ nullable: true, type: QuietHoursRequest })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @ValidateNested()
  @Type(() => QuietHoursRequest)
  quietHours?: QuietHoursRequest | null;

  @ApiPropertyOptional({ description: 'A new webhook signing secret; the old one stops working' })
  @IsOptional()
  @IsBoolean()
  rotateWebhookSecret?: boolean;
}
