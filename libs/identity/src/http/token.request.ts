import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';
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

  @ApiProperty({ description: 'Seconds until the token expires' })
  expiresIn: number;

  @ApiProperty({ type: TokenUser })
  user: TokenUser;
}
