import { Controller, Delete, HttpCode, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@huquq/identity';
import { Actor } from '@huquq/shared-kernel';
import { contextFor } from '../../shared/command-context';
import { ErasePersonalDataCommand } from './erase-personal-data.command';

@ApiTags('privacy')
@ApiBearerAuth()
@Controller('v1/clients/:clientId/personal-data')
export class ErasePersonalDataController {
  constructor(private readonly commands: CommandBus) {}

  @Delete()
  @HttpCode(204)
  @Roles('admin')
  async erase(@CurrentActor() actor: Actor, @Param('clientId') clientId: string): Promise<void> {
    await this.commands.execute(new ErasePersonalDataCommand(contextFor(actor), clientId));
  }
}
