import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CaseIntegrity } from './case-integrity.responses';
import { IntegrityChecker } from '@huquq/event-store';
import { CurrentActor, Roles } from '@huquq/identity';
import { TenantDatabase } from '@huquq/platform';
import { CaseNotFound } from '../domain/case.decider';
import { caseStreamId } from '../domain/case.events';
import { Actor } from '@huquq/shared-kernel';
import { requireId } from '@huquq/shared-kernel';
import { CASE_POLICY } from '../domain/case.policy';

/**
 * Recomputes a case's hash chain from what is stored. It runs as the request's tenant, so
 * another organization's case answers like an unknown one.
 */
@ApiTags('privacy')
@ApiBearerAuth()
@Controller('v1/cases/:id/integrity')
export class CaseIntegrityController {
  constructor(private readonly db: TenantDatabase) {}

  @Get()
  @Roles(...CASE_POLICY.checkIntegrity)
  @ApiOkResponse({ type: CaseIntegrity })
  async verify(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<CaseIntegrity> {
    const streamId = caseStreamId(requireId(id, 'case'));
    const result = await this.db.transaction(actor.orgId, (sql) =>
      new IntegrityChecker(sql).verifyStream(streamId, { sql }),
    );
    if (result.events === 0) throw new CaseNotFound();
    return {
      valid: result.valid,
      events: result.events,
      headHash: result.headHash,
      ...(result.valid ? {} : { firstBadPosition: result.firstBadPosition, problem: result.problem }),
    };
  }
}
