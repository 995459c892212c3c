import { deciderSpec } from '@huquq/shared-kernel/testing/decider-spec';
import { incidentDecider, incidentSealedFields, ReportIncident } from './incident.decider';
import { IncidentReported } from './incident.events';

const INCIDENT = '5a1c9d3e-0000-4000-8000-000000000001';
const spec = deciderSpec(incidentDecider);

const report: ReportIncident = {
  type: 'ReportIncident',
  data: {
    incidentId: INCIDENT,
    kind: ' dormitory raid ',
    appealType: 'detention',
    channel: 'hotline',
    occurredAt: null,
    region: 'RU-MOS',
    regionText: null,
    city: '  ',
    location: ' dormitory ',
    description: ' Police came at night ',
    caseIds: ['c1', 'c2'],
    reportedAt: '2026-12-01T03:00:00.000Z',
  },
};

const reported: IncidentReported = {
  type: 'incident-reported',
  data: {
    ...report.data,
    kind: 'dormitory raid',
    city: null,
    location: 'dormitory',
    description: 'Police came at night',
    caseIds: ['c1', 'c2'],
  },
};

describe('the incident decider', () => {
  it('reports an incident with its people’s cases, free text trimmed and blanks as null', () => {
    spec().when(report).then([reported]);
  });

  it('records the same report once', () => {
    spec([reported]).when(report).thenNothingHappens();
  });

  it('seals the caller’s words — kind, place, description — under the incident’s own key', () => {
    expect(incidentSealedFields.fields['incident-reported']).toEqual({
      kind: 'incident.kind',
      description: 'incident.description',
      regionText: 'incident.region',
      city: 'incident.city',
      location: 'incident.location',
    });
    expect(incidentSealedFields.subjectOf(incidentDecider.initialState(), reported)).toBe(INCIDENT);
  });
});
