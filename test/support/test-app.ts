import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { PassThrough } from 'node:stream';
import type { NestExpressApplication } from '@nestjs/platform-express';
import Redis from 'ioredis';
import request from 'supertest';
import { BackgroundWork, createApi } from '@huquq/runtime';
import { createOrgCommand, createUserCommand } from '@huquq/identity';
import {
  AppConfig,
  createLogger,
  Database,
  dropDatabase,
  KeyringDatabase,
  loadConfig,
} from '@huquq/platform';
import { checkedAgainstContract } from './openapi-contract';
import { freshDatabaseUrl } from './test-database';

type TestAgent = ReturnType<typeof request>;

/** Every test user's password (long enough, and not a common one). */
export const TEST_PASSWORD = 'correct horse battery';

export type RoleName = 'intake' | 'lawyer' | 'coordinator' | 'admin';

export interface TestOrg {
  id: string;
  users: Record<RoleName, { id: string; token: string; email: string }>;
}

export interface TestApp {
  config: AppConfig;
  /** The Nest application, for tests that reach a provider (e.g. to move a clock). */
  app: NestExpressApplication;
  http: TestAgent;
  /**
   * The installation operators' token (OPERATOR_TOKEN); null when the test started the app
   * without one (`OPERATOR_TOKEN: ''`).
   */
  operatorToken: string | null;
  /** The service's HTTP server, for tests that speak raw HTTP (listen(0) it first). */
  server: Server;
  db: Database;
  /** The keyring (people's data keys and the erasure ledger, decision 0023), as its owner. */
  keyring: KeyringDatabase;
  /** Everything the service logged, for tests that look for leaks. */
  logs: () => string;
  createOrg(name?: string): Promise<TestOrg>;
  close(): Promise<void>;
}

/** The real service on a database of its own; `close()` stops it and drops the database. */
export async function startTestApp(
  env: Record<string, string> = {},
  /** A database of a server the test runs itself; it is not dropped at close. */
  options: { databaseUrl?: string } = {},
): Promise<TestApp> {
  const url = options.databaseUrl ?? freshDatabaseUrl();
  // Each app keeps its documents' files apart, removed at close.
  const documentsDir = join(tmpdir(), `huquq-documents-${randomBytes(6).toString('hex')}`);
  const config = loadConfig({
    DOCUMENTS_DIR: documentsDir,
    NODE_ENV: 'test',
    DATABASE_URL: url,
    QUEUE_PREFIX: `t${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: 'info',
    JWT_SECRET: randomBytes(32).toString('base64url'),
    BLIND_INDEX_KEY: randomBytes(32).toString('base64url'),
    OPERATOR_TOKEN: randomBytes(32).toString('base64url'),
    // Thousands of test logins at OWASP's 128 MiB each would swamp a shared machine; the cost
    // itself is tested in the password specs (and a rise from this one in the accounts tests).
    PASSWORD_SCRYPT_N: String(2 ** 14),
    // Tests ask far more in a minute than an office does; the rate-limit test sets its own.
    INCIDENT_RATE_LIMIT: '1000000',
    REPORT_RATE_LIMIT: '1000000',
    SEARCH_RATE_LIMIT: '1000000',
    ...env,
  });
  let captured = '';
  const sink = new PassThrough();
  sink.on('data', (chunk) => (captured += chunk.toString()));
  const { app } = await createApi(config, createLogger(config.LOG_LEVEL, sink));
  await app.init();
  // The start's resealing of legacy free text runs in the background: done before a test
  // writes anything, so it never races a test's own events.
  await app.get(BackgroundWork, { strict: false }).legacySealed();
  // Every answer a test gets is held against docs/openapi.json (openapi-contract.ts).
  const http = checkedAgainstContract(request(app.getHttpServer()));
  const db = new Database(url, 4);
  const keyring = new KeyringDatabase(config.KEYRING_DATABASE_URL!, 2);

  return {
    config,
    app,
    http,
    operatorToken: config.OPERATOR_TOKEN ?? null,
    server: app.getHttpServer(),
    db,
    keyring,
    logs: () => captured,
    async createOrg(name = `Org ${randomBytes(4).toString('hex')}`) {
      const org = await createOrgCommand(db, { name });
      const users = {} as TestOrg['users'];
      for (const role of ['intake', 'lawyer', 'coordinator', 'admin'] as RoleName[]) {
        const email = `${role}-${randomBytes(4).toString('hex')}@example.org`;
        const password = TEST_PASSWORD;
        const user = await createUserCommand(db, { org: org.id, email, role, password });
        const res = await http.post('/v1/auth/token').send({ email, password }).expect(200);
        users[role] = { id: user.id, token: res.body.accessToken, email };
      }
      return { id: org.id, users };
    },
    async close() {
      await app.close();
      await db.close();
      await keyring.close();
      if (!options.databaseUrl) await dropDatabase(url);
      await rm(documentsDir, { recursive: true, force: true });
      await forgetQueueKeys(config);
    },
  };
}

/** Removes what this test's queues left in the shared Redis (all under its own random prefix). */
export async function forgetQueueKeys(config: Pick<AppConfig, 'REDIS_URL' | 'QUEUE_PREFIX'>): Promise<void> {
  const redis = new Redis(config.REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${config.QUEUE_PREFIX}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch {
    // Redis is away in tests that make it so: nothing to clean there.
  } finally {
    redis.disconnect();
  }
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** The operators' credential as a browser sends it: HTTP Basic `operator:<token>`. */
export const basic = (user: string, token: string) => ({
  Authorization: `Basic ${Buffer.from(`${user}:${token}`).toString('base64')}`,
});

/** The app's operator credential, as a tool sends it (Bearer <OPERATOR_TOKEN>). */
export function asOperator(t: TestApp) {
  if (!t.operatorToken) throw new Error('This test app was started without OPERATOR_TOKEN');
  return bearer(t.operatorToken);
}

/** A valid appeal body; override what a test cares about. */
export function appealBody(overrides: Record<string, unknown> = {}) {
  return {
    appealType: 'detention',
    channel: 'hotline',
    receivedAt: '2024-03-29T10:05:00+03:00',
    urgency: 'critical',
    client: {
      fullName: 'Рахимов Фаррух',
      nationality: 'TJ',
      phone: '+79161234567',
      passportNumber: '400123456',
      dateOfBirth: '1995-04-02',
      language: 'tg',
    },
    incident: {
      occurredAt: '2024-03-29T09:30:00+03:00',
      region: 'Moscow Oblast',
      city: 'Kotelniki',
      location: 'dormitory',
      description: 'Detained at the dormitory during a raid',
    },
    decisionReceivedAt: null,
    incidentId: null,
    ...overrides,
  };
}
