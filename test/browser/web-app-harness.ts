import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Browser, Page } from 'playwright-core';
import { createApi } from '@huquq/runtime';
import { createOrgCommand, createUserCommand } from '@huquq/identity';
import { createLogger, Database, dropDatabase, loadConfig } from '@huquq/platform';
import { launchChromium } from '../support/chromium';
import { freshDatabaseUrl } from '../support/test-database';

const SCREENS = resolve(__dirname, '../../docs/screens');
const BUILT = resolve(__dirname, '../../dist/web/index.html');
export const PASSWORD = 'correct horse battery';
export type Role = 'intake' | 'lawyer' | 'coordinator' | 'admin';

/**
 * The staff's web app (apps/web, served at /app/) against the real API and a database of its
 * own, one user of each role, and Debian's Chromium: what every web-app browser spec starts
 * from. Call `webAppHarness()` inside `describe`: it registers its own beforeAll/afterAll and
 * checks after each test that no page logged an error.
 */
export function webAppHarness(name: string) {
  const h = {
    app: undefined as unknown as NestExpressApplication,
    db: undefined as unknown as Database,
    browser: undefined as unknown as Browser,
    base: '',
    orgId: '',
    users: {} as Record<Role, { email: string; id: string }>,
    problems: [] as string[],
  };
  let url = '';

  beforeAll(async () => {
    if (!existsSync(BUILT)) throw new Error('The web app is not built: npm run build:web');
    url = freshDatabaseUrl(name);
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: url,
      QUEUE_PREFIX: `w${randomBytes(4).toString('hex')}`,
      LOG_LEVEL: 'silent',
      JWT_SECRET: randomBytes(32).toString('base64url'),
      BLIND_INDEX_KEY: randomBytes(32).toString('base64url'),
    });
    ({ app: h.app } = await createApi(config, createLogger('silent')));
    await h.app.listen(0, '127.0.0.1');
    h.base = `http://127.0.0.1:${(h.app.getHttpServer().address() as AddressInfo).port}`;
    h.db = new Database(url, 4);
    const org = await createOrgCommand(h.db, { name: 'Demo Legal Aid' });
    h.orgId = org.id;
    for (const role of ['intake', 'lawyer', 'coordinator', 'admin'] as const) {
      const email = `${role}-${randomBytes(3).toString('hex')}@demo.org`;
      const user = await createUserCommand(h.db, { org: org.id, email, role, password: PASSWORD });
      h.users[role] = { email, id: user.id };
    }
    mkdirSync(SCREENS, { recursive: true });
    h.browser = await launchChromium();
  });

  afterAll(async () => {
    await h.browser?.close();
    await h.app?.close();
    await h.db?.close();
    if (url) await dropDatabase(url);
  });

  afterEach(() => {
    expect(h.problems).toEqual([]);
    h.problems.length = 0;
  });

  async function open(path = '/app/', viewport = { width: 1280, height: 900 }, locale = 'ru-RU') {
    const context = await h.browser.newContext({
      viewport,
      locale,
      timezoneId: 'Europe/Moscow',
      acceptDownloads: true,
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => h.problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      // A refused resource while the test cut the network is expected; anything else is a bug.
      if (m.type() === 'error' && !/ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(m.text()))
        h.problems.push(`console: ${m.text()}`);
    });
    await page.goto(`${h.base}${path}`);
    return { context, page };
  }

  async function signIn(page: Page, role: Role) {
    await page.fill('#email', h.users[role].email);
    await page.fill('#password', PASSWORD);
    await page.press('#password', 'Enter');
    await page.waitForSelector('#sign-in', { state: 'detached' });
  }

  async function token(role: Role): Promise<string> {
    const res = await fetch(`${h.base}/v1/auth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: h.users[role].email, password: PASSWORD }),
    });
    return ((await res.json()) as { accessToken: string }).accessToken;
  }

  async function call<T>(role: Role, method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${h.base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${await token(role)}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  /** axe-core on the page as it stands: no serious or critical violation. */
  async function accessible(page: Page, screen: string) {
    const result = await new AxeBuilder({ page }).analyze();
    const serious = result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${screen}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    expect(serious).toEqual([]);
  }

  const shoot = (page: Page, screen: string) =>
    page.screenshot({ path: resolve(SCREENS, `${screen}.png`), fullPage: true });

  return Object.assign(h, { open, signIn, token, call, accessible, shoot });
}
