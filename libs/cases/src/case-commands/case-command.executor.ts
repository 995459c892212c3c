import { Injectable } from '@nestjs/common';
import { EventStore } from '@huquq/event-store';
import { TenantDatabase, VersionConflict } from '@huquq/platform';
import { CaseCommand } from '../domain/case.commands';
import { CaseNotFound, decide, foldCase } from '../domain/case.decider';
import { CaseEvent, caseStreamId } from '../domain/case.events';
import { CommandContext, metadataFor } from '../shared/command-context';
import { requireId } from '@huquq/shared-kernel';
import { ReadYourWrites, writtenEvents } from '../shared/read-your-writes';

type CommandBody<C extends CaseCommand> = Omit<C['data'], 'actor' | 'now'>;

/** What a command may need to know of its case before it is decided (whose key seals a note). */
export interface CaseFacts {
  orgId: string;
  clientId: string;
}

/**
 * Every case command goes the same way: load the stream, check the caller's version, decide,
 * append at the version decided on, and answer once the views show it.
 */
@Injectable()
export class CaseCommandExecutor {
  constructor(
    private readonly store: EventStore,
    private readonly db: TenantDatabase,
    private readonly readModels: ReadYourWrites,
  ) {}

  async execute<C extends CaseCommand>(
    context: CommandContext,
    caseId: string,
    type: C['type'],
    body: CommandBody<C> | ((facts: CaseFacts) => Promise<CommandBody<C>>),
    expectedVersion?: number,
  ): Promise<{ version: number }> {
    const streamId = caseStreamId(requireId(caseId, 'case'));
    const { orgId } = context.actor;
    const result = await this.db.transaction(orgId, async (sql) => {
      const stored = await this.store.readStream(streamId, { sql });
      // Another organization's case answers exactly like a case that does not exist.
      if (!stored.length || stored[0].orgId !== orgId) throw new CaseNotFound();
      const state = foldCase(stored.map((e) => ({ type: e.type, data: e.data }) as CaseEvent));
      if (expectedVersion !== undefined && expectedVersion !== state.version) {
        throw new VersionConflict(streamId, expectedVersion, state.version);
      }
      const facts = { orgId, clientId: (stored[0].data as { clientId: string }).clientId };
      const data = typeof body === 'function' ? await body(facts) : body;
      const command = { type, data: { ...data, actor: context.actor, now: new Date().toISOString() } } as CaseCommand;
      const events = decide(command, state);
      if (!events.length) return { nextVersion: state.version, written: [] };
      const metadata = metadataFor(context);
      const newEvents = events.map((e) => ({ type: e.type, data: e.data, metadata }));
      const appended = await this.store.append(streamId, state.version, newEvents, { orgId, sql });
      return { nextVersion: appended.nextVersion, written: writtenEvents([{ events: newEvents }], [appended]) };
    });
    await this.readModels.waitForEvents(...result.written);
    return { version: result.nextVersion };
  }
}
