import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { TASK_QUEUES } from '../domain/follow-up-rules';

export class ListTasksRequest {
  @ApiPropertyOptional({ enum: ['me', 'none'], description: 'me: claimed by you; none: unclaimed' })
  @IsOptional()
  @IsIn(['me', 'none'])
  assignee?: 'me' | 'none';

  @ApiPropertyOptional({ enum: ['open', 'done'], default: 'open' })
  @IsOptional()
  @IsIn(['open', 'done'])
  status?: 'open' | 'done';

  @ApiPropertyOptional({
    enum: TASK_QUEUES,
    description: "Coordinators' and admins' filter; lawyers see the lawyers' queue",
  })
  @IsOptional()
  @IsIn(TASK_QUEUES)
  queue?: 'lawyer' | 'coordinator';

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
