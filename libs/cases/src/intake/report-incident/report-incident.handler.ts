import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventStore } from '@huquq/event-store';
import { AppConfig, deterministicUuid, TenantDatabase } from '@huquq/platform';
import { IncidentReported, incidentStreamId } from '../../incidents/incident.events';
import { metadataFor } from '../../shared/command-context';
import { PersonalFields } from '../../shared/personal-fields';
import { ReadYourWrites, writtenEvents } from '../../shared/read-your-writes';
import { requestFingerprint } from '@huquq/event-store';
import { AppealIntake } from '../appeal-intake';
import { CaseNumbers } from '../case-numbers';
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
    private readonly personal: PersonalFields,
    private readonly caseNumbers: CaseNumbers,
    private readonly store: EventStore,
    private readonly db: TenantDatabase,
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
      const earlier = await this.db.transaction(orgId, (sql) =>
        AppealIntake.replay(sql, this.store, incidentStreamId(incidentId), fingerprint),
      );
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
    const numbers = await this.caseNumbers.allocate(orgId, appeals.length, now);
    const metadata = metadataFor(context, extra);
    const { reported, written } = await this.db.transaction(orgId, async (sql) => {
      const { appends, answers } = await this.intake.prepare(sql, context, appeals, numbers, now, extra);
      const reported: IncidentReported['data'] = {
        incidentId,
        kind: request.kind,
        appealType: request.appealType,
        channel: request.channel,
        ...incident,
        // The raid's own account has a key of its own: erasing one person leaves it readable.
        description: (await this.personal.seal({ orgId, subjectId: incidentId }, 'incident.description', incident.description))!,
        caseIds: answers.map((a) => a.caseId),
        reportedAt: now.toISOString(),
      };
      const incidentEvent = {
        eventId: deterministicUuid(incidentId, 'incident-reported'),
        type: 'incident-reported',
        data: reported,
        metadata,
      };
      const all = [
        { streamId: incidentStreamId(incidentId), expectedVersion: 0, orgId, events: [incidentEvent] },
        ...appends,
      ];
      const results = await this.store.appendMany(all, { sql });
      const fresh = !results.every((r) => r.alreadyStored);
      return { reported, written: fresh ? writtenEvents(all, results) : [] };
    });
    await this.readModels.waitForEvents(...written);
    return this.answerFrom(reported);
  }

  private answerFrom(data: IncidentReported['data']): ReportedIncident {
    return { incidentId: data.incidentId, caseIds: data.caseIds };
  }
}
