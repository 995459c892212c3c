import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Browser, Page } from 'playwright-core';
import { createApi } from '@huquq/runtime';
import { createOrgCommand, createUserCommand } from '@huquq/identity';
import { createLogger, Database, dropDatabase, loadConfig } from '@huquq/platform';
import {
  BackdatedEvent,
  CaseHistory,
  insertBackdated,
  legalDeadline,
  TaskHistory,
} from '@huquq/reports/testing/backdated-history';
import { launchChromium } from '../support/chromium';
import { freshDatabaseUrl } from '../support/test-database';
import { waitFor } from '../support/wait-for';

const SCREENSHOT = resolve(__dirname, '../../docs/dashboard.png');
const PASSWORD = 'correct horse battery';

/**
 * The dashboard in a real browser: Debian's Chromium driven by playwright-core (never a
 * downloaded browser), against the real service listening on a port of its own.
 */
describe('the coordinators’ dashboard in Chromium', () => {
  let app: NestExpressApplication;
  let db: Database;
  let url: string;
  let base: string;
  let browser: Browser;
  const emails = { coordinator: '', lawyer: '' };
  const consoleErrors: string[] = [];
  let history: ReturnType<typeof lastThirtyDays>;

  beforeAll(async () => {
    url = freshDatabaseUrl('huquq_browser');
    const rulesDir = mkdtempSync(join(tmpdir(), 'huquq-browser-'));
    // No follow-up rules: the only tasks are the ones written below, so the page's numbers are known.
    writeFileSync(
      join(rulesDir, 'rules.json'),
      JSON.stringify({ clocks: [], appealRules: [], incidentRules: [] }),
    );
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: url,
      QUEUE_PREFIX: `b${randomBytes(4).toString('hex')}`,
      LOG_LEVEL: 'silent',
      JWT_SECRET: randomBytes(32).toString('base64url'),
      BLIND_INDEX_KEY: randomBytes(32).toString('base64url'),
      FOLLOW_UP_RULES_FILE: join(rulesDir, 'rules.json'),
    });
    ({ app } = await createApi(config, createLogger('silent')));
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    db = new Database(url, 4);

    const org = await createOrgCommand(db, { name: 'Demo Legal Aid' });
    const lawyers: string[] = [];
    for (const role of ['coordinator', 'lawyer', 'lawyer', 'lawyer'] as const) {
      const email = `${role}-${randomBytes(3).toString('hex')}@demo.org`;
      const user = await createUserCommand(db, { org: org.id, email, role, password: PASSWORD });
      if (role === 'lawyer') lawyers.push(user.id);
      emails[role] = email;
    }
    history = lastThirtyDays(org.id, lawyers);
    await insertBackdated(db, history.events);
    await todaysAppeals();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.close();
    if (url) await dropDatabase(url);
  });

  /** Five appeals logged today over the API (by a coordinator, who may), one of them closed. */
  async function todaysAppeals() {
    const token = await login(emails.coordinator);
    const types = ['detention', 'detention', 'document_check', 'eviction', 'workplace_raid'];
    const ids: string[] = [];
    for (const [i, appealType] of types.entries()) {
      const res = await fetch(`${base}/v1/appeals`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({
          appealType,
          channel: 'hotline',
          client: { fullName: `Рахимов Фаррух ${i}`, nationality: 'TJ' },
          incident: { region: 'Moscow Oblast', description: 'Detained at the dormitory' },
        }),
      });
      expect(res.status).toBe(201);
      ids.push(((await res.json()) as { caseId: string }).caseId);
    }
    const closed = await fetch(`${base}/v1/cases/${ids[2]}/close`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ outcome: 'released', expectedVersion: 1 }),
    });
    expect(closed.status).toBe(200);
  }

  async function login(email: string): Promise<string> {
    const res = await fetch(`${base}/v1/auth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    return ((await res.json()) as { accessToken: string }).accessToken;
  }

  /** The reports projection has applied everything written so far. */
  async function caughtUp() {
    await waitFor(
      async () => {
        const { rows } = await db.query<{ done: boolean }>(
          `SELECT NOT EXISTS (
             SELECT 1 FROM events e, projection_checkpoints c
             WHERE c.name = 'reports' AND (e.transaction_id, e.global_position) > (c.transaction_id, c.global_position)
               AND e.type IN ('appeal-logged', 'case-closed', 'task-created', 'legal-deadline-set')
           ) AND EXISTS (SELECT 1 FROM projection_checkpoints WHERE name = 'reports') AS done`,
        );
        return rows[0].done;
      },
      { what: 'the reports projection', timeoutMs: 20000 },
    );
  }

  async function openDashboard(options: { width: number; height: number; email: string }): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: options.width, height: options.height },
      timezoneId: 'Europe/Moscow',
      locale: 'ru-RU',
      acceptDownloads: true,
    });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    await page.goto(`${base}/dashboard`);
    await page.fill('input[name=email]', options.email);
    await page.fill('input[name=password]', PASSWORD);
    await page.click('#login-form button[type=submit]');
    return page;
  }

  it('logs a coordinator in and shows today’s load, the last 30 days, the backlog, overdue deadlines and caseloads', async () => {
    await caughtUp();
    const page = await openDashboard({ width: 1280, height: 900, email: emails.coordinator });
    await page.waitForSelector('body[data-loaded=true]', { timeout: 20000 });

    expect(await page.textContent('#today-opened')).toBe('5');
    expect(await page.textContent('#today-closed')).toBe('1');
    // Today's five appeals, one closed, beside what the 30 days before left open.
    expect(await page.textContent('#today-open')).toBe(String(history.open + 4));
    expect(await page.textContent('#status')).toContain('Europe/Moscow');
    expect(await page.locator('#days-chart svg rect.bar-opened').count()).toBe(30);
    expect(await page.locator('#types-chart svg rect').count()).toBeGreaterThan(3);
    expect(await page.locator('#backlog-chart svg rect').count()).toBeGreaterThan(2);
    expect(await page.textContent('#overdue-deadlines')).toBe(String(history.overdueDeadlines));
    expect(await page.textContent('#overdue-tasks')).toBe(String(history.overdueTasks));
    expect(await page.locator('#overdue-list tr').count()).toBe(history.overdueDeadlines);
    // A bar per lawyer with open cases, and one for today's unassigned appeals.
    expect(await page.locator('#caseload-chart svg rect').count()).toBe(history.lawyersWithOpenCases + 1);
    // Never a name: the people's names were logged today, and the page shows none of them.
    expect(await page.content()).not.toContain('Рахимов');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-form button')]);
    expect(download.suggestedFilename()).toMatch(/^huquq-load-\d{4}-\d{2}\.csv$/);

    // Every read model took every event: none was set aside as poison.
    expect((await db.query('SELECT projection, error_message FROM parked_events')).rows).toEqual([]);
    mkdirSync(resolve(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(consoleErrors).toEqual([]);
    await page.context().close();
  });

  it('is readable on a phone: one column, nothing wider than the screen', async () => {
    const page = await openDashboard({ width: 390, height: 844, email: emails.coordinator });
    await page.waitForSelector('body[data-loaded=true]', { timeout: 20000 });
    // Run in the page; a string, since the test is compiled without the DOM's types.
    const widths = await page.evaluate<{ page: number; screen: number; cards: number[] }>(`({
      page: document.documentElement.scrollWidth,
      screen: window.innerWidth,
      cards: [...document.querySelectorAll('.card')]
        .map((c) => Math.round(c.getBoundingClientRect().width))
        .filter((width) => width > 0),
    })`);
    expect(widths.page).toBeLessThanOrEqual(widths.screen);
    expect(new Set(widths.cards).size).toBe(1);
    mkdirSync(resolve(__dirname, '../../test-artifacts'), { recursive: true });
    await page.screenshot({
      path: resolve(__dirname, '../../test-artifacts/dashboard-phone.png'),
      fullPage: true,
    });
    expect(consoleErrors).toEqual([]);
    await page.context().close();
  });

  it('keeps its refresh token in an httpOnly cookie the page cannot read, and logs out on the server', async () => {
    const page = await openDashboard({ width: 1280, height: 900, email: emails.coordinator });
    await page.waitForSelector('body[data-loaded=true]', { timeout: 20000 });
    const refresh = `fetch('/v1/auth/refresh', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: '{}', credentials: 'same-origin' }).then((r) => r.status)`;
    expect(await page.evaluate<string>('document.cookie')).not.toContain('huquq_refresh');
    // Chromium keeps the Secure cookie on 127.0.0.1 and sends it to /v1/auth: a new access token.
    expect(await page.evaluate<number>(refresh)).toBe(200);
    await page.click('#logout');
    await page.waitForSelector('#login:not([hidden])');
    // The logout (sent as the page closes the session) ends it on the server: the cookie, if any
    // is left, opens nothing. Waited for with a bound, not a pause.
    const deadline = Date.now() + 10_000;
    let status = 200;
    while (status === 200 && Date.now() < deadline) status = await page.evaluate<number>(refresh);
    expect(status).toBe(401);
    expect(consoleErrors.filter((e) => !/401/.test(e))).toEqual([]);
    await page.context().close();
  });

  it('turns away a lawyer: the dashboard is for coordinators and admins', async () => {
    const page = await openDashboard({ width: 800, height: 600, email: emails.lawyer });
    await page.waitForSelector('#login-error:not(:empty)');
    expect(await page.textContent('#login-error')).toContain('coordinators and admins');
    expect(await page.isHidden('#dashboard')).toBe(true);
    await page.context().close();
  });
});

/**
 * Thirty days of appeals before today, the same every run (a fixed pseudo-random sequence):
 * about 130 cases across types, regions and nationalities, most closed within days, plus
 * overdue tasks and deadlines on some of the open ones.
 */
function lastThirtyDays(orgId: string, lawyers: string[]) {
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const types = [
    'detention',
    'detention',
    'detention',
    'document_check',
    'document_check',
    'eviction',
    'expulsion_order',
    'registration_cancelled',
    'workplace_raid',
    'hate_violence',
    'labour_exploitation',
  ];
  const regions = ['Moscow', 'Moscow Oblast', 'Saint Petersburg', 'Yekaterinburg', 'Kazan', 'Novosibirsk'];
  const nationalities = ['TJ', 'UZ', 'KG'];
  const urgencies = ['critical', 'high', 'normal', 'low'];
  const midnight = new Date();
  midnight.setUTCHours(0, 0, 0, 0);
  // Before 21:00 UTC of yesterday: yesterday still, in Moscow too, where the page counts days.
  const endOfHistory = midnight.getTime() - 3 * 3600000 - 60000;
  const lawyersWithOpenCases = new Set<string>();
  const events: BackdatedEvent[] = [];
  const followUps: BackdatedEvent[] = [];
  let n = 0;
  let open = 0;
  let overdueDeadlines = 0;
  let overdueTasks = 0;
  for (let daysAgo = 29; daysAgo >= 1; daysAgo--) {
    const perDay = 2 + Math.floor(random() * 6) + (daysAgo >= 20 && daysAgo <= 23 ? 6 : 0);
    for (let i = 0; i < perDay; i++) {
      n += 1;
      const loggedAt = new Date(
        midnight.getTime() - daysAgo * 86400000 + (6 + Math.floor(random() * 12)) * 3600000,
      );
      const c = new CaseHistory({
        orgId,
        caseNumber: `${midnight.getUTCFullYear()}-9${String(n).padStart(5, '0')}`,
        appealType: pick(types),
        channel: pick(['hotline', 'hotline', 'messenger', 'walk_in']),
        urgency: pick(urgencies),
        nationality: pick(nationalities),
        region: pick(regions),
        loggedAt,
      });
      const later = (hours: number) => new Date(Math.min(loggedAt.getTime() + hours * 3600000, endOfHistory));
      const lawyer = pick(lawyers);
      c.assign(lawyer, later(1));
      if (random() < 0.7) {
        // Reached by a lawyer within hours: the page's medians have something to show.
        const by = { id: lawyer, role: 'lawyer' };
        const worked = new TaskHistory({ orgId, caseId: c.caseId, dueAt: later(24), createdAt: later(0.02) });
        followUps.push(...worked.claim(later(0.3), by).complete(later(0.5 + random() * 8), by).events);
      }
      const staysOpen = open < 16 && random() < (daysAgo < 8 ? 0.5 : 0.05);
      if (!staysOpen) c.close(later(12 + Math.floor(random() * 72)));
      else {
        open += 1;
        lawyersWithOpenCases.add(lawyer);
        if (overdueTasks < 4) {
          overdueTasks += 1;
          const task = new TaskHistory({
            orgId,
            caseId: c.caseId,
            dueAt: later(2),
            createdAt: later(0.1),
            priority: 'high',
          });
          followUps.push(...task.events);
          if (overdueDeadlines < 3) {
            overdueDeadlines += 1;
            followUps.push(
              legalDeadline({
                orgId,
                caseId: c.caseId,
                taskId: task.taskId,
                dueAt: later(24),
                setAt: later(0.1),
              }),
            );
          }
        }
      }
      events.push(...c.events);
    }
  }
  return {
    events: [...events, ...followUps],
    open,
    overdueTasks,
    overdueDeadlines,
    lawyersWithOpenCases: lawyersWithOpenCases.size,
  };
}
