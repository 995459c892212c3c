import { CommandHandler as Handles, ICommandHandler } from '@nestjs/cqrs';
import { CommandHandler, WriteUnit } from '@huquq/event-store';
import { NotFound, requireId, RuleViolation } from '@huquq/shared-kernel';
import { clientStream } from '../../streams';
import {
  ConfirmSamePersonCommand,
  MergeClientCommand,
  RecordNotSamePersonCommand,
} from './same-person.commands';

type Message = ConfirmSamePersonCommand | RecordNotSamePersonCommand | MergeClientCommand;

/**
 * A verdict on two clients is decided on both streams in one unit, so each remembers the other
 * (an erasure of either reaches both; a dismissal is found from either side).
 */
function onPair(
  commands: CommandHandler,
  message: Message,
  name: string,
  work: (unit: WriteUnit, clientId: string, otherClientId: string) => Promise<void>,
) {
  const clientId = requireId(message.clientId, 'client');
  const otherClientId = requireId(message.otherClientId, 'client');
  return commands.execute(
    message.context,
    async (unit) => {
      const { state: other } = await unit.load(clientStream, otherClientId);
      if (!other.exists) throw new NotFound('client');
      await work(unit, clientId, otherClientId);
      return { clientId, otherClientId };
    },
    { idempotency: { key: message.idempotencyKey, request: { command: name, clientId, otherClientId } } },
  );
}

/** The same verdict on both streams, each naming the other. */
const bothWays =
  (type: 'ConfirmSamePerson' | 'RecordNotSamePerson') => async (unit: WriteUnit, a: string, b: string) => {
    await unit.decide(clientStream, a, { type, data: { clientId: a, otherClientId: b } });
    await unit.decide(clientStream, b, { type, data: { clientId: b, otherClientId: a } });
  };

@Handles(ConfirmSamePersonCommand)
class ConfirmSamePersonHandler implements ICommandHandler<ConfirmSamePersonCommand> {
  constructor(private readonly commands: CommandHandler) {}

  execute(message: ConfirmSamePersonCommand) {
    return onPair(this.commands, message, 'ConfirmSamePerson', bothWays('ConfirmSamePerson'));
  }
}

@Handles(RecordNotSamePersonCommand)
class RecordNotSamePersonHandler implements ICommandHandler<RecordNotSamePersonCommand> {
  constructor(private readonly commands: CommandHandler) {}

  execute(message: RecordNotSamePersonCommand) {
    return onPair(this.commands, message, 'RecordNotSamePerson', bothWays('RecordNotSamePerson'));
  }
}

/** The client in the path goes into the one in the body, which stays and stands for both. */
@Handles(MergeClientCommand)
class MergeClientHandler implements ICommandHandler<MergeClientCommand> {
  constructor(private readonly commands: CommandHandler) {}

  async execute(message: MergeClientCommand) {
    const { clientId, otherClientId } = await onPair(
      this.commands,
      message,
      'MergeClient',
      async (unit, gone, into) => {
        const { state: survivor } = await unit.load(clientStream, into);
        if (survivor.mergedInto) {
          throw RuleViolation.because(
            'client_merged_elsewhere',
            `That client was merged into ${survivor.mergedInto}; merge into that one`,
          );
        }
        await unit.decide(clientStream, gone, {
          type: 'MergeInto',
          data: { clientId: gone, intoClientId: into },
        });
        await unit.decide(clientStream, into, {
          type: 'ConfirmSamePerson',
          data: { clientId: into, otherClientId: gone },
        });
      },
    );
    return { clientId, intoClientId: otherClientId };
  }
}

export const SAME_PERSON_HANDLERS = [
  ConfirmSamePersonHandler,
  RecordNotSamePersonHandler,
  MergeClientHandler,
];
