import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Browser } from 'playwright-core';
import Redis from 'ioredis';
import { createApi } from '@huquq/runtime';
import { AppConfig, createLogger, dropDatabase, loadConfig } from '@huquq/platform';
import { launchChromium } from '../support/chromium';
import { freshDatabaseUrl } from '../support/test-database';

/**
 * Bull Board as an operator opens it: in Chromium, with HTTP Basic (`operator:<OPERATOR_TOKEN>`),
 * the page and every asset it loads from the same prefix answered with the same credential.
 */
describe('Bull Board in Chromium, for the operators', () => {
  let app: NestExpressApplication;
  let url: string;
  let base: string;
  let browser: Browser;
  let config: AppConfig;
  const token = randomBytes(32).toString('base64url');

  beforeAll(async () => {
    url = freshDatabaseUrl('huquq_browser');
    config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: url,
      QUEUE_PREFIX: `b${randomBytes(4).toString('hex')}`,
      LOG_LEVEL: 'silent',
      JWT_SECRET: randomBytes(32).toString('base64url'),
      BLIND_INDEX_KEY: randomBytes(32).toString('base64url'),
      OPERATOR_TOKEN: token,
    });
    ({ app } = await createApi(config, createLogger('silent')));
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (url) await dropDatabase(url);
    // What the board's queue left in the shared Redis, all under this test's own prefix.
    if (config) {
      const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1 });
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${config.QUEUE_PREFIX}:*`, 'COUNT', 1000);
        if (keys.length) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      redis.disconnect();
    }
  });

  /** A browser context that answers a Basic challenge with these credentials, as a person would. */
  async function open(credentials?: { username: string; password: string }) {
    const context = await browser.newContext({ httpCredentials: credentials });
    // Nothing leaves the machine: the page's web font (Google Fonts) is not fetched in a test.
    await context.route(
      (target) => target.origin !== base,
      (route) => route.abort(),
    );
    const page = await context.newPage();
    const responses: { url: string; status: number }[] = [];
    const failed: string[] = [];
    page.on('response', (res) => responses.push({ url: res.url(), status: res.status() }));
    page.on('requestfailed', (req) => {
      if (req.url().startsWith(base)) failed.push(`${req.url()} ${req.failure()?.errorText}`);
    });
    return { context, page, responses, failed };
  }

  it('renders the board with its scripts, styles and API calls, none of them answered 401', async () => {
    const { context, page, responses, failed } = await open({ username: 'operator', password: token });
    const api = page.waitForResponse((res) => res.url().startsWith(`${base}/admin/queues/api/queues`));
    const document = await page.goto(`${base}/admin/queues`);
    expect(document?.status()).toBe(200);
    expect((await api).status()).toBe(200);
    // The board's own React app lists the follow-up queue: its scripts ran and its API answered.
    await page.getByText('follow-ups', { exact: true }).first().waitFor({ timeout: 20000 });
    expect(await page.title()).toBe('huquq');
    await page.waitForLoadState('networkidle');

    const ours = responses.filter((r) => r.url.startsWith(`${base}/admin/queues`));
    const assets = ours.filter((r) => /\/admin\/queues\/static\//.test(r.url));
    expect(assets.map((r) => r.url)).toEqual(
      expect.arrayContaining([expect.stringMatching(/\.js$/), expect.stringMatching(/\.css$/)]),
    );
    expect(ours.some((r) => /\/admin\/queues\/api\/queues/.test(r.url))).toBe(true);
    expect(ours.filter((r) => r.status === 401)).toEqual([]);
    expect(ours.filter((r) => r.status >= 400)).toEqual([]);
    expect(failed).toEqual([]);
    await context.close();
  });

  it('challenges a browser without the credential (a person would be asked for it), and refuses a wrong one', async () => {
    const res = await fetch(`${base}/admin/queues`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="huquq operators", charset="UTF-8"');
    for (const credentials of [undefined, { username: 'operator', password: `${token}x` }]) {
      const { context, page, responses } = await open(credentials);
      // Headless, with nobody to ask, Chromium shows the 401 or gives the challenge up.
      const shown = await page.goto(`${base}/admin/queues`).then(
        (response) => response?.status(),
        (error: Error) => (/ERR_INVALID_AUTH_CREDENTIALS/.test(error.message) ? 401 : error.message),
      );
      expect([credentials, shown]).toEqual([credentials, 401]);
      expect(responses.filter((r) => r.status === 200)).toEqual([]);
      await context.close();
    }
  });
});
