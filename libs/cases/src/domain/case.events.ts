import {
  AppealType,
  CaseStatus,
  Channel,
  CustodyGrounds,
  CustodyPlaceKind,
  HearingKind,
  HearingResult,
  Outcome,
  Urgency,
} from '@huquq/shared-kernel';

/**
 * What happens to a case. Each event has a stable type string (never a class name), so
 * renaming code never breaks stored history. Personal data stays out of case events except
 * the free-text fields, which the privacy layer stores encrypted.
 */
export interface IncidentDetails {
  occurredAt: string | null;
  /** A code of the fixed list (ISO 3166-2:RU or 'other'): the only place reports group by. */
  region: string | null;
  /** Whatever of the caller's region did not map to a code; sealed. */
  regionText?: string | null;
  city: string | null;
  location: string | null;
  description: string;
}

export interface AppealLogged {
  type: 'appeal-logged';
  data: {
    caseId: string;
    caseNumber: string;
    clientId: string;
    appealType: AppealType;
    channel: Channel;
    urgency: Urgency;
    receivedAt: string;
    /** Not personal on its own; the load reports group by it. */
    nationality: string | null;
    language: string | null;
    incident: IncidentDetails;
    decisionReceivedAt: string | null;
    incidentId: string | null;
    possibleDuplicates: string[];
    loggedAt: string;
  };
}

export interface CaseAssigned {
  type: 'case-assigned';
  /** `taskId`: the lawyer took the case by claiming this task of it. */
  data: { lawyerId: string; previousLawyerId: string | null; taskId?: string };
}

export interface CaseStatusChanged {
  type: 'case-status-changed';
  data: { from: CaseStatus; to: CaseStatus; reason: string | null };
}

export interface NoteAdded {
  type: 'note-added';
  data: { noteId: string; text: string };
}

export const DOCUMENT_KINDS = ['court_ruling', 'detention_protocol', 'power_of_attorney', 'other'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** The file's name is the uploader's free text: sealed (caseSealedFields). */
export interface DocumentAttached {
  type: 'document-attached';
  data: {
    documentId: string;
    kind: DocumentKind;
    contentType: string;
    size: number;
    fileName: string | null;
  };
}

export interface DeadlineSet {
  type: 'deadline-set';
  data: { deadlineId: string; kind: string; dueAt: string; basis: string | null };
}

export interface CaseClosed {
  type: 'case-closed';
  data: { outcome: Outcome; from: CaseStatus };
}

export interface CaseReopened {
  type: 'case-reopened';
  data: { reason: string };
}

/**
 * The person is held at a place since delivery (a second one while held is a transfer). Ids and
 * times only, besides the place's name and the region's leftover words, which are sealed. The
 * follow-up rules plan the clock's deadline and task from it.
 */
export interface CustodyRecorded {
  type: 'custody-recorded';
  data: {
    custodyId: string;
    caseId: string;
    clientId: string;
    placeKind: CustodyPlaceKind;
    placeName: string | null;
    /** A region code (ISO 3166-2:RU or 'other'): the clock's local time. */
    region: string | null;
    regionText?: string | null;
    grounds: CustodyGrounds;
    deliveredAt: string;
    /** When this stretch of custody began: a transfer within a detention keeps the first delivery. */
    heldSince: string;
    previousCustodyId: string | null;
  };
}

export interface CustodyReleased {
  type: 'custody-released';
  data: { custodyId: string; releasedAt: string };
}

/** A court hearing of the case; the court's name is free text, sealed. */
export interface HearingScheduled {
  type: 'hearing-scheduled';
  data: {
    hearingId: string;
    caseId: string;
    clientId: string;
    court: string | null;
    kind: HearingKind;
    startsAt: string;
    /** For a complaint against an expulsion ruling: the court's receipt, which starts the 24-hour clock. */
    complaintReceivedAt: string | null;
  };
}

export interface HearingResultRecorded {
  type: 'hearing-result-recorded';
  data: { hearingId: string; result: HearingResult; note: string | null };
}

export type CaseEvent =
  | HearingScheduled
  | HearingResultRecorded
  | AppealLogged
  | CaseAssigned
  | CaseStatusChanged
  | NoteAdded
  | DocumentAttached
  | DeadlineSet
  | CaseClosed
  | CaseReopened
  | CustodyRecorded
  | CustodyReleased;

export type CaseEventType = CaseEvent['type'];

export const CASE_EVENT_TYPES: CaseEventType[] = [
  'appeal-logged',
  'case-assigned',
  'case-status-changed',
  'note-added',
  'document-attached',
  'deadline-set',
  'case-closed',
  'case-reopened',
  'custody-recorded',
  'custody-released',
  'hearing-scheduled',
  'hearing-result-recorded',
];

export const caseStreamId = (caseId: string) => `case-${caseId}`;
