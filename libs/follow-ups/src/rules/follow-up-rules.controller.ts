import { Body, Controller, Delete, Get, Headers, HttpCode, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { EffectiveRulesResponse } from './follow-up-rules.responses';
import { IsInt, IsObject, IsOptional, Min } from 'class-validator';
import { CommandHandler } from '@huquq/event-store';
import { Actor, CurrentActor, Roles } from '@huquq/identity';
import { TenantDatabase } from '@huquq/platform';
import { requestContext, ValidationFailed } from '@huquq/shared-kernel';
import type { FollowUpRulesCommand } from '../domain/follow-up-rules.commands';
import { RULES_EDITORS, RULES_READERS } from '../domain/rules.policy';
import { followUpRulesStream } from '../streams';
import { EffectiveRules, FollowUpRulebook } from './rulebook';
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
    private readonly commands: CommandHandler,
    private readonly db: TenantDatabase,
  ) {}

  @Get()
  @ApiOkResponse({ type: EffectiveRulesResponse })
  @Roles(...RULES_READERS)
  get(@CurrentActor() actor: Actor): Promise<EffectiveRules> {
    return this.db.transaction(actor.orgId, (sql) => this.rulebook.rulesFor(actor.orgId, sql));
  }

  @Put()
  @ApiOkResponse({ type: EffectiveRulesResponse })
  @HttpCode(200)
  @Roles(...RULES_EDITORS)
  async change(
    @CurrentActor() actor: Actor,
    @Body() body: ChangeFollowUpRulesRequest,
    @Headers('x-request-id') requestId?: string,
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
    return this.record(
      actor,
      requestId,
      (now) => ({ type: 'ChangeRules', data: { rules: checked.rules, actor, now } }),
      body.expectedVersion,
    );
  }

  /** Back to the installation's rules. */
  @Delete()
  @ApiOkResponse({ type: EffectiveRulesResponse })
  @HttpCode(200)
  @Roles(...RULES_EDITORS)
  reset(@CurrentActor() actor: Actor, @Headers('x-request-id') requestId?: string): Promise<EffectiveRules> {
    return this.record(actor, requestId, (now) => ({ type: 'ResetRules', data: { actor, now } }));
  }

  /**
   * Through the one write path; the answer is the rules as just decided. A stale
   * expectedVersion is the caller's 409; without one, a lost race is decided again.
   */
  private record(
    actor: Actor,
    requestId: string | undefined,
    command: (now: string) => FollowUpRulesCommand,
    expectedVersion?: number,
  ): Promise<EffectiveRules> {
    return this.commands.execute(
      requestContext(actor, requestId),
      async (unit) => {
        const decided = await unit.decide(
          followUpRulesStream,
          actor.orgId,
          () => command(new Date().toISOString()),
          {
            expectedVersion,
          },
        );
        return this.rulebook.effective(decided.state);
      },
      { attempts: expectedVersion === undefined ? 3 : 1 },
    );
  }
}
