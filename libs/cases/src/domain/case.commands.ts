import { AppealLogged, DocumentKind } from './case.events';
import {
  Actor,
  CaseStatus,
  CustodyGrounds,
  CustodyPlaceKind,
  HearingKind,
  HearingResult,
  Outcome,
  Urgency,
} from '@huquq/shared-kernel';

/**
 * What someone asks of a case. Every command says who asks and when: the handler reads the
 * clock, so the decider stays a pure function and its specs need no fake timers.
 */
interface Command<Type extends string, Data> {
  type: Type;
  data: Data & { actor: Actor; now: string };
}

export type LogAppeal = Command<
  'LogAppeal',
  Omit<AppealLogged['data'], 'loggedAt' | 'urgency'> & {
    /** Left out, it follows from the appeal type (see default-urgency.ts). */
    urgency?: Urgency;
  }
>;

export type AssignCase = Command<'AssignCase', { lawyerId: string }>;

/** A lawyer claimed a task of the case: they take the case if nobody has it. */
export type TakeCaseWithTask = Command<'TakeCaseWithTask', { taskId: string }>;

export type ChangeStatus = Command<'ChangeStatus', { status: CaseStatus; reason?: string | null }>;

export type AddNote = Command<'AddNote', { noteId: string; text: string }>;

/** A stored document (its bytes sealed elsewhere) recorded on the case; never the bytes. */
export type AttachDocument = Command<
  'AttachDocument',
  { documentId: string; kind: DocumentKind; contentType: string; size: number; fileName: string | null }
>;

export type SetDeadline = Command<
  'SetDeadline',
  { deadlineId: string; kind: string; dueAt: string; basis: string | null }
>;

export type CloseCase = Command<'CloseCase', { outcome: Outcome }>;

export type ReopenCase = Command<'ReopenCase', { reason: string }>;

export type RecordCustody = Command<
  'RecordCustody',
  {
    custodyId: string;
    caseId: string;
    placeKind: CustodyPlaceKind;
    placeName: string | null;
    region: string | null;
    regionText?: string | null;
    /** Left out: the grounds with the shorter clock (see custody.ts). */
    grounds?: CustodyGrounds;
    deliveredAt: string;
  }
>;

export type ReleaseFromCustody = Command<'ReleaseFromCustody', { releasedAt: string }>;

export type ScheduleHearing = Command<
  'ScheduleHearing',
  {
    hearingId: string;
    caseId: string;
    court: string | null;
    kind: HearingKind;
    startsAt: string;
    complaintReceivedAt: string | null;
  }
>;

export type RecordHearingResult = Command<
  'RecordHearingResult',
  { hearingId: string; result: HearingResult; note: string | null }
>;

export type CaseCommand =
  | ScheduleHearing
  | RecordHearingResult
  | LogAppeal
  | AssignCase
  | TakeCaseWithTask
  | ChangeStatus
  | AddNote
  | AttachDocument
  | SetDeadline
  | CloseCase
  | ReopenCase
  | RecordCustody
  | ReleaseFromCustody;
