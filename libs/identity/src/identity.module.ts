import { Module } from '@nestjs/common';
import type Redis from 'ioredis';
import type { Logger } from 'pino';
import { AppConfig, Database, HEALTH_REDIS, LOGGER } from '@huquq/platform';
import { AuthService } from './auth.service';
import { AuthController } from './http/auth.controller';
import { AuthGuard } from './http/auth.guard';
import { OperatorCredentials } from './http/operator-auth';
import { IdentityRepository } from './identity.repository';
import { LoginThrottle } from './login-throttle';
import { TokenService } from './tokens';

/**
 * Login, tokens, the operators' credential and the guard. Expects `Database`, `AppConfig`, `LOGGER`
 * and `HEALTH_REDIS` to be provided globally (by the platform module). The app registers the guard for every route:
 * `{ provide: APP_GUARD, useExisting: AuthGuard }`.
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
        return new TokenService(config.JWT_SECRET, config.JWT_TTL_SECONDS);
      },
      inject: [AppConfig],
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
      useFactory: (users: IdentityRepository, tokens: TokenService, throttle: LoginThrottle) =>
        new AuthService(users, tokens, throttle),
      inject: [IdentityRepository, TokenService, LoginThrottle],
    },
    AuthGuard,
  ],
  exports: [IdentityRepository, TokenService, AuthService, AuthGuard, OperatorCredentials],
})
export class IdentityModule {}
