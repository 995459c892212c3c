import { CommandHandler as Handles, ICommandHandler } from '@nestjs/cqrs';
import { CommandHandler } from '@huquq/event-store';
import { SubjectKeyStore } from '@huquq/privacy';
import { deterministicUuid, requireId } from '@huquq/shared-kernel';
import type { WriteUnit } from '@huquq/event-store';
import { clientStream } from '../../streams';
import { ErasePersonalDataCommand } from './erase-personal-data.command';

/**
 * Crypto-shredding: the person's data key is destroyed, so every sealed value of theirs — in
 * events, views, backups — is unreadable for good. The events stay, and so does the hash chain;
 * an event records that it happened, with nothing personal in it. Erasing twice is harmless.
 *
 * A person may have been logged as several clients, confirmed to be one (or merged): erasing
 * any of them erases every one, each client's own key destroyed.
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
        const now = new Date().toISOString();
        for (const clientId of await samePerson(unit, id)) {
          await unit.decide(
            clientStream,
            clientId,
            { type: 'ErasePersonalData', data: { clientId, now } },
            { eventId: (event) => deterministicUuid(clientId, event.type) },
          );
          // Even when the event was recorded before: a key left behind by a failed try goes now.
          await this.keys.destroy({ orgId: context.orgId, subjectId: clientId });
        }
        return null;
      },
      { idempotency: { key: idempotencyKey, request: { command: 'ErasePersonalData', clientId: id } } },
    );
  }
}

/** This client and every client confirmed to be the same person, through each one's own stream. */
async function samePerson(unit: WriteUnit, clientId: string): Promise<string[]> {
  const found = [clientId];
  for (let i = 0; i < found.length; i++) {
    const { state } = await unit.load(clientStream, found[i]);
    for (const other of state.samePersonAs) if (!found.includes(other)) found.push(other);
  }
  return found;
}
