import { Module } from '@nestjs/common';
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
  controllers: [UsersController, PasswordsController, OrganizationSecurityController],
  providers: [
    {
      provide: UserAdministration,
      useFactory: (commands: CommandHandler, db: Database) => new UserAdministration(commands, db),
      inject: [CommandHandler, Database],
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
