import { CommandHandler as Handles, ICommandHandler } from '@nestjs/cqrs';
import { CommandHandler, destroyRequestFingerprints } from '@huquq/event-store';
import type { WriteUnit } from '@huquq/event-store';
import { Database } from '@huquq/platform';
import { SubjectKeyStore } from '@huquq/privacy';
import { CommandContext, deterministicUuid, requireId } from '@huquq/shared-kernel';
import { DocumentStore } from '../../documents/document-store';
import { clientStream } from '../../streams';
import { ErasePersonalDataCommand } from './erase-personal-data.command';

/**
 * Crypto-shredding: the person's data key is destroyed in the keyring (and the erasure entered
 * in its ledger), so every sealed value of theirs — in events, views, backups of the main data —
 * is unreadable for good. The events stay, and so does the hash chain; an event records that it
 * happened, with nothing personal in it. The fingerprints of requests that carried their data
 * are destroyed too. Erasing twice is harmless; the erasure ledger (ErasureLedger) does it again
 * at start for anyone a restored backup brought back.
 *
 * Their documents' files are deleted too (decision 0100): unreadable already without the key,
 * they need not take up room or wait for a key that will never come back.
 *
 * A person may have been logged as several clients, confirmed to be one (or merged): erasing
 * any of them erases every one, each client's own key destroyed.
 */
export async function erasePersonalData(
  deps: { commands: CommandHandler; keys: SubjectKeyStore; db: Database; documents: DocumentStore },
  context: CommandContext,
  clientId: string,
  idempotencyKey?: string,
): Promise<void> {
  const erased = await deps.commands.execute(
    context,
    async (unit) => {
      const now = new Date().toISOString();
      const people = await samePerson(unit, clientId);
      for (const id of people) {
        await unit.decide(
          clientStream,
          id,
          { type: 'ErasePersonalData', data: { clientId: id, now } },
          { eventId: (event) => deterministicUuid(id, event.type) },
        );
        // Even when the event was recorded before: a key left behind by a failed try goes now.
        await deps.keys.destroy({ orgId: context.orgId, subjectId: id });
      }
      return { clientIds: people };
    },
    { idempotency: { key: idempotencyKey, request: { command: 'ErasePersonalData', clientId } } },
  );
  const people = erased?.clientIds ?? [clientId];
  await destroyRequestFingerprints(deps.db, people);
  await deps.documents.remove(await documentsOf(deps.db, context.orgId, people));
}

/** The documents attached to any case of these clients. */
async function documentsOf(db: Database, orgId: string, clientIds: string[]): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT h.data->>'documentId' AS id
       FROM case_history h JOIN case_views v ON v.case_id = h.case_id AND v.org_id = h.org_id
      WHERE h.org_id = $1 AND v.client_id = ANY($2::uuid[]) AND h.type = 'document-attached'`,
    [orgId, clientIds],
  );
  return rows.map((row) => row.id);
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

@Handles(ErasePersonalDataCommand)
export class ErasePersonalDataHandler implements ICommandHandler<ErasePersonalDataCommand> {
  constructor(
    private readonly commands: CommandHandler,
    private readonly keys: SubjectKeyStore,
    private readonly db: Database,
    private readonly documents: DocumentStore,
  ) {}

  async execute({ context, clientId, idempotencyKey }: ErasePersonalDataCommand): Promise<void> {
    await erasePersonalData(
      { commands: this.commands, keys: this.keys, db: this.db, documents: this.documents },
      context,
      requireId(clientId, 'client'),
      idempotencyKey,
    );
  }
}
