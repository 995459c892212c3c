import { Decider, SealedFields } from '@huquq/shared-kernel';
import { IncidentReported } from './incident.events';

export interface IncidentState {
  exists: boolean;
  incidentId: string | null;
}

export type ReportIncident = {
  type: 'ReportIncident';
  data: Omit<IncidentReported['data'], 'caseIds'> & { caseIds: readonly string[] };
};

const blankToNull = (text: string | null | undefined): string | null => {
  const trimmed = text?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
};

/** One raid or event that touched many people; each person's case is logged beside it. */
export const incidentDecider: Decider<ReportIncident, IncidentReported, IncidentState> = {
  initialState: () => ({ exists: false, incidentId: null }),
  decide: ({ data }, state) => {
    if (state.exists) return []; // the same report again: recorded once
    return [
      {
        type: 'incident-reported',
        data: {
          incidentId: data.incidentId,
          kind: data.kind.trim(),
          appealType: data.appealType,
          channel: data.channel,
          occurredAt: data.occurredAt,
          region: data.region,
          regionText: data.regionText ?? null,
          city: blankToNull(data.city),
          location: blankToNull(data.location),
          description: data.description.trim(),
          caseIds: [...data.caseIds],
          reportedAt: data.reportedAt,
        },
      },
    ];
  },
  evolve: (state, event) => ({ ...state, exists: true, incidentId: event.data.incidentId }),
};

/**
 * The raid's own account has a key of its own: erasing one of its people leaves it readable.
 * Its kind is the caller's words, so it is sealed too.
 */
export const incidentSealedFields: SealedFields<IncidentState, IncidentReported> = {
  subjectOf: (_state, event) => event.data.incidentId,
  fields: {
    'incident-reported': {
      kind: 'incident.kind',
      description: 'incident.description',
      regionText: 'incident.region',
      city: 'incident.city',
      location: 'incident.location',
    },
  },
};
