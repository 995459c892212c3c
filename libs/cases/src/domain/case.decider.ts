import { Decider, SealedFields } from '@huquq/shared-kernel';
import {
  AddNote,
  AssignCase,
  AttachDocument,
  CaseCommand,
  ChangeStatus,
  CloseCase,
  LogAppeal,
  ReopenCase,
  SetDeadline,
  TakeCaseWithTask,
} from './case.commands';
import { CaseEvent } from './case.events';
import { CaseNotFound } from './case-not-found';
import { defaultUrgency } from './default-urgency';
import { CaseStatus, Outcome, RuleViolation } from '@huquq/shared-kernel';
import { mayHandleDocuments, mayManage, mayWorkOn } from './case.policy';
import { CurrentCustody, recordCustody, releaseFromCustody } from './custody';
import { HearingsState, recordHearingResult, scheduleHearing } from './hearings';

export { CaseNotFound };

/** Only what the rules need; everything a reader wants to see belongs to the projections. */
export interface CaseState {
  exists: boolean;
  /** Whose key seals the case's free text; null until the appeal is logged. */
  clientId: string | null;
  /** null until the appeal is logged. */
  status: CaseStatus | null;
  assigneeId: string | null;
  /** How many events the stream holds: the number a client sends back as expectedVersion. */
  version: number;
  /** Set only by CloseCase; a case closed through ChangeStatus has none. */
  outcome: Outcome | null;
  deadlineIds: readonly string[];
  noteIds: readonly string[];
  documentIds: readonly string[];
  /** Where the person is held now; null when not held or released. */
  custody: CurrentCustody | null;
  hearings: HearingsState['hearings'];
}

export const initialCaseState = (): CaseState => ({
  exists: false,
  clientId: null,
  status: null,
  assigneeId: null,
  version: 0,
  outcome: null,
  deadlineIds: [],
  noteIds: [],
  documentIds: [],
  custody: null,
  hearings: {},
});

/** Reopening is the only way out of `closed`, so it is deliberately absent here. */
const NEXT_STATUSES: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  new: ['triaged', 'closed'],
  triaged: ['in_progress', 'closed'],
  in_progress: ['awaiting_decision', 'closed'],
  awaiting_decision: ['in_progress', 'closed'],
  closed: [],
};

const canChangeStatus = (from: CaseStatus, to: CaseStatus): boolean => NEXT_STATUSES[from].includes(to);

const blankToNull = (text: string | null | undefined): string | null => {
  const trimmed = text?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
};

const logAppeal = ({ data }: LogAppeal, state: CaseState): CaseEvent[] => {
  if (state.exists) throw new RuleViolation('This case has already been logged');
  // Listed field by field, not spread: whatever else the handler passes (a DTO with the
  // client's name and passport, say) must never reach the event stream by accident.
  return [
    {
      type: 'appeal-logged',
      data: {
        caseId: data.caseId,
        caseNumber: data.caseNumber,
        clientId: data.clientId,
        appealType: data.appealType,
        channel: data.channel,
        urgency: data.urgency ?? defaultUrgency(data.appealType),
        receivedAt: data.receivedAt,
        nationality: data.nationality,
        language: data.language,
        incident: {
          occurredAt: data.incident.occurredAt,
          region: data.incident.region,
          regionText: data.incident.regionText,
          city: blankToNull(data.incident.city),
          location: blankToNull(data.incident.location),
          description: data.incident.description.trim(),
        },
        decisionReceivedAt: data.decisionReceivedAt,
        incidentId: data.incidentId,
        possibleDuplicates: [...data.possibleDuplicates],
        loggedAt: data.now,
      },
    },
  ];
};

const assignCase = ({ data }: AssignCase, state: CaseState): CaseEvent[] => {
  mayManage(data.actor, 'assign a case');
  if (state.status === 'closed')
    throw RuleViolation.because('case_closed', 'A closed case cannot be assigned; reopen it first');
  if (state.assigneeId === data.lawyerId) return [];
  return [{ type: 'case-assigned', data: { lawyerId: data.lawyerId, previousLawyerId: state.assigneeId } }];
};

