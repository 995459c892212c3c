import { ApiProperty } from '@nestjs/swagger';
import type { QuietHours } from '../delivery/quiet-hours';

/** A member of staff's own notification settings (the swagger plugin reads this file). */
export class QuietHoursResponse implements QuietHours {
  /** 'HH:MM', 24-hour clock. */
  @ApiProperty({ example: '22:00' })
  from: string;

  @ApiProperty({ example: '07:00' })
  to: string;

  @ApiProperty({ example: 'Europe/Moscow' })
  timeZone: string;
}

export class NotificationDelivery {
  /** Whether this installation sends e-mail at all (SMTP_URL). */
  @ApiProperty({ enum: ['on', 'off'] })
  email: 'on' | 'off';

  /** Whether it signs and sends webhooks (WEBHOOK_SIGNING_SECRET). */
  @ApiProperty({ enum: ['on', 'off'] })
  webhooks: 'on' | 'off';
}

export class NotificationPreferencesResponse {
  /** Where e-mail goes (the account's address unless another was given); null: no e-mail. */
  @ApiProperty({ format: 'email', nullable: true, type: String })
  email: string | null;

  @ApiProperty({ format: 'uri', nullable: true, type: String })
  webhookUrl: string | null;

  /** The key the user's receiver checks X-Huquq-Signature with; null without a webhook. */
  @ApiProperty({ nullable: true, type: String })
  webhookSecret: string | null;

  /** Non-urgent notifications wait until these end. */
  @ApiProperty({ type: QuietHoursResponse, nullable: true })
  quietHours: QuietHoursResponse | null;

  delivery: NotificationDelivery;
}
