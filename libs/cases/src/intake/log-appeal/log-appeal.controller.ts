import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { LoggedAppealResponse } from '../intake.responses';
import { CurrentActor } from '@huquq/identity';
import { IdempotencyKey } from '@huquq/platform';

import { Actor, requestContext } from '@huquq/shared-kernel';
import { LogAppealRequest } from '../appeal.request';
import { LogAppealCommand } from './log-appeal.command';

@ApiTags('intake')
@ApiBearerAuth()
@Controller('v1/appeals')
export class LogAppealController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ type: LoggedAppealResponse })
  @ApiNotFoundResponse({
    description: 'not_found: clientId or incidentId names nothing of your organization',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  log(
    @CurrentActor() actor: Actor,
    @Body() body: LogAppealRequest,
    @IdempotencyKey() key?: string,
    @Headers('x-request-id') requestId?: string,
  ) {
    return this.commands.execute(new LogAppealCommand(requestContext(actor, requestId), body, key));
  }
}