/**
 * A lawyer who claims a task of an open case nobody is assigned to takes the case, so that they
 * can then work it (change its status, set deadlines). A case someone has stays theirs; a
 * coordinator claiming a task needs no case to work it.
 */
const takeCaseWithTask = ({ data }: TakeCaseWithTask, state: CaseState): CaseEvent[] => {
  if (data.actor.role !== 'lawyer' || state.assigneeId || state.status === 'closed') return [];
  return [
    {
      type: 'case-assigned',
      data: { lawyerId: data.actor.userId, previousLawyerId: null, taskId: data.taskId },
    },
  ];
};

const changeStatus = ({ data }: ChangeStatus, state: CaseState, from: CaseStatus): CaseEvent[] => {
  // Closing through the status route is still closing, which the roles table keeps for
  // coordinators and admins; otherwise a lawyer could close cases by the side door.
  if (data.status === 'closed') mayManage(data.actor, 'close a case');
  else mayWorkOn(data.actor, state, 'change the status');
  if (!canChangeStatus(from, data.status)) {
    const hint = from === 'closed' && data.status === 'in_progress' ? '; reopen the case instead' : '';
    throw RuleViolation.because(
      'status_move_not_allowed',
      `Cannot change the status from ${from} to ${data.status}${hint}`,
      { from, to: data.status },
    );
  }
  return [{ type: 'case-status-changed', data: { from, to: data.status, reason: blankToNull(data.reason) } }];
};

/**
 * A document's bytes are already stored, sealed, when this is decided; the event records that
 * the case has it. Coordinators never see personal data, so they neither add nor read documents.
 */
const attachDocument = ({ data }: AttachDocument, state: CaseState): CaseEvent[] => {
  mayHandleDocuments(data.actor);
  if (state.documentIds.includes(data.documentId)) return [];
  return [
    {
      type: 'document-attached',
      data: {
        documentId: data.documentId,
        kind: data.kind,
        contentType: data.contentType,
        size: data.size,
        fileName: blankToNull(data.fileName),
      },
    },
  ];
};

const addNote = ({ data }: AddNote, state: CaseState): CaseEvent[] => {
  const text = data.text.trim();
  if (text === '') throw RuleViolation.because('note_empty', 'A note needs some text');
  if (state.noteIds.includes(data.noteId)) return [];
  return [{ type: 'note-added', data: { noteId: data.noteId, text } }];
};

const setDeadline = ({ data }: SetDeadline, state: CaseState): CaseEvent[] => {
  mayWorkOn(data.actor, state, 'set deadlines');
  if (state.status === 'closed')
    throw RuleViolation.because('case_closed', 'A closed case takes no deadlines; reopen it first');
  if (state.deadlineIds.includes(data.deadlineId)) return [];
  return [
    {
      type: 'deadline-set',
      data: {
        deadlineId: data.deadlineId,
        kind: data.kind.trim(),
        dueAt: data.dueAt,
        basis: blankToNull(data.basis),
      },
    },
  ];
};

const closeCase = ({ data }: CloseCase, from: CaseStatus): CaseEvent[] => {
  mayManage(data.actor, 'close a case');
  if (from === 'closed') throw RuleViolation.because('case_already_closed', 'The case is already closed');
  return [{ type: 'case-closed', data: { outcome: data.outcome, from } }];
};

const reopenCase = ({ data }: ReopenCase, from: CaseStatus): CaseEvent[] => {
  mayManage(data.actor, 'reopen a case');
  if (from !== 'closed')
    throw RuleViolation.because('case_not_closed', `Only a closed case can be reopened; this one is ${from}`);
  const reason = data.reason.trim();
  if (reason === '') throw RuleViolation.because('reopen_reason_required', 'Say why the case is reopened');
  return [{ type: 'case-reopened', data: { reason } }];
};

/**
 * Checks run in the order the API answers them: an unknown case is 404 before anything else,
 * then who may act (403), then the case's rules (422). Commands whose effect is already there
 * return no events, so a retried request records nothing twice.
 */
