import { randomUUID } from 'node:crypto';
import { CommandHandler as Handles, ICommandHandler } from '@nestjs/cqrs';
import { CommandHandler } from '@huquq/event-store';
import { deterministicUuid } from '@huquq/shared-kernel';
import { incidentStream } from '../../streams';
import { AppealIntake, regionOf } from '../appeal-intake';
import { CaseNumbers } from '../case-numbers';
import { ReportIncidentCommand } from './report-incident.command';

export interface ReportedIncident {
  incidentId: string;
  caseIds: string[];
}

/** All the people of one raid in one append: every case is created, or none. */
@Handles(ReportIncidentCommand)
export class ReportIncidentHandler implements ICommandHandler<ReportIncidentCommand, ReportedIncident> {
  constructor(
    private readonly intake: AppealIntake,
    private readonly caseNumbers: CaseNumbers,
    private readonly commands: CommandHandler,
  ) {}

  async execute({ context, request, idempotencyKey }: ReportIncidentCommand): Promise<ReportedIncident> {
    const { orgId } = context;
    const incidentId = idempotencyKey ? deterministicUuid(orgId, 'incident', idempotencyKey) : randomUUID();
    const incident = {
      occurredAt: request.occurredAt ?? null,
      region: request.region ?? null,
      city: request.city ?? null,
      location: request.location ?? null,
      description: request.description,
    };
    const appeals = request.people.map((client, i) => ({
      caseId: deterministicUuid(incidentId, 'case', String(i)),
      newClientId: deterministicUuid(incidentId, 'client', String(i)),
      client,
      appealType: request.appealType,
      channel: request.channel,
      urgency: request.urgency,
      receivedAt: request.receivedAt,
      incident,
      incidentId,
    }));
    const now = new Date();
    return this.commands.execute(
      context,
      async (unit, numbers) => {
        await unit.decide(
          incidentStream,
          incidentId,
          {
            type: 'ReportIncident',
            data: {
              incidentId,
              kind: request.kind,
              appealType: request.appealType,
              channel: request.channel,
              ...incident,
              ...regionOf(incident),
              caseIds: appeals.map((appeal) => appeal.caseId),
              reportedAt: now.toISOString(),
            },
          },
          { eventId: (event) => deterministicUuid(incidentId, event.type), isNew: true },
        );
        const answers = await this.intake.decide(unit, appeals, numbers, now);
        return { incidentId, caseIds: answers.map((answer) => answer.caseId) };
      },
      {
        idempotency: { key: idempotencyKey, request: { command: 'ReportIncident', body: request } },
        prepare: () => this.caseNumbers.allocate(orgId, appeals.length, now),
      },
    );
  }
}
