import type { PersonalDataMarker } from '@huquq/follow-ups';
import type { CustodyView, HearingView } from './case-view.projection';

/** A row of case_views joined with its client, as the database gives it. */
export interface CaseRow {
  case_id: string;
  org_id: string;
  case_number: string;
  client_id: string;
  appeal_type: string;
  channel: string;
  urgency: string;
  status: string;
  assignee_id: string | null;
  /** The assignee's display name, joined from the users table. */
  assignee_name: string | null;
  nationality: string | null;
  language: string | null;
  incident: Record<string, unknown>;
  incident_id: string | null;
  received_at: Date | null;
  decision_received_at: Date | null;
  deadlines: Record<string, unknown>[];
  possible_duplicates: string[];
  version: number;
  opened_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  outcome: string | null;
  personal: Record<string, unknown> | null;
  erased: boolean | null;
  custody: CustodyView | null;
  hearings: HearingView[];
}

const marker = (shown: boolean): PersonalDataMarker => (shown ? 'shown' : 'withheld');

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function clientOf(row: CaseRow) {
  const personal = row.erased ? null : row.personal;
  return {
    id: row.client_id,
    fullName: (personal?.fullName as string | undefined) ?? null,
    nationality: row.nationality,
    language: row.language,
    phone: (personal?.phone as string | undefined) ?? null,
    passportNumber: (personal?.passportNumber as string | undefined) ?? null,
    dateOfBirth: (personal?.dateOfBirth as string | undefined) ?? null,
    erased: Boolean(row.erased),
  };
}

/**
 * `personalData` says whether the personal fields were shown or withheld by need-to-know
 * (decision 0095): withheld, they read null.
 */
export function toCaseResource(row: CaseRow, shown: boolean, openTasks: unknown[] = []) {
  return {
    id: row.case_id,
    personalData: marker(shown),
    caseNumber: row.case_number,
    orgId: row.org_id,
    appealType: row.appeal_type,
    channel: row.channel,
    status: row.status,
    urgency: row.urgency,
    assigneeId: row.assignee_id,
    assigneeName: row.assignee_name ?? null,
    client: clientOf(row),
    incident: row.incident,
    incidentId: row.incident_id,
    receivedAt: iso(row.received_at),
    decisionReceivedAt: iso(row.decision_received_at),
    deadlines: row.deadlines,
    openTasks,
    possibleDuplicates: row.possible_duplicates,
    version: row.version,
    openedAt: iso(row.opened_at),
    updatedAt: iso(row.updated_at),
    closedAt: iso(row.closed_at),
    outcome: row.outcome,
    custody: row.custody ?? null,
    hearings: row.hearings ?? [],
  };
}

/** List items: enough to pick a case, never a passport number, a phone or free text. */
export function toCaseListItem(row: CaseRow, shown: boolean) {
  const client = clientOf(row);
  return {
    id: row.case_id,
    personalData: marker(shown),
    caseNumber: row.case_number,
    appealType: row.appeal_type,
    status: row.status,
    urgency: row.urgency,
    assigneeId: row.assignee_id,
    assigneeName: row.assignee_name ?? null,
    client: {
      id: client.id,
      fullName: client.fullName,
      nationality: client.nationality,
      erased: client.erased,
    },
    incidentId: row.incident_id,
    region: (row.incident?.region as string | undefined) ?? null,
    version: row.version,
    openedAt: iso(row.opened_at),
    updatedAt: iso(row.updated_at),
    closedAt: iso(row.closed_at),
    outcome: row.outcome,
  };
}
