import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@huquq/identity';
import { ValidationFailed } from '@huquq/platform';
import { Actor } from '@huquq/shared-kernel';
import { contextFor } from '../../shared/command-context';
import { LogAppealRequest } from '../appeal.request';
import { LogAppealCommand } from './log-appeal.command';

export function idempotencyKeyFrom(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(header)) {
    throw new ValidationFailed('Idempotency-Key must be 1-200 visible ASCII characters', [
      { field: 'Idempotency-Key', problem: 'must be 1-200 visible ASCII characters' },
    ]);
  }
  return header;
}

@ApiTags('intake')
@ApiBearerAuth()
@Controller('v1/appeals')
export class LogAppealController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  log(
    @CurrentActor() actor: Actor,
    @Body() body: LogAppealRequest,
    @Headers('idempotency-key') key?: string,
    @Headers('x-request-id') requestId?: string,
  ) {
    return this.commands.execute(
      new LogAppealCommand(contextFor(actor, requestId), body, idempotencyKeyFrom(key)),
    );
  }
}