export const decide = (command: CaseCommand, state: CaseState): CaseEvent[] => {
  if (command.type === 'LogAppeal') return logAppeal(command, state);
  if (!state.exists || state.status === null) throw new CaseNotFound();
  const status = state.status;
  switch (command.type) {
    case 'AssignCase':
      return assignCase(command, state);
    case 'TakeCaseWithTask':
      return takeCaseWithTask(command, state);
    case 'ChangeStatus':
      return changeStatus(command, state, status);
    case 'AddNote':
      return addNote(command, state);
    case 'AttachDocument':
      return attachDocument(command, state);
    case 'SetDeadline':
      return setDeadline(command, state);
    case 'CloseCase':
      return closeCase(command, status);
    case 'ReopenCase':
      return reopenCase(command, status);
    case 'RecordCustody':
      return recordCustody(command, state);
    case 'ReleaseFromCustody':
      return releaseFromCustody(command, state);
    case 'ScheduleHearing':
      return scheduleHearing(command, state);
    case 'RecordHearingResult':
      return recordHearingResult(command, state);
  }
};

/** Events are facts already recorded: evolve never refuses one, it only folds it in. */
export const evolve = (state: CaseState, event: CaseEvent): CaseState => {
  const next: CaseState = { ...state, version: state.version + 1 };
  switch (event.type) {
    case 'appeal-logged':
      return {
        ...next,
        exists: true,
        clientId: event.data.clientId,
        status: 'new',
        assigneeId: null,
        outcome: null,
      };
    case 'case-assigned':
      return { ...next, assigneeId: event.data.lawyerId };
    case 'case-status-changed':
      return { ...next, status: event.data.to };
    case 'note-added':
      return { ...next, noteIds: [...state.noteIds, event.data.noteId] };
    case 'document-attached':
      return { ...next, documentIds: [...state.documentIds, event.data.documentId] };
    case 'deadline-set':
      return { ...next, deadlineIds: [...state.deadlineIds, event.data.deadlineId] };
    case 'case-closed':
      return { ...next, status: 'closed', outcome: event.data.outcome };
    case 'case-reopened':
      return { ...next, status: 'in_progress', outcome: null };
    case 'custody-recorded': {
      const { custodyId, placeKind, deliveredAt, heldSince } = event.data;
      return { ...next, custody: { custodyId, placeKind, deliveredAt, heldSince } };
    }
    case 'custody-released':
      return { ...next, custody: null };
    case 'hearing-scheduled':
      return { ...next, hearings: { ...state.hearings, [event.data.hearingId]: { hasResult: false } } };
    case 'hearing-result-recorded':
      return { ...next, hearings: { ...state.hearings, [event.data.hearingId]: { hasResult: true } } };
  }
};

export const foldCase = (events: readonly CaseEvent[]): CaseState =>
  events.reduce(evolve, initialCaseState());

/** The three functions together, for the write path and for the spec helper. */
export const caseDecider: Decider<CaseCommand, CaseEvent, CaseState> = {
  decide,
  evolve,
  initialState: initialCaseState,
};

/**
 * Free text of a case, sealed under its client's key: erasing the person erases it too. The
 * field names are bound into the ciphertext (and are those that earlier data was sealed with).
 */
export const caseSealedFields: SealedFields<CaseState, CaseEvent> = {
  subjectOf: (state, event) => (event.type === 'appeal-logged' ? event.data.clientId : state.clientId!),
  fields: {
    'appeal-logged': {
      'incident.description': 'incident.description',
      'incident.regionText': 'incident.region',
      'incident.city': 'incident.city',
      'incident.location': 'incident.location',
    },
    'case-status-changed': { reason: 'status.reason' },
    'note-added': { text: 'note.text' },
    'document-attached': { fileName: 'document.fileName' },
    'deadline-set': { kind: 'deadline.kind', basis: 'deadline.basis' },
    'case-reopened': { reason: 'reopen.reason' },
    'custody-recorded': { placeName: 'custody.placeName', regionText: 'custody.region' },
    'hearing-scheduled': { court: 'hearing.court' },
    'hearing-result-recorded': { note: 'hearing.note' },
  },
};
