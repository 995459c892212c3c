import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventStore } from '@huquq/event-store';
import { deterministicUuid, NotFound, TenantDatabase } from '@huquq/platform';
import { SubjectKeyStore } from '@huquq/privacy';
import { metadataFor } from '../../shared/command-context';
import { requireId } from '@huquq/shared-kernel';
import { ReadYourWrites } from '../../shared/read-your-writes';
import { ClientPersonalDataErased, clientStreamId } from '../client.events';
import { ErasePersonalDataCommand } from './erase-personal-data.command';

/**
 * Crypto-shredding: the person's data key is destroyed, so every sealed value of theirs — in
 * events, views, backups — is unreadable for good. The events stay, and so does the hash chain;
 * an event records that it happened, with nothing personal in it. Erasing twice is harmless.
 */
@CommandHandler(ErasePersonalDataCommand)
export class ErasePersonalDataHandler implements ICommandHandler<ErasePersonalDataCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly db: TenantDatabase,
    private readonly keys: SubjectKeyStore,
    private readonly readModels: ReadYourWrites,
  ) {}

  async execute({ context, clientId }: ErasePersonalDataCommand): Promise<void> {
    const id = requireId(clientId, 'client');
    const { orgId } = context.actor;
    const streamId = clientStreamId(id);
    const result = await this.db.transaction(orgId, async (sql) => {
      const [registered] = await this.store.readStream(streamId, { sql });
      if (!registered || registered.orgId !== orgId) throw new NotFound('client');
      await this.keys.destroy({ orgId, subjectId: id });
      const erased: ClientPersonalDataErased['data'] = { clientId: id, erasedAt: new Date().toISOString() };
      const event = {
        eventId: deterministicUuid(id, 'client-personal-data-erased'),
        type: 'client-personal-data-erased',
        data: erased,
        metadata: metadataFor(context),
      };
      return this.store.append(streamId, 'any', [event], { orgId, sql });
    });
    await this.readModels.waitFor(result.lastPosition);
  }
}
