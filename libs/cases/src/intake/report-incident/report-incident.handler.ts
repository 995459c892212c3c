import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventStore } from '@huquq/event-store';
import { AppConfig, deterministicUuid } from '@huquq/platform';
import { IncidentReported, incidentStreamId } from '../../incidents/incident.events';
import { metadataFor } from '../../shared/command-context';
import { ReadYourWrites } from '../../shared/read-your-writes';
import { requestFingerprint } from '../../shared/request-fingerprint';
import { AppealIntake } from '../appeal-intake';
import { ReportIncidentCommand } from './report-incident.command';

export interface ReportedIncident {
  incidentId: string;
  caseIds: string[];
}

/** All the people of one raid in one append: every case is created, or none. */
@CommandHandler(ReportIncidentCommand)
export class ReportIncidentHandler implements ICommandHandler<ReportIncidentCommand, ReportedIncident> {
  constructor(
    private readonly intake: AppealIntake,
    private readonly store: EventStore,
    private readonly readModels: ReadYourWrites,
    private readonly config: AppConfig,
  ) {}

  async execute({ context, request, idempotencyKey }: ReportIncidentCommand): Promise<ReportedIncident> {
    const { orgId } = context.actor;
    const fingerprint = idempotencyKey
      ? requestFingerprint(this.config.BLIND_INDEX_KEY!, request)
      : undefined;
    const incidentId = idempotencyKey ? deterministicUuid(orgId, 'incident', idempotencyKey) : randomUUID();
    if (fingerprint) {
      const earlier = await AppealIntake.replay(this.store, incidentStreamId(incidentId), fingerprint);
      if (earlier) return this.answerFrom(earlier.data as IncidentReported['data']);
    }
    const now = new Date();
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
    const extra = fingerprint ? { requestFingerprint: fingerprint } : {};
    const { appends, answers } = await this.intake.prepare(context, appeals, now, extra);
    const reported: IncidentReported['data'] = {
      incidentId,
      kind: request.kind,
      appealType: request.appealType,
      channel: request.channel,
      ...incident,
      caseIds: answers.map((a) => a.caseId),
      reportedAt: now.toISOString(),
    };
    const metadata = metadataFor(context, extra);
    const results = await this.store.appendMany([
      {
        streamId: incidentStreamId(incidentId),
        expectedVersion: 0,
        orgId,
        events: [
          {
            eventId: deterministicUuid(incidentId, 'incident-reported'),
            type: 'incident-reported',
            data: reported,
            metadata,
          },
        ],
      },
      ...appends,
    ]);
    if (!results.every((r) => r.alreadyStored)) {
      await this.readModels.waitFor(...results.map((r) => r.lastPosition));
    }
    return this.answerFrom(reported);
  }

  private answerFrom(data: IncidentReported['data']): ReportedIncident {
    return { incidentId: data.incidentId, caseIds: data.caseIds };
  }
}
