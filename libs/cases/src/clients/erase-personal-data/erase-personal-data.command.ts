import { CommandContext } from '../../shared/command-context';

export class ErasePersonalDataCommand {
  constructor(
    readonly context: CommandContext,
    readonly clientId: string,
  ) {}
}
