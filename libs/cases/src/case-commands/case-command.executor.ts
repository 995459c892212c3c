import { Injectable } from '@nestjs/common';
import { EventStore } from '@huquq/event-store';
import { VersionConflict } from '@huquq/platform';
import { CaseCommand } from '../domain/case.commands';
import { CaseNotFound, decide, foldCase } from '../domain/case.decider';
import { CaseEvent, caseStreamId } from '../domain/case.events';
import { CommandContext, metadataFor } from '../shared/command-context';
import { requireId } from '../shared/ids';
import { ReadYourWrites } from '../shared/read-your-writes';

type CommandBody<C extends CaseCommand> = Omit<C['data'], 'actor' | 'now'>;

/**
 * Every case command goes the same way: load the stream, check the caller's version, decide,
 * append at the version decided on, and answer once the views show it.
 */
@Injectable()
export class CaseCommandExecutor {
  constructor(
    private readonly store: EventStore,
    private readonly readModels: ReadYourWrites,
  ) {}

  async execute<C extends CaseCommand>(
    context: CommandContext,
    caseId: string,
    type: C['type'],
    body: CommandBody<C>,
    expectedVersion?: number,
  ): Promise<{ version: number }> {
    const streamId = caseStreamId(requireId(caseId, 'case'));
    const stored = await this.store.readStream(streamId);
    // Another organization's case answers exactly like a case that does not exist.
    if (!stored.length || stored[0].orgId !== context.actor.orgId) throw new CaseNotFound();
    const state = foldCase(stored.map((e) => ({ type: e.type, data: e.data }) as CaseEvent));
    if (expectedVersion !== undefined && expectedVersion !== state.version) {
      throw new VersionConflict(streamId, expectedVersion, state.version);
    }
    const command = {
      type,
      data: { ...body, actor: context.actor, now: new Date().toISOString() },
    } as CaseCommand;
    const events = decide(command, state);
    if (!events.length) return { version: state.version };
    const metadata = metadataFor(context);
    const result = await this.store.append(
      streamId,
      state.version,
      events.map((e) => ({ type: e.type, data: e.data, metadata })),
      { orgId: context.actor.orgId },
    );
    await this.readModels.waitFor(result.lastPosition);
    return { version: result.nextVersion };
  }
}
