import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Actor, requestContext, Role } from '@huquq/shared-kernel';
import { User } from '../../identity.repository';
import { CurrentActor } from '../../http/current-actor.decorator';
import { Public } from '../../http/public.decorator';
import { Roles } from '../../http/roles.decorator';
import { ChangePasswordRequest, UsePasswordResetRequest } from '../../http/token.request';
import { OrganizationSecurity } from '../organization-security';
import { PasswordReset, UserAdministration } from '../user-administration';
import {
  NewUserResponse,
  OrganizationSecurityResponse,
  PasswordResetResponse,
  UserList,
} from './users.responses';
import {
  CreateUserRequest,
  ListUsersQuery,
  OrganizationSecurityRequest,
  UpdateUserRequest,
  UserResponse,
} from './users.requests';

/** An organization's users, managed by its admins; coordinators list the lawyers (to assign cases). */
@ApiTags('users')
@ApiBearerAuth()
@Controller('v1/users')
@Roles('admin')
export class UsersController {
  constructor(@Inject(UserAdministration) private readonly users: UserAdministration) {}

  @Get()
  @Roles('admin', 'coordinator')
  @ApiOkResponse({ type: UserList })
  async list(@CurrentActor() actor: Actor, @Query() query: ListUsersQuery): Promise<{ items: User[] }> {
    return { items: await this.users.list(actor, query) };
  }

  @Get(':id')
  @ApiOkResponse({ type: UserResponse })
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<User> {
    return this.users.get(actor, id);
  }

  /**
   * A new account, with a one-time password-reset token (shown once) for the person to choose
   * their own password: the admin never knows it. An email that has an account → 422.
   */
  @Post()
  @ApiCreatedResponse({ type: NewUserResponse })
  create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateUserRequest,
    @Headers('x-request-id') requestId?: string,
  ): Promise<{ user: User; passwordReset?: PasswordReset }> {
    return this.users.create(requestContext(actor, requestId), body);
  }

  @Patch(':id')
  @ApiOkResponse({ type: UserResponse })
  update(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: UpdateUserRequest,
    @Headers('x-request-id') requestId?: string,
  ): Promise<User> {
    return this.users.update(requestContext(actor, requestId), id, body);
  }

  /**
   * Removes the user's second factor (a lost phone and lost recovery codes) and ends their
   * sessions; they log in with their password and enrol again.
   */
  @Delete(':id/second-factor')
  @ApiOkResponse({ type: UserResponse })
  removeSecondFactor(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Headers('x-request-id') requestId?: string,
  ): Promise<User> {
    return this.users.removeSecondFactor(requestContext(actor, requestId), id);
  }

  /** A one-time token (shown once, 24 hours) for `POST /v1/auth/password-reset`; earlier ones stop working. */
  @Post(':id/password-reset')
  @HttpCode(200)
  @ApiOkResponse({ type: PasswordResetResponse })
  issuePasswordReset(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Headers('x-request-id') requestId?: string,
  ): Promise<PasswordReset> {
    return this.users.issuePasswordReset(requestContext(actor, requestId), id);
  }
}

/** A user's own password: changed with the current one, or set once through an admin's reset token. */
@ApiTags('auth')
@Controller('v1/auth')
export class PasswordsController {
  constructor(@Inject(UserAdministration) private readonly users: UserAdministration) {}

  /** Every session of the user ends, this one too: log in again with the new password. */
  @Post('password')
  @HttpCode(204)
  @ApiBearerAuth()
  async change(
    @CurrentActor() actor: Actor,
    @Body() body: ChangePasswordRequest,
    @Headers('x-request-id') requestId?: string,
  ): Promise<void> {
    await this.users.changeOwnPassword(actor, requestId, body.currentPassword, body.newPassword);
  }

  @Public()
  @Post('password-reset')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The password is set; log in with it' })
  @ApiUnauthorizedResponse({ description: 'unauthenticated: the link is unknown, used or expired' })
  async reset(@Body() body: UsePasswordResetRequest): Promise<void> {
    await this.users.usePasswordReset(body.token, body.newPassword);
  }
}

/** What the organization requires of its users' logins. */
@ApiTags('users')
@ApiBearerAuth()
@Controller('v1/organization/security')
@Roles('admin')
export class OrganizationSecurityController {
  constructor(@Inject(OrganizationSecurity) private readonly security: OrganizationSecurity) {}

  @Get()
  @ApiOkResponse({ type: OrganizationSecurityResponse })
  get(@CurrentActor() actor: Actor): Promise<{ secondFactorRoles: Role[] }> {
    return this.security.get(actor.orgId);
  }

  /** From the next login (or refresh) on, these roles need a second factor; without one, enrolment comes first. */
  @Put()
  @ApiOkResponse({ type: OrganizationSecurityResponse })
  set(
    @CurrentActor() actor: Actor,
    @Body() body: OrganizationSecurityRequest,
  ): Promise<{ secondFactorRoles: Role[] }> {
    return this.security.set(actor, body.secondFactorRoles);
  }
}
