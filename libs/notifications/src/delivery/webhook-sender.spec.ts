import { postWebhook } from './webhook-sender';

describe('webhook delivery', () => {
  const settings = { signingSecret: 'x'.repeat(32), allowPrivate: false, timeoutMs: 1000 };
  const headers = { secret: 'secret', deliveryId: 'd', now: new Date() };

  it('never calls a private address, written as such or behind a name', async () => {
    await expect(postWebhook('http://127.0.0.1:9/hook', '{}', headers, settings)).rejects.toThrow(
      'webhook: EPRIVATEADDRESS',
    );
    await expect(postWebhook('http://[::1]:9/hook', '{}', headers, settings)).rejects.toThrow(
      'webhook: EPRIVATEADDRESS',
    );
    // localhost resolves to loopback: refused by the lookup the connection itself uses.
    await expect(postWebhook('http://localhost:9/hook', '{}', headers, settings)).rejects.toThrow(
      'webhook: EPRIVATEADDRESS',
    );
  });
});
