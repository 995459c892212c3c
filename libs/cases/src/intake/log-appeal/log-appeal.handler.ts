import { randomUUID } from 'node:crypto';
import { CommandHandler as Handles, ICommandHandler } from '@nestjs/cqrs';
import { CommandHandler } from '@huquq/event-store';
import { deterministicUuid } from '@huquq/shared-kernel';
import { AppealIntake, LoggedAppeal } from '../appeal-intake';
import { CaseNumbers } from '../case-numbers';
import { LogAppealCommand } from './log-appeal.command';

@Handles(LogAppealCommand)
export class LogAppealHandler implements ICommandHandler<LogAppealCommand, LoggedAppeal> {
  constructor(
    private readonly intake: AppealIntake,
    private readonly caseNumbers: CaseNumbers,
    private readonly commands: CommandHandler,
  ) {}

  async execute({ context, request, idempotencyKey }: LogAppealCommand): Promise<LoggedAppeal> {
    const { orgId } = context;
    // Derived from the key: even a retry that misses the remembered answer opens no second case.
    const caseId = idempotencyKey ? deterministicUuid(orgId, 'appeal', idempotencyKey) : randomUUID();
    const newClientId = idempotencyKey ? deterministicUuid(orgId, 'client', idempotencyKey) : randomUUID();
    const now = new Date();
    return this.commands.execute(
      context,
      async (unit, numbers) => {
        const [answer] = await this.intake.decide(unit, [{ ...request, caseId, newClientId }], numbers, now);
        return answer;
      },
      {
        idempotency: { key: idempotencyKey, request: { command: 'LogAppeal', body: request } },
        // In a short transaction of its own (see CaseNumbers), never reused; a retry that finds
        // the first answer takes none.
        prepare: () => this.caseNumbers.allocate(orgId, 1, now),
        // Appeals arriving together are written in one transaction (decision 0140).
        together: true,
      },
    );
  }
}
