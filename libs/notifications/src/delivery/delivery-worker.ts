import type { Logger } from 'pino';
import type { Database } from '@huquq/platform';
import { hold, markFailedTry, markSent, markSkipped, takeDue, TakenDelivery } from './delivery-ledger';
import type { EmailSender } from './email-sender';
import { messageFor } from './message';
import { quietUntil } from './quiet-hours';
import { postWebhook, WebhookSettings, webhookSecretOf } from './webhook-sender';

export interface DeliverySettings {
  /** NOTIFY_ATTEMPTS: tries before a delivery is dead-lettered. */
  attempts: number;
  /** NOTIFY_RETRY_DELAY_MS: the first retry's delay; each next one doubles, up to an hour. */
  retryDelayMs: number;
  pollMs: number;
  timeZone: string;
  batchSize: number;
  /** Longer than any one send may take (webhook and SMTP timeouts): a live worker keeps its rows. */
  leaseMs: number;
}

/** What happened to one delivery, for tests and tools. */
export type DeliveryOutcome = 'sent' | 'held' | 'skipped' | 'retry' | 'dead';

/**
 * Sends what the ledger says is due: takes a batch under a lease, writes each message from its
 * row, and records the outcome. Quiet hours hold non-urgent messages until they end; failures are
 * retried with exponential backoff, then dead-lettered for an operator.
 */
export class DeliveryWorker {
  private running = false;
  private loop: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly db: Database,
    private readonly email: EmailSender | null,
    private readonly webhook: WebhookSettings | null,
    private readonly settings: DeliverySettings,
    private readonly logger?: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Lets the sends in hand finish (each is bounded by its timeout), then stops. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
    await this.loop;
    this.loop = null;
  }

  /** One pass: sends every delivery due now. Returns the outcomes, for tests and tools. */
  async pass(): Promise<DeliveryOutcome[]> {
    const outcomes: DeliveryOutcome[] = [];
    for (;;) {
      const batch = await takeDue(this.db, this.settings.batchSize, this.settings.leaseMs);
      outcomes.push(...(await Promise.all(batch.map((delivery) => this.deliver(delivery)))));
      if (batch.length < this.settings.batchSize || !this.running) return outcomes;
    }
  }

  private async deliver(delivery: TakenDelivery): Promise<DeliveryOutcome> {
    const now = this.clock();
    const target = this.targetOf(delivery);
    if ('skip' in target) {
      await markSkipped(this.db, delivery.deliveryId, target.skip);
      return 'skipped';
    }
    const quietEnd = !delivery.urgent && delivery.quietHours ? quietUntil(now, delivery.quietHours) : null;
    if (quietEnd) {
      await hold(this.db, delivery.deliveryId, quietEnd);
      return 'held';
    }
    const message = messageFor(delivery, this.settings.timeZone, now);
    try {
      if (delivery.channel === 'email') {
        await this.email!.send(target.address, delivery.deliveryId, message);
      } else {
        const secret = webhookSecretOf(
          this.webhook!.signingSecret,
          delivery.userId,
          delivery.webhookKeyVersion,
        );
        const body = JSON.stringify(message.json);
        await postWebhook(
          target.address,
          body,
          { secret, deliveryId: delivery.deliveryId, now },
          this.webhook!,
        );
      }
    } catch (error) {
      return this.failed(delivery, error);
    }
    await markSent(this.db, delivery.deliveryId);
    return 'sent';
  }

  private targetOf(delivery: TakenDelivery): { address: string } | { skip: string } {
    if (delivery.channel === 'email') {
      if (!this.email) return { skip: 'e-mail is off (SMTP_URL not set)' };
      if (delivery.emailOff) return { skip: 'the user turned e-mail off' };
      const address = delivery.email ?? delivery.accountEmail;
      return address ? { address } : { skip: 'no e-mail address' };
    }
    if (!this.webhook) return { skip: 'webhooks are off (WEBHOOK_SIGNING_SECRET not set)' };
    return delivery.webhookUrl ? { address: delivery.webhookUrl } : { skip: 'the user removed the webhook' };
  }

  private async failed(delivery: TakenDelivery, error: unknown): Promise<DeliveryOutcome> {
    // The transport's words (a status, a code): no address, no body.
    const reason = (error as Error)?.message ?? String(error);
    const tries = delivery.attempts + 1;
    const last = tries >= this.settings.attempts;
    const delay = Math.min(3_600_000, this.settings.retryDelayMs * 2 ** (tries - 1));
    await markFailedTry(this.db, delivery.deliveryId, reason, last ? null : new Date(Date.now() + delay));
    this.logger?.warn(
      { deliveryId: delivery.deliveryId, channel: delivery.channel, attempt: tries, final: last, reason },
      last ? 'notification dead-lettered' : 'notification failed; it will be retried',
    );
    return last ? 'dead' : 'retry';
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.pass();
      } catch (error) {
        this.logger?.warn(
          { err: { message: (error as Error)?.message } },
          'notification delivery pass failed',
        );
      }
      if (!this.running) break;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.timer = setTimeout(resolve, this.settings.pollMs);
      });
      this.wake = null;
    }
  }
}
