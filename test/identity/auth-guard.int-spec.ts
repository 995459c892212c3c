import {
  ArgumentsHost,
  Catch,
  Controller,
  ExceptionFilter,
  Get,
  Global,
  INestApplication,
  Module,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import type { Response } from 'express';
import request from 'supertest';
import {
  AppConfig,
  createLogger,
  createValidationPipe,
  Database,
  HEALTH_REDIS,
  LOGGER,
  toErrorBody,
} from '@huquq/platform';
import {
  Actor,
  AuthGuard,
  CurrentActor,
  IdentityModule,
  IdentityRepository,
  Public,
  Roles,
  SessionStore,
  TokenService,
  createUserCommand,
} from '@huquq/identity';
import { randomBytes } from 'node:crypto';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { connectTestRedis, TestRedis } from '../support/test-redis';

/** The platform's error shape, without the logger the real filter needs (nothing here answers 500). */
@Catch()
class ErrorShapeFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const { status, body } = toErrorBody(error);
    host.switchToHttp().getResponse<Response>().status(status).json(body);
  }
}

@Controller('probe')
@Roles('coordinator', 'admin')
class ProbeController {
  @Public()
  @Get('open')
  open() {
    return { open: true };
  }

  @Roles('intake', 'lawyer', 'coordinator', 'admin')
  @Get('me')
  me(@CurrentActor() actor: Actor) {
    return actor;
  }

  @Get('coordination')
  coordination() {
    return { ok: true };
  }

  @Roles('admin')
  @Get('admin')
  admin() {
    return { ok: true };
  }
}

@Controller('unmarked')
class UnmarkedController {
  @Get()
  any(@CurrentActor() actor: Actor) {
    return { role: actor.role };
  }
}

