import { Body, Controller, Delete, Get, HttpCode, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsInt, IsObject, IsOptional, Min } from 'class-validator';
import { EventStore } from '@huquq/event-store';
import { Actor, CurrentActor, Roles } from '@huquq/identity';
import { TenantDatabase, ValidationFailed } from '@huquq/platform';
import { EffectiveRules, FollowUpRulebook, FollowUpRulesChanged, rulesStreamId } from './rulebook';
import { checkFollowUpRules } from './validate-rules';

export class ChangeFollowUpRulesRequest {
  @ApiProperty({ description: 'The whole rule set: clocks, appealRules, incidentRules (see the README)' })
  @IsObject()
  rules: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'The version read with GET; a stale one answers 409' })
  @IsOptional()
  @IsInt()
  @Min(0)
  expectedVersion?: number;
}

/**
 * An organization's own follow-up rules, changed without code by its admins. Each change is an
 * event of the organization's rules stream, so the history says who changed what and when.
 * New appeals follow the new rules; tasks and deadlines made before stay as they were.
 */
@ApiTags('follow-up rules')
@ApiBearerAuth()
@Controller('v1/follow-up-rules')
export class FollowUpRulesController {
  constructor(
    private readonly rulebook: FollowUpRulebook,
    private readonly store: EventStore,
    private readonly db: TenantDatabase,
  ) {}

  @Get()
  @Roles('coordinator', 'admin')
  get(@CurrentActor() actor: Actor): Promise<EffectiveRules> {
    return this.db.transaction(actor.orgId, (sql) => this.rulebook.rulesFor(actor.orgId, sql));
  }

  @Put()
  @HttpCode(200)
  @Roles('admin')
  async change(
    @CurrentActor() actor: Actor,
    @Body() body: ChangeFollowUpRulesRequest,
  ): Promise<EffectiveRules> {
    const checked = checkFollowUpRules(body.rules);
    if (!checked.ok) {
      throw new ValidationFailed(
        'The rules are not valid',
        checked.problems.map((p) => ({
          ...p,
          field: `rules.${p.field ?? ''}`.replace(/^rules\.rules/, 'rules'),
        })),
      );
    }
    return this.record(actor, checked.rules, body.expectedVersion);
  }

  /** Back to the installation's rules. */
  @Delete()
  @HttpCode(200)
  @Roles('admin')
  reset(@CurrentActor() actor: Actor): Promise<EffectiveRules> {
    return this.record(actor, null);
  }

  private async record(
    actor: Actor,
    rules: FollowUpRulesChanged['data']['rules'],
    expectedVersion?: number,
  ): Promise<EffectiveRules> {
    const event: FollowUpRulesChanged = {
      type: 'follow-up-rules-changed',
      data: { rules, changedBy: actor.userId, changedAt: new Date().toISOString() },
    };
    return this.db.transaction(actor.orgId, async (sql) => {
      await this.store.append(
        rulesStreamId(actor.orgId),
        expectedVersion ?? 'any',
        [{ ...event, metadata: { actorId: actor.userId, orgId: actor.orgId } }],
        { orgId: actor.orgId, sql },
      );
      return this.rulebook.rulesFor(actor.orgId, sql);
    });
  }
}
