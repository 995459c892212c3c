import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, Length } from 'class-validator';

export class CompleteTaskRequest {
  @ApiProperty({
    minLength: 1,
    maxLength: 20000,
    description: 'What was done. Personal data: stored sealed under the client’s key, never in plaintext',
  })
  @IsString()
  @Length(1, 20000)
  result: string;
}

export class AssignTaskRequest {
  @IsUUID()
  userId!: string;
}
