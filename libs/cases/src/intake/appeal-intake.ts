import { Injectable } from '@nestjs/common';
import { EventStore, StoredEvent } from '@huquq/event-store';
import { deterministicUuid, NotFound, RuleViolation, Sql, ValidationFailed } from '@huquq/platform';
import { BlindIndexes } from '../clients/blind-indexes';
import { ClientDirectory } from '../clients/client-directory';
import { ClientRegistered, clientStreamId } from '../clients/client.events';
import { decide, initialCaseState } from '../domain/case.decider';
import { AppealLogged, caseStreamId } from '../domain/case.events';
import { AppealType, Channel, Urgency } from '@huquq/shared-kernel';
import { CommandContext, metadataFor } from '../shared/command-context';
import { PersonalFields } from '../shared/personal-fields';
import { ClientRequest, IncidentRequest } from './appeal.request';

/** One person's appeal, whether logged alone or as one of many people of an incident. */
export interface PersonAppeal {
  caseId: string;
  newClientId: string;
  client?: ClientRequest;
  clientId?: string | null;
  appealType: AppealType;
  channel: Channel;
  urgency?: Urgency | null;
  receivedAt?: string | null;
  incident: IncidentRequest;
  decisionReceivedAt?: string | null;
  incidentId?: string | null;
}

export interface LoggedAppeal {
  caseId: string;
  caseNumber: string;
  clientId: string;
  status: 'new';
  version: number;
  possibleDuplicates: string[];
}

export interface StreamAppend {
  streamId: string;
  expectedVersion: number;
  orgId: string;
  events: { eventId: string; type: string; data: unknown; metadata: Record<string, unknown> }[];
}

/**
 * Turns appeals into the events that record them: the client's stream for a new person, the
 * case's stream for the appeal. Event ids derive from the case and client ids, so a retried
 * request that derived the same ids appends nothing new.
 */
@Injectable()
export class AppealIntake {
  constructor(
    private readonly clients: ClientDirectory,
    private readonly blindIndexes: BlindIndexes,
    private readonly personal: PersonalFields,
  ) {}

  /** Runs inside the caller's tenant transaction (`sql`); case numbers come allocated beforehand. */
  async prepare(
    sql: Sql,
    context: CommandContext,
    appeals: PersonAppeal[],
    numbers: string[],
    now: Date,
    extraMetadata: Record<string, unknown> = {},
  ): Promise<{ appends: StreamAppend[]; answers: LoggedAppeal[] }> {
    const { orgId } = context.actor;
    const metadata = metadataFor(context, extraMetadata);
    const appends: StreamAppend[] = [];
    const answers: LoggedAppeal[] = [];
    for (const [i, appeal] of appeals.entries()) {
      const person = await this.resolveClient(sql, orgId, appeal);
      if (person.registered) {
        appends.push({
          streamId: clientStreamId(person.clientId),
          expectedVersion: 0,
          orgId,
          events: [
            {
              eventId: deterministicUuid(person.clientId, 'client-registered'),
              type: 'client-registered',
              data: person.registered,
              metadata,
            },
          ],
        });
      }
      const possibleDuplicates = await this.clients.openCasesMatching(
        sql,
        orgId,
        person.matchKeys,
        person.existingClientId,
      );
      const events = decide(
        {
          type: 'LogAppeal',
          data: {
            actor: context.actor,
            now: now.toISOString(),
            caseId: appeal.caseId,
            caseNumber: numbers[i],
            clientId: person.clientId,
            appealType: appeal.appealType,
            channel: appeal.channel,
            urgency: appeal.urgency ?? undefined,
            receivedAt: appeal.receivedAt ?? now.toISOString(),
            nationality: person.nationality,
            language: person.language,
            incident: {
              occurredAt: appeal.incident.occurredAt ?? null,
              region: appeal.incident.region ?? null,
              city: appeal.incident.city ?? null,
              location: appeal.incident.location ?? null,
              // The person's own account: sealed under their key like the rest of their data.
              description: (await this.personal.seal(
                { orgId, subjectId: person.clientId },
                'incident.description',
                appeal.incident.description.trim(),
              ))!,
            },
            decisionReceivedAt: appeal.decisionReceivedAt ?? null,
            incidentId: appeal.incidentId ?? null,
            possibleDuplicates,
          },
        },
        initialCaseState(),
      );
      appends.push({
        streamId: caseStreamId(appeal.caseId),
        expectedVersion: 0,
        orgId,
        events: events.map((e) => ({
          eventId: deterministicUuid(appeal.caseId, e.type),
          type: e.type,
          data: e.data,
          metadata,
        })),
      });
      answers.push({
        caseId: appeal.caseId,
        caseNumber: numbers[i],
        clientId: person.clientId,
        status: 'new',
        version: events.length,
        possibleDuplicates,
      });
    }
    return { appends, answers };
  }

  /** The answer a repeat of an already logged appeal gets: the first answer, rebuilt from the log. */
  static answerFrom(event: StoredEvent): LoggedAppeal {
    const data = (event as StoredEvent<AppealLogged['data']>).data;
    return {
      caseId: data.caseId,
      caseNumber: data.caseNumber,
      clientId: data.clientId,
      status: 'new',
      version: 1,
      possibleDuplicates: data.possibleDuplicates,
    };
  }

  /** Reads back what an Idempotency-Key already produced; a different body with the same key is refused. */
  static async replay(
    sql: Sql,
    store: EventStore,
    streamId: string,
    fingerprint: string,
  ): Promise<StoredEvent | null> {
    const [first] = await store.readStream(streamId, { sql });
    if (!first) return null;
    if (first.metadata.requestFingerprint !== fingerprint) {
      throw new RuleViolation('This Idempotency-Key was already used with a different request body');
    }
    return first;
  }

  private async resolveClient(sql: Sql, orgId: string, appeal: PersonAppeal) {
    if (appeal.client && appeal.clientId) {
      throw new ValidationFailed('Send either client or clientId, not both', [
        { field: 'clientId', problem: 'send either client or clientId, not both' },
      ]);
    }
    if (appeal.clientId) {
      const known = await this.clients.find(sql, orgId, appeal.clientId);
      if (!known) throw new NotFound('client');
      if (known.erased) {
        throw new RuleViolation("This person's data was erased; log them as a new client instead");
      }
      return {
        clientId: appeal.clientId,
        existingClientId: appeal.clientId,
        nationality: known.nationality,
        language: known.language,
        matchKeys: [] as string[],
        registered: null,
      };
    }
    const client = appeal.client as ClientRequest;
    const matchKeys = this.blindIndexes.for(orgId).keysFor(client);
    const subject = { orgId, subjectId: appeal.newClientId };
    const registered: ClientRegistered['data'] = {
      clientId: appeal.newClientId,
      personal: await this.personal.sealPerson(subject, { ...client, fullName: client.fullName.trim() }),
      nationality: client.nationality.toUpperCase(),
      language: client.language ?? null,
      matchKeys: (await this.personal.seal(subject, 'matchKeys', JSON.stringify(matchKeys)))!,
    };
    return {
      clientId: appeal.newClientId,
      existingClientId: null,
      nationality: registered.nationality,
      language: registered.language,
      matchKeys,
      registered,
    };
  }
}
