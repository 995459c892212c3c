import { ApiProperty } from '@nestjs/swagger';
import { Role } from '@huquq/shared-kernel';
import type { PasswordReset } from '../user-administration';
import { UserResponse } from './users.requests';

/** The answers of the users' and the organization's security routes (the swagger plugin reads them). */
export class UserList {
  items: UserResponse[];
}

export class PasswordResetResponse implements PasswordReset {
  /** Shown once (only its hash is kept): the person sets their password with it at POST /v1/auth/password-reset. */
  token: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt: string;
}

export class NewUserResponse {
  user: UserResponse;

  /** For the person to choose their own password; the admin never knows it. */
  passwordReset?: PasswordResetResponse;
}

export class OrganizationSecurityResponse {
  /** The roles whose logins need a second factor. */
  secondFactorRoles: Role[];
}
