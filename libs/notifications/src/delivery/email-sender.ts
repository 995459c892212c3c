import nodemailer, { Transporter } from 'nodemailer';
import type { Message } from './message';

/** E-mail over SMTP (nodemailer). Built only when SMTP_URL is set: without it, e-mail is off. */
export class EmailSender {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(smtpUrl, {
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    } as never);
  }

  async send(to: string, deliveryId: string, message: Message): Promise<void> {
    await this.transport
      .sendMail({
        from: this.from,
        to,
        subject: message.subject,
        text: message.text,
        // The same delivery sent twice (a worker died after sending) carries the same id.
        messageId: `<${deliveryId}@huquq.notifications>`,
        headers: { 'X-Huquq-Delivery': deliveryId },
      })
      .catch((error: { code?: string; responseCode?: number }) => {
        // The relay's own words may quote the address: the ledger and the log get codes only.
        throw new Error(`smtp: ${[error?.code, error?.responseCode].filter(Boolean).join(' ') || 'failed'}`);
      });
  }

  close(): void {
    this.transport.close();
  }
}
