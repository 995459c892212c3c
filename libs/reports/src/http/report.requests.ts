import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { GROUP_BYS, GroupBy } from '../shared/dimensions';

/** from/to are checked as a pair in parsePeriod, which names every problem with them at once. */
class PeriodRequest {
  @ApiPropertyOptional({
    description:
      'A date (the whole day, in tz) or a time with offset on a whole hour. Default: 29 days before `to`.',
    example: '2024-03-01',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  from?: string;

  @ApiPropertyOptional({
    description:
      'A date (that day included) or a time with offset (excluded). Default: today. At most 2 years after `from`.',
    example: '2024-03-31',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  to?: string;

  @ApiPropertyOptional({
    description: 'IANA time zone of the days and weeks (whole-hour offsets only)',
    default: 'UTC',
    example: 'Europe/Moscow',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  tz?: string;
}

export class LoadReportRequest extends PeriodRequest {
  @ApiPropertyOptional({ enum: GROUP_BYS, default: 'day' })
  @IsOptional()
  @IsIn(GROUP_BYS)
  groupBy?: GroupBy;
}

export class BacklogReportRequest extends PeriodRequest {}
