import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity.module';
import { SessionCheck } from '../sessions/session-check';
import type { Logger } from 'pino';
import { CommandHandler } from '@huquq/event-store';
import { Database, LOGGER } from '@huquq/platform';
import {
  OrganizationSecurityController,
  PasswordsController,
  UsersController,
} from './http/users.controller';
import { OrganizationSecurity } from './organization-security';
import { UserAdministration } from './user-administration';

/**
 * User administration over the API. Needs the one write path (CommandHandler) from the app that
 * imports it (the runtime provides it), besides the platform's globals.
 */
@Module({
  imports: [IdentityModule],
  controllers: [UsersController, PasswordsController, OrganizationSecurityController],
  providers: [
    {
      provide: UserAdministration,
      useFactory: (commands: CommandHandler, db: Database, check: SessionCheck) =>
        new UserAdministration(commands, db, (userId) => check.forget(userId)),
      inject: [CommandHandler, Database, SessionCheck],
    },
    {
      provide: OrganizationSecurity,
      useFactory: (db: Database, logger: Logger) => new OrganizationSecurity(db, logger),
      inject: [Database, LOGGER],
    },
  ],
  exports: [UserAdministration],
})
export class UsersModule {}
