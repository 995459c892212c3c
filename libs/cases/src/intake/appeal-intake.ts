import { Injectable } from '@nestjs/common';
import type { WriteUnit } from '@huquq/event-store';
import {
  AppealType,
  Channel,
  deterministicUuid,
  NotFound,
  personIn,
  resolveRegion,
  RuleViolation,
  Urgency,
  ValidationFailed,
} from '@huquq/shared-kernel';
import { BlindIndexes } from '../clients/blind-indexes';
import { ClientDirectory } from '../clients/client-directory';
import { caseStream, clientStream, incidentStream } from '../streams';
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

/** The region as a code of the fixed list, and whatever of the caller's words did not map to one. */
export function regionOf(incident: { region?: string | null }): {
  region: string | null;
  regionText: string | null;
} {
  const { code, remainder } = resolveRegion(incident.region);
  return { region: code, regionText: remainder };
}

/**
 * Decides, inside the command's unit, the events that record appeals: the client's stream for a
 * new person, the case's stream for the appeal. Event ids derive from the case and client ids,
 * so a retry that derived the same ids appends nothing new. Nothing is sealed here: the write
 * path seals what the events declare.
 */
@Injectable()
export class AppealIntake {
  constructor(
    private readonly clients: ClientDirectory,
    private readonly blindIndexes: BlindIndexes,
  ) {}

  async decide(
    unit: WriteUnit,
    appeals: PersonAppeal[],
    numbers: string[],
    now: Date,
  ): Promise<LoggedAppeal[]> {
    const actor = personIn(unit.context);
    const answers: LoggedAppeal[] = [];
    for (const [i, appeal] of appeals.entries()) {
      await this.requireIncident(unit, appeal.incidentId);
      const person = await this.resolveClient(unit, appeal);
      const possibleDuplicates = await this.clients.openCasesMatching(
        unit.sql,
        unit.context.orgId,
        person.probeKeys,
        person.existingClientId,
      );
      const { version } = await unit.decide(
        caseStream,
        appeal.caseId,
        {
          type: 'LogAppeal',
          data: {
            actor,
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
              ...regionOf(appeal.incident),
              city: appeal.incident.city ?? null,
              location: appeal.incident.location ?? null,
              description: appeal.incident.description,
            },
            decisionReceivedAt: appeal.decisionReceivedAt ?? null,
            incidentId: appeal.incidentId ?? null,
            possibleDuplicates,
          },
        },
        // A fresh id (or derived from an Idempotency-Key, whose repeat found no answer): not read.
        { eventId: (event) => deterministicUuid(appeal.caseId, event.type), isNew: true },
      );
      answers.push({
        caseId: appeal.caseId,
        caseNumber: numbers[i],
        clientId: person.clientId,
        status: 'new',
        version,
        possibleDuplicates,
      });
    }
    return answers;
  }

  /**
   * An appeal may join an incident of the caller's organization only: another organization's
   * incident answers like an unknown one. A raid's own people are decided in the same unit,
   * after the incident, so it is found there.
   */
  private async requireIncident(unit: WriteUnit, incidentId: string | null | undefined): Promise<void> {
    if (!incidentId) return;
    const { state } = await unit.load(incidentStream, incidentId);
    if (!state.exists) throw new NotFound('incident');
  }

  /** A client merged into another is logged under the one that stayed. */
  private async survivorOf(unit: WriteUnit, clientId: string) {
    let loaded = await unit.load(clientStream, clientId);
    for (let hops = 0; loaded.state.mergedInto && hops < 16; hops++) {
      clientId = loaded.state.mergedInto;
      loaded = await unit.load(clientStream, clientId);
    }
    return { clientId, state: loaded.state };
  }

  private async resolveClient(unit: WriteUnit, appeal: PersonAppeal) {
    if (appeal.client && appeal.clientId) {
      throw new ValidationFailed('Send either client or clientId, not both', [
        { field: 'clientId', problem: 'send either client or clientId, not both' },
      ]);
    }
    if (appeal.clientId) {
      const { clientId, state: known } = await this.survivorOf(unit, appeal.clientId);
      if (!known.exists) throw new NotFound('client');
      if (known.erased) {
        throw RuleViolation.because(
          'client_erased',
          "This person's data was erased; log them as a new client instead",
        );
      }
      return {
        clientId,
        existingClientId: clientId,
        nationality: known.nationality,
        language: known.language,
        probeKeys: [] as string[],
      };
    }
    const client = appeal.client as ClientRequest;
    // Stored keys and probe keys differ: a probe says what is unknown of this person (no date of
    // birth, no patronymic) so that it meets both those who have it and those who do not.
    const blindIndex = this.blindIndexes.for(unit.context.orgId);
    const matchKeys = blindIndex.keysFor(client);
    const { state } = await unit.decide(
      clientStream,
      appeal.newClientId,
      {
        type: 'RegisterClient',
        data: {
          clientId: appeal.newClientId,
          personal: {
            fullName: client.fullName,
            phone: client.phone ?? null,
            passportNumber: client.passportNumber ?? null,
            dateOfBirth: client.dateOfBirth ?? null,
          },
          nationality: client.nationality,
          language: client.language ?? null,
          matchKeys,
        },
      },
      { eventId: (event) => deterministicUuid(appeal.newClientId, event.type), isNew: true },
    );
    return {
      clientId: appeal.newClientId,
      existingClientId: null,
      nationality: state.nationality,
      language: state.language,
      probeKeys: blindIndex.probesFor(client),
    };
  }
}
