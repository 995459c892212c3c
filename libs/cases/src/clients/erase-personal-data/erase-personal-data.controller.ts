import { Controller, Delete, Headers, HttpCode, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { IdempotencyKey } from '@huquq/platform';
import { CurrentActor, Roles } from '@huquq/identity';
import { Actor, requestContext } from '@huquq/shared-kernel';
import { CASE_POLICY } from '../../domain/case.policy';
import { ErasePersonalDataCommand } from './erase-personal-data.command';

@ApiTags('privacy')
@ApiBearerAuth()
@Controller('v1/clients/:clientId/personal-data')
export class ErasePersonalDataController {
  constructor(private readonly commands: CommandBus) {}

  @Delete()
  @HttpCode(204)
  @Roles(...CASE_POLICY.eraseClient)
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async erase(
    @CurrentActor() actor: Actor,
    @Param('clientId') clientId: string,
    @IdempotencyKey() key?: string,
    @Headers('x-request-id') requestId?: string,
  ): Promise<void> {
    await this.commands.execute(
      new ErasePersonalDataCommand(requestContext(actor, requestId), clientId, key),
    );
  }
}
