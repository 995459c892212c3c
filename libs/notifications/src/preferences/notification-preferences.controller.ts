import { Body, Controller, Get, HttpCode, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  NotificationPreferencesResponse,
  NotificationPreferencesResponse as NotificationPreferencesView,
} from './notification-preferences.responses';
import { Actor, CurrentActor } from '@huquq/identity';
import { AppConfig, TenantDatabase, ValidationFailed } from '@huquq/platform';
import { webhookUrlProblem } from '../delivery/webhook-address';
import { webhookSecretOf } from '../delivery/webhook-sender';
import { readPreferences, StoredPreferences, writePreferences } from './notification-preferences';
import { NotificationPreferencesRequest } from './preferences.request';

/** Each member of staff's own notification settings: any role, only their own. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('v1/me/notifications')
export class NotificationPreferencesController {
  constructor(
    private readonly db: TenantDatabase,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOkResponse({ type: NotificationPreferencesResponse })
  get(@CurrentActor() actor: Actor): Promise<NotificationPreferencesView> {
    return this.db.transaction(actor.orgId, async (tx) =>
      this.view(actor, await readPreferences(tx, actor.userId)),
    );
  }

  @Put()
  @ApiOkResponse({ type: NotificationPreferencesResponse })
  @HttpCode(200)
  async put(
    @CurrentActor() actor: Actor,
    @Body() body: NotificationPreferencesRequest,
  ): Promise<NotificationPreferencesView> {
    const webhookUrl = body.webhookUrl ?? null;
    if (webhookUrl) {
      if (!this.config.WEBHOOK_SIGNING_SECRET) {
        throw new ValidationFailed('Webhooks are off on this installation', [
          { field: 'webhookUrl', problem: 'webhooks are off (WEBHOOK_SIGNING_SECRET not set)' },
        ]);
      }
      const problem = webhookUrlProblem(webhookUrl, {
        production: this.config.NODE_ENV === 'production',
        allowPrivate: this.config.WEBHOOK_ALLOW_PRIVATE,
      });
      if (problem)
        throw new ValidationFailed('The request has invalid fields', [{ field: 'webhookUrl', problem }]);
    }
    return this.db.transaction(actor.orgId, async (tx) => {
      await writePreferences(tx, actor, {
        email: body.email ?? null,
        emailOff: body.email === null,
        webhookUrl,
        quietHours: body.quietHours ?? null,
        rotateWebhookSecret: body.rotateWebhookSecret === true,
      });
      return this.view(actor, await readPreferences(tx, actor.userId));
    });
  }

  private view(
    actor: Actor,
    stored: StoredPreferences & { accountEmail: string },
  ): NotificationPreferencesView {
    const signing = this.config.WEBHOOK_SIGNING_SECRET;
    return {
      email: stored.emailOff ? null : (stored.email ?? stored.accountEmail),
      webhookUrl: stored.webhookUrl,
      webhookSecret:
        stored.webhookUrl && signing
          ? webhookSecretOf(signing, actor.userId, stored.webhookKeyVersion)
          : null,
      quietHours: stored.quietHours,
      delivery: {
        email: this.config.SMTP_URL ? 'on' : 'off',
        webhooks: signing ? 'on' : 'off',
      },
    };
  }
}
