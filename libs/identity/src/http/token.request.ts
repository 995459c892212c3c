import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { ROLES, Role } from '@huquq/shared-kernel';

export class TokenRequest {
  @ApiProperty({ example: 'lawyer@example.org' })
  @IsEmail()
  @MaxLength(320)
  email: string;

  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  password: string;

  @ApiPropertyOptional({
    description:
      'The second factor, when the account has one: the 6-digit code of the authenticator app, or an unused recovery code',
  })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  otp?: string;
}

/** Body of refresh and logout: the refresh token, unless the browser's cookie carries it. */
export class RefreshRequest {
  @ApiPropertyOptional({ description: 'Omit it when the huquq_refresh cookie carries it (browsers)' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  refreshToken?: string;
}

class TokenUser {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  orgId: string;

  @ApiProperty({ enum: ROLES })
  role: Role;
}

/** Only for the OpenAPI document; the service answers a plain LoginResult of the same shape. */
export class TokenResponse {
  @ApiProperty()
  accessToken: string;

  @ApiProperty({ description: 'Seconds until the access token expires' })
  expiresIn: number;

  @ApiProperty({
    description:
      'Spent by POST /v1/auth/refresh for the next pair; also set as the httpOnly cookie huquq_refresh (path /v1/auth). Shown again (spent) it ends the session',
  })
  refreshToken: string;

  @ApiProperty({ description: 'Seconds until the refresh token expires unused' })
  refreshExpiresIn: number;

  @ApiProperty({ type: TokenUser })
  user: TokenUser;

  @ApiPropertyOptional({
    enum: ['enrolment_required'],
    description:
      'The organization requires a second factor the user has not enrolled: the token opens the enrolment routes only',
  })
  secondFactor?: 'enrolment_required';
}

export class ChangePasswordRequest {
  @ApiProperty()
  @IsString()
  @Length(1, 200)
  currentPassword: string;

  @ApiProperty({
    minLength: 12,
    maxLength: 200,
    description: 'At least 12 characters, not a common password',
  })
  @IsString()
  @Length(1, 200)
  newPassword: string;
}

export class UsePasswordResetRequest {
  @ApiProperty({ description: 'The one-time token an admin was given (POST /v1/users/:id/password-reset)' })
  @IsString()
  @Length(1, 200)
  token: string;

  @ApiProperty({ minLength: 12, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  newPassword: string;
}

export class ConfirmTotpRequest {
  @ApiProperty({ example: '123456', description: 'A code the authenticator app shows for the new secret' })
  @IsString()
  @Length(6, 6)
  code: string;
}
