import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { ROLES, Role } from '@huquq/shared-kernel';
import { USER_STATUSES, UserStatus } from '../../identity.repository';

export class ListUsersQuery {
  @ApiPropertyOptional({ enum: ROLES, description: 'Coordinators always get the active lawyers' })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;
}

export class CreateUserRequest {
  @ApiProperty({ example: 'lawyer@example.org' })
  @IsEmail()
  @MaxLength(320)
  email: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  displayName?: string;
}

export class UpdateUserRequest {
  @ApiPropertyOptional({ maxLength: 200, nullable: true })
  @IsOptional()
  @ValidateIf((_o, value) => value !== null)
  @IsString()
  @Length(1, 200)
  displayName?: string | null;

  @ApiPropertyOptional({ enum: ROLES, description: "Ends the user's sessions at once" })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ enum: USER_STATUSES, description: "`disabled` ends the user's sessions at once" })
  @IsOptional()
  @IsIn(USER_STATUSES)
  status?: UserStatus;
}

export class OrganizationSecurityRequest {
  @ApiProperty({
    enum: ROLES,
    isArray: true,
    description: 'The roles that must log in with a second factor (TOTP); [] for none',
  })
  @IsArray()
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  secondFactorRoles: Role[];
}

export class UserResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  orgId: string;

  @ApiProperty()
  email: string;

  @ApiProperty({ enum: ROLES })
  role: Role;

  @ApiProperty({ nullable: true, type: String })
  displayName: string | null;

  @ApiProperty({ enum: USER_STATUSES })
  status: UserStatus;

  @ApiProperty({ description: 'A second factor (TOTP) is enrolled' })
  secondFactor: boolean;
}
