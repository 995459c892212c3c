import { AppealType, Channel } from '@huquq/shared-kernel';

/** One raid or event that touched many people: each person gets a case of their own. */
export interface IncidentReported {
  type: 'incident-reported';
  data: {
    incidentId: string;
    kind: string;
    appealType: AppealType;
    channel: Channel;
    occurredAt: string | null;
    /** A code of the fixed list; what did not map to one is in regionText, sealed. */
    region: string | null;
    regionText?: string | null;
    city: string | null;
    location: string | null;
    description: string;
    caseIds: string[];
    reportedAt: string;
  };
}
