import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { guardedLookup, isPrivateAddress } from './webhook-address';

export interface WebhookSettings {
  /** WEBHOOK_SIGNING_SECRET: each user's secret is derived from it. */
  signingSecret: string;
  allowPrivate: boolean;
  timeoutMs: number;
}

/**
 * A user's webhook secret: HMAC of the installation's secret over the user's id and key version.
 * Nothing secret is stored; rotating (a new version) changes it, and changing
 * WEBHOOK_SIGNING_SECRET changes everyone's.
 */
export function webhookSecretOf(signingSecret: string, userId: string, version: number): string {
  return createHmac('sha256', signingSecret).update(`huquq-webhook:${userId}:${version}`).digest('base64url');
}

/**
 * The signature a receiver checks: HMAC-SHA256, keyed with the user's secret, over
 * `<timestamp>.<body>`; the timestamp is signed so an old message cannot be replayed as new.
 */
function signatureOf(secret: string, timestamp: string, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export const WEBHOOK_HEADERS = {
  signature: 'x-huquq-signature',
  timestamp: 'x-huquq-timestamp',
  delivery: 'x-huquq-delivery',
} as const;

/** POSTs the body; resolves on a 2xx answer, rejects with the status or the network error otherwise. */
export function postWebhook(
  url: string,
  body: string,
  headers: { secret: string; deliveryId: string; now: Date },
  settings: WebhookSettings,
): Promise<void> {
  const timestamp = String(Math.floor(headers.now.getTime() / 1000));
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  // An address written as such is never looked up: checked here (the setting may have changed since PUT).
  const literal = target.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!settings.allowPrivate && isIP(literal) && isPrivateAddress(literal)) {
    return Promise.reject(new Error('webhook: EPRIVATEADDRESS'));
  }
  return new Promise((resolve, reject) => {
    const request = client.request(
      target,
      {
        method: 'POST',
        // Redirects are not followed (http.request never does): a 3xx is a failure.
        lookup: guardedLookup(settings.allowPrivate) as never,
        timeout: settings.timeoutMs,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'huquq-notifications',
          [WEBHOOK_HEADERS.timestamp]: timestamp,
          [WEBHOOK_HEADERS.delivery]: headers.deliveryId,
          [WEBHOOK_HEADERS.signature]: signatureOf(headers.secret, timestamp, body),
        },
      },
      (response) => {
        response.resume();
        const status = response.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve();
        else reject(new Error(`webhook answered HTTP ${status}`));
      },
    );
    request.on('timeout', () =>
      request.destroy(new Error(`webhook did not answer in ${settings.timeoutMs} ms`)),
    );
    request.on('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(error.code ? `webhook: ${error.code}` : `webhook: ${error.message}`)),
    );
    request.end(body);
  });
}
