import { CommandHandler as Handles, ICommandHandler } from '@nestjs/cqrs';
import { CommandHandler } from '@huquq/event-store';
import { SubjectKeyStore } from '@huquq/privacy';
import { deterministicUuid, requireId } from '@huquq/shared-kernel';
import { clientStream } from '../../streams';
import { ErasePersonalDataCommand } from './erase-personal-data.command';

/**
 * Crypto-shredding: the person's data key is destroyed, so every sealed value of theirs — in
 * events, views, backups — is unreadable for good. The events stay, and so does the hash chain;
 * an event records that it happened, with nothing personal in it. Erasing twice is harmless.
 */
@Handles(ErasePersonalDataCommand)
export class ErasePersonalDataHandler implements ICommandHandler<ErasePersonalDataCommand> {
  constructor(
    private readonly commands: CommandHandler,
    private readonly keys: SubjectKeyStore,
  ) {}

  async execute({ context, clientId, idempotencyKey }: ErasePersonalDataCommand): Promise<void> {
    const id = requireId(clientId, 'client');
    await this.commands.execute(
      context,
      async (unit) => {
        await unit.decide(
          clientStream,
          id,
          { type: 'ErasePersonalData', data: { clientId: id, now: new Date().toISOString() } },
          { eventId: (event) => deterministicUuid(id, event.type) },
        );
        // Even when the event was recorded before: a key left behind by a failed try goes now.
        await this.keys.destroy({ orgId: context.orgId, subjectId: id });
        return null;
      },
      { idempotency: { key: idempotencyKey, request: { command: 'ErasePersonalData', clientId: id } } },
    );
  }
}
