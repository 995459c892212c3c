import { CommandContext } from '@huquq/shared-kernel';

/** Two clients, as the route names them: the one in the path and the other in the body. */
abstract class PairMessage {
  constructor(
    readonly context: CommandContext,
    readonly clientId: string,
    readonly otherClientId: string,
    readonly idempotencyKey?: string,
  ) {}
}

export class ConfirmSamePersonCommand extends PairMessage {}
export class RecordNotSamePersonCommand extends PairMessage {}
/** `otherClientId` is the client that stays (`intoClientId` in the request). */
export class MergeClientCommand extends PairMessage {}
