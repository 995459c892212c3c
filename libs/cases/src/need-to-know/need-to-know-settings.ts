import { Body, Controller, Get, Inject, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { NeedToKnowSettingsResponse } from './need-to-know.responses';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { Logger } from 'pino';
import { NeedToKnow } from '@huquq/follow-ups';
import { CurrentActor, NeedToKnowSettings, Roles } from '@huquq/identity';
import { LOGGER, TenantDatabase } from '@huquq/platform';
import { Actor } from '@huquq/shared-kernel';

/** Only what is given changes; the rest keeps its value (or default). */
// Not a `.request.ts` file, so the swagger plugin does not read it: its schema is written here.
export class NeedToKnowSettingsRequest {
  @ApiPropertyOptional({ description: 'Coordinators steer cases without names unless this is on' })
  @IsOptional()
  @IsBoolean()
  coordinatorsSeePersonalData?: boolean;

  @ApiPropertyOptional({
    description: 'Admins see personal data in the case view (not only to erase or export it)',
  })
  @IsOptional()
  @IsBoolean()
  adminsSeePersonalDataInCases?: boolean;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 720,
    description: 'How long intake sees the person of an appeal they logged themselves',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(24 * 30)
  intakeWindowHours?: number;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 100000,
    description: 'More distinct cases than this read by one user in an hour is unusual reading',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  unusualReadingCasesPerHour?: number;
}

/**
 * The organization's need-to-know settings (decision 0095), for its admins. A setting of the
 * organization, not a case's history: each change is logged as a security event.
 */
@ApiTags('access log')
@ApiBearerAuth()
@Controller('v1/organization/need-to-know')
@Roles('admin')
export class NeedToKnowSettingsController {
  constructor(
    private readonly db: TenantDatabase,
    private readonly needToKnow: NeedToKnow,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Get()
  @ApiOkResponse({ type: NeedToKnowSettingsResponse })
  get(@CurrentActor() actor: Actor): Promise<NeedToKnowSettings> {
    return this.db.transaction(actor.orgId, (tx) => this.needToKnow.settings(tx, actor.orgId));
  }

  @Put()
  @ApiOkResponse({ type: NeedToKnowSettingsResponse })
  async set(
    @CurrentActor() actor: Actor,
    @Body() body: NeedToKnowSettingsRequest,
  ): Promise<NeedToKnowSettings> {
    const settings = await this.db.transaction(actor.orgId, async (tx) => {
      // Fields left out arrive as undefined properties of the request object: they keep their value.
      const given = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
      const next = { ...(await this.needToKnow.settings(tx, actor.orgId)), ...given };
      await tx.query(
        `INSERT INTO need_to_know_settings (org_id, coordinators_see_personal_data,
           admins_see_personal_data_in_cases, intake_window_hours, unusual_reading_cases_per_hour)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (org_id) DO UPDATE SET
           coordinators_see_personal_data = EXCLUDED.coordinators_see_personal_data,
           admins_see_personal_data_in_cases = EXCLUDED.admins_see_personal_data_in_cases,
           intake_window_hours = EXCLUDED.intake_window_hours,
           unusual_reading_cases_per_hour = EXCLUDED.unusual_reading_cases_per_hour`,
        [
          actor.orgId,
          next.coordinatorsSeePersonalData,
          next.adminsSeePersonalDataInCases,
          next.intakeWindowHours,
          next.unusualReadingCasesPerHour,
        ],
      );
      return next;
    });
    this.logger.info(
      { securityEvent: 'need_to_know_changed', orgId: actor.orgId, userId: actor.userId, ...settings },
      'need-to-know settings changed',
    );
    return settings;
  }
}
