import type { AppConfig, Database } from '@huquq/platform';
import { deadLetters, deliveryCounts } from '../delivery/delivery-ledger';

/**
 * For /health/details (operators): whether e-mail and webhooks are on, the ledger's counts, and
 * the latest dead letters (ids, case numbers and transport errors: no person's data, no address).
 */
export class NotificationsHealth {
  constructor(
    private readonly db: Database,
    private readonly config: AppConfig,
  ) {}

  async status() {
    return {
      email: this.config.SMTP_URL ? 'on' : 'off: SMTP_URL is not set',
      webhooks: this.config.WEBHOOK_SIGNING_SECRET ? 'on' : 'off: WEBHOOK_SIGNING_SECRET is not set',
      deliveries: await deliveryCounts(this.db),
      deadLetters: await deadLetters(this.db, 20),
    };
  }
}
