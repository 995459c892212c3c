import { Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import type { Logger } from 'pino';
import { EventNotifications } from '@huquq/event-store';
import { AppConfig, Database, HEALTH_REDIS, LOGGER, serviceTimeouts, urlWithTimeouts } from '@huquq/platform';
import { AuthService } from './auth.service';
import { AuthController } from './http/auth.controller';
import { AuthGuard } from './http/auth.guard';
import { OperatorCredentials } from './http/operator-auth';
import { IdentityRepository } from './identity.repository';
import { LoginThrottle } from './login-throttle';
import { usePasswordCost } from './passwords';
import { SecondFactor } from './second-factor/second-factor';
import { TotpSecretBox } from './second-factor/totp-secret-box';
import { SessionCheck } from './sessions/session-check';
import { SESSIONS_CHANNEL, SessionStore } from './sessions/session-store';
import { TokenService } from './tokens';

/** The sessions' notices (a user changed, a session ended), heard by this process's SessionCheck. */
const SESSION_NOTICES = Symbol('SESSION_NOTICES');

@Injectable()
class SessionNoticesLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(SESSION_NOTICES) private readonly notices: EventNotifications) {}
  onApplicationBootstrap() {
    return this.notices.start();
  }
  onApplicationShutdown() {
    return this.notices.stop();
  }
}

/**
 * Login, sessions, tokens, the second factor, the operators' credential and the guard. Expects
 * `Database`, `AppConfig`, `LOGGER` and `HEALTH_REDIS` to be provided globally (by the platform
 * module). The app registers the guard for every route: `{ provide: APP_GUARD, useExisting: AuthGuard }`.
 */
@Module({
  controllers: [AuthController],
  providers: [
    {
      provide: IdentityRepository,
      useFactory: (db: Database) => new IdentityRepository(db),
      inject: [Database],
    },
    {
      provide: TokenService,
      useFactory: (config: AppConfig) => {
        if (!config.JWT_SECRET) throw new Error('JWT_SECRET is not set');
        // New password hashes at the configured cost (OWASP's unless lowered for tests).
        usePasswordCost(config.PASSWORD_SCRYPT_N);
        return new TokenService(config.JWT_SECRET, config.JWT_TTL_SECONDS);
      },
      inject: [AppConfig],
    },
    {
      provide: SESSION_NOTICES,
      useFactory: (config: AppConfig) =>
        new EventNotifications(urlWithTimeouts(config.DATABASE_URL, serviceTimeouts(config)), {
          channel: SESSIONS_CHANNEL,
        }),
      inject: [AppConfig],
    },
    SessionNoticesLifecycle,
    {
      provide: SessionCheck,
      useFactory: (db: Database, notices: EventNotifications) => new SessionCheck(db, notices),
      inject: [Database, SESSION_NOTICES],
    },
    {
      provide: SessionStore,
      useFactory: (db: Database, config: AppConfig, logger: Logger, check: SessionCheck) =>
        new SessionStore(
          db,
          { refreshSeconds: config.REFRESH_TTL_SECONDS, sessionSeconds: config.SESSION_MAX_SECONDS },
          logger,
          (userId) => check.forget(userId),
        ),
      inject: [Database, AppConfig, LOGGER, SessionCheck],
    },
    {
      provide: SecondFactor,
      useFactory: (db: Database, config: AppConfig) => {
        if (!config.HUQUQ_MASTER_KEY) throw new Error('HUQUQ_MASTER_KEY is not set');
        return new SecondFactor(
          db,
          new TotpSecretBox(config.HUQUQ_MASTER_KEY, config.HUQUQ_PREVIOUS_MASTER_KEY),
        );
      },
      inject: [Database, AppConfig],
    },
    {
      provide: OperatorCredentials,
      useFactory: (config: AppConfig) => new OperatorCredentials(config.OPERATOR_TOKEN),
      inject: [AppConfig],
    },
    {
      provide: LoginThrottle,
      // Shared by every instance through Redis, under the installation's QUEUE_PREFIX; emails and
      // addresses are keyed HMACs under a key derived from JWT_SECRET.
      useFactory: (redis: Redis, config: AppConfig, logger: Logger) => {
        if (!config.JWT_SECRET) throw new Error('JWT_SECRET is not set');
        return new LoginThrottle({ redis, prefix: config.QUEUE_PREFIX, secret: config.JWT_SECRET, logger });
      },
      inject: [HEALTH_REDIS, AppConfig, LOGGER],
    },
    {
      provide: AuthService,
      useFactory: (
        users: IdentityRepository,
        tokens: TokenService,
        throttle: LoginThrottle,
        sessions: SessionStore,
        secondFactor: SecondFactor,
      ) => new AuthService(users, tokens, throttle, sessions, secondFactor),
      inject: [IdentityRepository, TokenService, LoginThrottle, SessionStore, SecondFactor],
    },
    AuthGuard,
  ],
  exports: [
    IdentityRepository,
    TokenService,
    AuthService,
    AuthGuard,
    OperatorCredentials,
    SecondFactor,
    SessionCheck,
    SessionStore,
  ],
})
export class IdentityModule {}
