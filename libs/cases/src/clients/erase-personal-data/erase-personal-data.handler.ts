import { CommandHandler as Handles, ICommandHandler } from '@nestjs/cqrs';
import { CommandHandler, destroyRequestFingerprints } from '@huquq/event-store';
import { Database } from '@huquq/platform';
import { SubjectKeyStore } from '@huquq/privacy';
import { CommandContext, deterministicUuid, requireId } from '@huquq/shared-kernel';
import { clientStream } from '../../streams';
import { ErasePersonalDataCommand } from './erase-personal-data.command';

/**
 * Crypto-shredding: the person's data key is destroyed in the keyring (and the erasure entered
 * in its ledger), so every sealed value of theirs — in events, views, backups of the main data —
 * is unreadable for good. The events stay, and so does the hash chain; an event records that it
 * happened, with nothing personal in it. The fingerprints of requests that carried their data
 * are destroyed too. Erasing twice is harmless; the erasure ledger (ErasureLedger) does it again
 * at start for anyone a restored backup brought back.
 */
export async function erasePersonalData(
  deps: { commands: CommandHandler; keys: SubjectKeyStore; db: Database },
  context: CommandContext,
  clientId: string,
  idempotencyKey?: string,
): Promise<void> {
  await deps.commands.execute(
    context,
    async (unit) => {
      await unit.decide(
        clientStream,
        clientId,
        { type: 'ErasePersonalData', data: { clientId, now: new Date().toISOString() } },
        { eventId: (event) => deterministicUuid(clientId, event.type) },
      );
      // Even when the event was recorded before: a key left behind by a failed try goes now.
      await deps.keys.destroy({ orgId: context.orgId, subjectId: clientId });
      return null;
    },
    { idempotency: { key: idempotencyKey, request: { command: 'ErasePersonalData', clientId } } },
  );
  await destroyRequestFingerprints(deps.db, [clientId]);
}

@Handles(ErasePersonalDataCommand)
export class ErasePersonalDataHandler implements ICommandHandler<ErasePersonalDataCommand> {
  constructor(
    private readonly commands: CommandHandler,
    private readonly keys: SubjectKeyStore,
    private readonly db: Database,
  ) {}

  async execute({ context, clientId, idempotencyKey }: ErasePersonalDataCommand): Promise<void> {
    await erasePersonalData(
      { commands: this.commands, keys: this.keys, db: this.db },
      context,
      requireId(clientId, 'client'),
      idempotencyKey,
    );
  }
}
