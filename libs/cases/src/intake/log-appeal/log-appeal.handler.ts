import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventStore } from '@huquq/event-store';
import { AppConfig, deterministicUuid } from '@huquq/platform';
import { caseStreamId } from '../../domain/case.events';
import { ReadYourWrites } from '../../shared/read-your-writes';
import { requestFingerprint } from '../../shared/request-fingerprint';
import { AppealIntake, LoggedAppeal } from '../appeal-intake';
import { LogAppealCommand } from './log-appeal.command';

@CommandHandler(LogAppealCommand)
export class LogAppealHandler implements ICommandHandler<LogAppealCommand, LoggedAppeal> {
  constructor(
    private readonly intake: AppealIntake,
    private readonly store: EventStore,
    private readonly readModels: ReadYourWrites,
    private readonly config: AppConfig,
  ) {}

  async execute({ context, request, idempotencyKey }: LogAppealCommand): Promise<LoggedAppeal> {
    const { orgId } = context.actor;
    const fingerprint = idempotencyKey
      ? requestFingerprint(this.config.BLIND_INDEX_KEY!, request)
      : undefined;
    const caseId = idempotencyKey ? deterministicUuid(orgId, 'appeal', idempotencyKey) : randomUUID();
    if (fingerprint) {
      const earlier = await AppealIntake.replay(this.store, caseStreamId(caseId), fingerprint);
      if (earlier) return AppealIntake.answerFrom(earlier);
    }
    const newClientId = idempotencyKey ? deterministicUuid(orgId, 'client', idempotencyKey) : randomUUID();
    const { appends, answers } = await this.intake.prepare(
      context,
      [{ ...request, caseId, newClientId }],
      new Date(),
      fingerprint ? { requestFingerprint: fingerprint } : {},
    );
    const results = await this.store.appendMany(appends);
    if (results.every((r) => r.alreadyStored)) {
      // A twin request with the same key won the race: answer as it did.
      const earlier = await AppealIntake.replay(this.store, caseStreamId(caseId), fingerprint!);
      return AppealIntake.answerFrom(earlier!);
    }
    await this.readModels.waitFor(...results.map((r) => r.lastPosition));
    return answers[0];
  }
}
