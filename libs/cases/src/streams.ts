import type { StreamType } from '@huquq/event-store';
import { NotFound } from '@huquq/shared-kernel';
import { CaseCommand } from './domain/case.commands';
import { caseDecider, CaseNotFound, caseSealedFields, CaseState } from './domain/case.decider';
import { CaseEvent } from './domain/case.events';
import { ClientCommand, clientDecider, clientSealedFields, ClientState } from './domain/client.decider';
import { ClientEvent } from './domain/client.events';
import {
  incidentDecider,
  incidentSealedFields,
  IncidentState,
  ReportIncident,
} from './domain/incident.decider';
import { IncidentReported } from './domain/incident.events';

/** The streams cases write, as the one write path needs them: `case-<id>`, `client-<id>`, `incident-<id>`. */
export const caseStream: StreamType<CaseCommand, CaseEvent, CaseState> = {
  name: 'case',
  decider: caseDecider,
  sealed: caseSealedFields,
  notFound: () => new CaseNotFound(),
};

export const clientStream: StreamType<ClientCommand, ClientEvent, ClientState> = {
  name: 'client',
  decider: clientDecider,
  sealed: clientSealedFields,
  notFound: () => new NotFound('client'),
};

export const incidentStream: StreamType<ReportIncident, IncidentReported, IncidentState> = {
  name: 'incident',
  decider: incidentDecider,
  sealed: incidentSealedFields,
  notFound: () => new NotFound('incident'),
};
