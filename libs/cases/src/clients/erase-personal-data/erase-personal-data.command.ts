import { CommandContext } from '@huquq/shared-kernel';

export class ErasePersonalDataCommand {
  constructor(
    readonly context: CommandContext,
    readonly clientId: string,
    readonly idempotencyKey?: string,
  ) {}
}
