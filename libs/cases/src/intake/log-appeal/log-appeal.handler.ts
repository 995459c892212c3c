import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventStore } from '@huquq/event-store';
import { AppConfig, deterministicUuid, TenantDatabase } from '@huquq/platform';
import { caseStreamId } from '../../domain/case.events';
import { ReadYourWrites, writtenEvents } from '../../shared/read-your-writes';
import { requestFingerprint } from '@huquq/event-store';
import { AppealIntake, LoggedAppeal } from '../appeal-intake';
import { CaseNumbers } from '../case-numbers';
import { LogAppealCommand } from './log-appeal.command';

@CommandHandler(LogAppealCommand)
export class LogAppealHandler implements ICommandHandler<LogAppealCommand, LoggedAppeal> {
  constructor(
    private readonly intake: AppealIntake,
    private readonly caseNumbers: CaseNumbers,
    private readonly store: EventStore,
    private readonly db: TenantDatabase,
    private readonly readModels: ReadYourWrites,
    private readonly config: AppConfig,
  ) {}

  async execute({ context, request, idempotencyKey }: LogAppealCommand): Promise<LoggedAppeal> {
    const { orgId } = context.actor;
    const fingerprint = idempotencyKey
      ? requestFingerprint(this.config.BLIND_INDEX_KEY!, request)
      : undefined;
    const caseId = idempotencyKey ? deterministicUuid(orgId, 'appeal', idempotencyKey) : randomUUID();
    const streamId = caseStreamId(caseId);
    const replay = (sql: Parameters<typeof AppealIntake.replay>[0]) =>
      AppealIntake.replay(sql, this.store, streamId, fingerprint!);

    if (fingerprint) {
      const earlier = await this.db.transaction(orgId, replay);
      if (earlier) return AppealIntake.answerFrom(earlier);
    }
    const now = new Date();
    const numbers = await this.caseNumbers.allocate(orgId, 1, now);
    const newClientId = idempotencyKey ? deterministicUuid(orgId, 'client', idempotencyKey) : randomUUID();
    const extra = fingerprint ? { requestFingerprint: fingerprint } : {};

    const { answer, written } = await this.db.transaction(orgId, async (sql) => {
      const { appends, answers } = await this.intake.prepare(
        sql,
        context,
        [{ ...request, caseId, newClientId }],
        numbers,
        now,
        extra,
      );
      const results = await this.store.appendMany(appends, { sql });
      if (results.every((r) => r.alreadyStored)) {
        // A twin request with the same key won the race: answer as it did.
        return { answer: AppealIntake.answerFrom((await replay(sql))!), written: [] };
      }
      return { answer: answers[0], written: writtenEvents(appends, results) };
    });
    await this.readModels.waitForEvents(...written);
    return answer;
  }
}
