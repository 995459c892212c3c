import { resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { startTestApp, TestApp } from '../support/test-app';

const SCREENSHOT = resolve(__dirname, '../../docs/screens/openapi-docs.png');

/**
 * The OpenAPI page (/docs) in Debian's Chromium, under the API's strict Content-Security-Policy:
 * it loads, shows POST /v1/appeals with its whole request body, and breaks no rule of the policy.
 */
describe('the OpenAPI page in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows POST /v1/appeals with its complete request body, under the strict policy', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const refused: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') refused.push(message.text());
    });
    page.on('pageerror', (error) => refused.push(error.message));
    const answer = await page.goto(`${base}/docs`);
    expect(answer?.status()).toBe(200);
    const policy = answer?.headers()['content-security-policy'] ?? '';
    expect(policy).toContain("default-src 'self'");
    expect(policy).toMatch(/script-src 'self'(;|$)/);

    const appeals = page.locator('.opblock-post', { has: page.locator('[data-path="/v1/appeals"]') });
    await appeals.locator('.opblock-summary').first().click();
    const example = appeals.locator('.opblock-section-request-body .highlight-code').first();
    await example.waitFor();
    const text = await example.innerText();
    for (const field of [
      'appealType',
      'channel',
      'receivedAt',
      'urgency',
      'client',
      'incident',
      'decisionReceivedAt',
    ])
      expect(text).toContain(`"${field}"`);
    expect(text).toContain('Рахимов Фаррух');
    // The answers, each with its schema: 201 and the error answers with the one error body.
    await expect(appeals.locator('.responses-table .response[data-code="201"]').count()).resolves.toBe(1);
    await expect(appeals.locator('.responses-table .response[data-code="422"]').count()).resolves.toBe(1);

    // From the operation's title to the end of its request body.
    const top = await appeals.boundingBox();
    const body = await appeals.locator('.opblock-section-request-body').boundingBox();
    if (!top || !body) throw new Error('POST /v1/appeals is not on the page');
    // Boxes are in the viewport's coordinates, a full-page clip in the page's.
    const scrolled = await page.evaluate(() => (globalThis as unknown as { scrollY: number }).scrollY);
    await page.screenshot({
      path: SCREENSHOT,
      fullPage: true,
      clip: { x: top.x, y: top.y + scrolled, width: top.width, height: body.y + body.height - top.y },
    });
    expect(refused).toEqual([]);
    await page.close();
  });
});
