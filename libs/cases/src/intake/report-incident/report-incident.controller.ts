import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiTags } from '@nestjs/swagger';
import { ReportedIncidentResponse } from '../intake.responses';
import { CurrentActor, RateLimit } from '@huquq/identity';
import { IdempotencyKey } from '@huquq/platform';
import { Actor, requestContext } from '@huquq/shared-kernel';
import { ReportIncidentCommand } from './report-incident.command';
import { ReportIncidentRequest } from './report-incident.request';

@ApiTags('intake')
@ApiBearerAuth()
@Controller('v1/incidents')
export class ReportIncidentController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ type: ReportedIncidentResponse })
  @RateLimit('incidents')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  report(
    @CurrentActor() actor: Actor,
    @Body() body: ReportIncidentRequest,
    @IdempotencyKey() key?: string,
    @Headers('x-request-id') requestId?: string,
  ) {
    return this.commands.execute(new ReportIncidentCommand(requestContext(actor, requestId), body, key));
  }
}