describe('AuthGuard and POST /v1/auth/token in a Nest app', () => {
  let testDb: TestDatabase;
  let redis: TestRedis;
  let app: INestApplication;
  let tokens: TokenService;
  let orgId: string;
  let lawyerId: string;
  let sessionId: string;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    redis = await connectTestRedis();
    const config = Object.assign(new AppConfig(), {
      JWT_SECRET: 'guard-test-secret-0123456789abcdefghij',
      JWT_TTL_SECONDS: 600,
      QUEUE_PREFIX: redis.prefix,
      DATABASE_URL: testDb.db.url,
      HUQUQ_MASTER_KEY: randomBytes(32).toString('base64'),
      PASSWORD_SCRYPT_N: 2 ** 14,
    });

    @Global()
    @Module({
      providers: [
        { provide: Database, useValue: testDb.db },
        { provide: AppConfig, useValue: config },
        { provide: HEALTH_REDIS, useValue: redis.redis },
        { provide: LOGGER, useValue: createLogger('silent') },
      ],
      exports: [Database, AppConfig, HEALTH_REDIS, LOGGER],
    })
    class FakePlatformModule {}

    const moduleRef = await Test.createTestingModule({
      imports: [FakePlatformModule, IdentityModule],
      controllers: [ProbeController, UnmarkedController],
      providers: [{ provide: APP_GUARD, useExisting: AuthGuard }],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalPipes(createValidationPipe());
    app.useGlobalFilters(new ErrorShapeFilter());
    await app.init();

    tokens = app.get(TokenService);
    const repo = app.get(IdentityRepository);
    orgId = (await repo.createOrganization('Guard Test Org')).id;
    lawyerId = (
      await createUserCommand(testDb.db, {
        org: orgId,
        email: 'lawyer@guard.example.org',
        role: 'lawyer',
        password: 'lawyer-password',
      })
    ).id;
    sessionId = (await app.get(SessionStore).start({ id: lawyerId, orgId })).sessionId;
  });

  afterAll(async () => {
    await app?.close();
    await testDb.drop();
    await redis?.close();
  });

  // Tokens of every role for one session: the guard's role check is what is tested here.
  const bearer = async (role: Actor['role']) =>
    `Bearer ${(await tokens.issue({ actor: { userId: lawyerId, orgId, role }, sessionId, tokenVersion: 1 })).accessToken}`;

  it('lets anyone reach a @Public route', async () => {
    await request(app.getHttpServer()).get('/probe/open').expect(200, { open: true });
  });

  it('closes every other route without a token, including routes with no decorator at all', async () => {
    const server = app.getHttpServer();
    const missing = await request(server).get('/probe/me').expect(401);
    expect(missing.body.error).toBe('unauthenticated');
    await request(server).get('/unmarked').expect(401);
    await request(server).get('/probe/me').set('Authorization', 'Basic dXNlcjpwYXNz').expect(401);
    await request(server).get('/probe/me').set('Authorization', 'Bearer').expect(401);
    await request(server).get('/probe/me').set('Authorization', 'Bearer not.a.token').expect(401);
  });

  it('refuses a tampered token', async () => {
    const token = await bearer('lawyer');
    const tampered = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    await request(app.getHttpServer()).get('/probe/me').set('Authorization', tampered).expect(401);
  });

  it('hands the verified actor to the handler', async () => {
    const response = await request(app.getHttpServer())
      .get('/probe/me')
      .set('Authorization', await bearer('lawyer'))
      .expect(200);
    expect(response.body).toEqual({ userId: lawyerId, orgId, role: 'lawyer' });
    await request(app.getHttpServer())
      .get('/unmarked')
      .set('Authorization', await bearer('intake'))
      .expect(200, { role: 'intake' });
  });

  it('applies @Roles of the controller unless the route names its own', async () => {
    const server = app.getHttpServer();
    const refused = await request(server)
      .get('/probe/coordination')
      .set('Authorization', await bearer('lawyer'))
      .expect(403);
    expect(refused.body.error).toBe('forbidden');
    await request(server)
      .get('/probe/coordination')
      .set('Authorization', await bearer('coordinator'))
      .expect(200);
    await request(server)
      .get('/probe/admin')
      .set('Authorization', await bearer('coordinator'))
      .expect(403);
    await request(server)
      .get('/probe/admin')
      .set('Authorization', await bearer('admin'))
      .expect(200);
  });

  describe('POST /v1/auth/token', () => {
    it('answers 200 with a token that opens the protected routes', async () => {
      const server = app.getHttpServer();
      const response = await request(server)
        .post('/v1/auth/token')
        .send({ email: 'lawyer@guard.example.org', password: 'lawyer-password' })
        .expect(200);
      expect(response.body).toEqual({
        accessToken: expect.any(String),
        expiresIn: 600,
        refreshToken: expect.any(String),
        refreshExpiresIn: expect.any(Number),
        user: { id: lawyerId, orgId, role: 'lawyer' },
      });
      await request(server)
        .get('/probe/me')
        .set('Authorization', `Bearer ${response.body.accessToken}`)
        .expect(200);
    });

    it('answers 401 alike for a wrong password and an unknown email', async () => {
      const server = app.getHttpServer();
      const wrong = await request(server)
        .post('/v1/auth/token')
        .send({ email: 'lawyer@guard.example.org', password: 'nope' })
        .expect(401);
      const unknown = await request(server)
        .post('/v1/auth/token')
        .send({ email: 'ghost@guard.example.org', password: 'nope' })
        .expect(401);
      expect(wrong.body).toEqual(unknown.body);
      expect(wrong.body.message).toBe('Wrong email or password');
    });

    it('refuses a body that is not an email and a password', async () => {
      const server = app.getHttpServer();
      const bad = await request(server)
        .post('/v1/auth/token')
        .send({ email: 'not-an-email', password: 'x', extra: 1 });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toBe('validation_failed');
      expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['email', 'extra']);
      await request(server)
        .post('/v1/auth/token')
        .send({ email: 'lawyer@guard.example.org', password: '' })
        .expect(400);
      await request(server)
        .post('/v1/auth/token')
        .send({ email: 'lawyer@guard.example.org', password: 'x'.repeat(201) })
        .expect(400);
      await request(server).post('/v1/auth/token').send({ email: 'lawyer@guard.example.org' }).expect(400);
    });
  });
});
