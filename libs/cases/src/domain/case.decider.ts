/*
 * The errors come from their own module rather than the '@huquq/platform' barrel: the barrel
 * also loads pg, TypeORM and class-validator, and the domain must stay free of them. It is the
 * same module either way, so `instanceof` in the HTTP error filter still holds.
 */
import { Forbidden, RuleViolation } from '@huquq/shared-kernel';
import {
  AddNote,
  AssignCase,
  CaseCommand,
  ChangeStatus,
  CloseCase,
  LogAppeal,
  ReopenCase,
  SetDeadline,
} from './case.commands';
import { CaseEvent } from './case.events';
import { CaseNotFound } from './case-not-found';
import { defaultUrgency } from './default-urgency';
import { Actor, CaseStatus, Outcome } from '@huquq/shared-kernel';

export { CaseNotFound };

/** Only what the rules need; everything a reader wants to see belongs to the projections. */
export interface CaseState {
  exists: boolean;
  /** null until the appeal is logged. */
  status: CaseStatus | null;
  assigneeId: string | null;
  /** How many events the stream holds: the number a client sends back as expectedVersion. */
  version: number;
  /** Set only by CloseCase; a case closed through ChangeStatus has none. */
  outcome: Outcome | null;
  deadlineIds: readonly string[];
  noteIds: readonly string[];
}

export const initialCaseState = (): CaseState => ({
  exists: false,
  status: null,
  assigneeId: null,
  version: 0,
  outcome: null,
  deadlineIds: [],
  noteIds: [],
});

/** Reopening is the only way out of `closed`, so it is deliberately absent here. */
const NEXT_STATUSES: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  new: ['triaged', 'closed'],
  triaged: ['in_progress', 'closed'],
  in_progress: ['awaiting_decision', 'closed'],
  awaiting_decision: ['in_progress', 'closed'],
  closed: [],
};

export const canChangeStatus = (from: CaseStatus, to: CaseStatus): boolean =>
  NEXT_STATUSES[from].includes(to);

const MANAGERS: readonly Actor['role'][] = ['coordinator', 'admin'];

/** Coordinators and admins steer every case; a lawyer only the cases assigned to them. */
const mayWorkOn = (actor: Actor, state: CaseState, action: string): void => {
  if (MANAGERS.includes(actor.role)) return;
  if (actor.role === 'lawyer') {
    if (state.assigneeId === actor.userId) return;
    throw new Forbidden(`You may ${action} only on a case assigned to you`);
  }
  throw new Forbidden(`Your role may not ${action}`);
};

const mayManage = (actor: Actor, action: string): void => {
  if (!MANAGERS.includes(actor.role)) throw new Forbidden(`Only coordinators and admins may ${action}`);
};

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
          city: data.incident.city,
          location: data.incident.location,
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
  if (state.status === 'closed') throw new RuleViolation('A closed case cannot be assigned; reopen it first');
  if (state.assigneeId === data.lawyerId) return [];
  return [{ type: 'case-assigned', data: { lawyerId: data.lawyerId, previousLawyerId: state.assigneeId } }];
};

const changeStatus = ({ data }: ChangeStatus, state: CaseState, from: CaseStatus): CaseEvent[] => {
  // Closing through the status route is still closing, which the roles table keeps for
  // coordinators and admins; otherwise a lawyer could close cases by the side door.
  if (data.status === 'closed') mayManage(data.actor, 'close a case');
  else mayWorkOn(data.actor, state, 'change the status');
  if (!canChangeStatus(from, data.status)) {
    const hint = from === 'closed' && data.status === 'in_progress' ? '; reopen the case instead' : '';
    throw new RuleViolation(`Cannot change the status from ${from} to ${data.status}${hint}`);
  }
  return [{ type: 'case-status-changed', data: { from, to: data.status, reason: blankToNull(data.reason) } }];
};

const addNote = ({ data }: AddNote, state: CaseState): CaseEvent[] => {
  const text = data.text.trim();
  if (text === '') throw new RuleViolation('A note needs some text');
  if (state.noteIds.includes(data.noteId)) return [];
  return [{ type: 'note-added', data: { noteId: data.noteId, text } }];
};

const setDeadline = ({ data }: SetDeadline, state: CaseState): CaseEvent[] => {
  mayWorkOn(data.actor, state, 'set deadlines');
  if (state.status === 'closed') throw new RuleViolation('A closed case takes no deadlines; reopen it first');
  if (state.deadlineIds.includes(data.deadlineId)) return [];
  return [
    {
      type: 'deadline-set',
      data: {
        deadlineId: data.deadlineId,
        kind: data.kind,
        dueAt: data.dueAt,
        basis: blankToNull(data.basis),
      },
    },
  ];
};

const closeCase = ({ data }: CloseCase, from: CaseStatus): CaseEvent[] => {
  mayManage(data.actor, 'close a case');
  if (from === 'closed') throw new RuleViolation('The case is already closed');
  return [{ type: 'case-closed', data: { outcome: data.outcome, from } }];
};

const reopenCase = ({ data }: ReopenCase, from: CaseStatus): CaseEvent[] => {
  mayManage(data.actor, 'reopen a case');
  if (from !== 'closed') throw new RuleViolation(`Only a closed case can be reopened; this one is ${from}`);
  return [{ type: 'case-reopened', data: { reason: data.reason.trim() } }];
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
    case 'ChangeStatus':
      return changeStatus(command, state, status);
    case 'AddNote':
      return addNote(command, state);
    case 'SetDeadline':
      return setDeadline(command, state);
    case 'CloseCase':
      return closeCase(command, status);
    case 'ReopenCase':
      return reopenCase(command, status);
  }
};

/** Events are facts already recorded: evolve never refuses one, it only folds it in. */
export const evolve = (state: CaseState, event: CaseEvent): CaseState => {
  const next: CaseState = { ...state, version: state.version + 1 };
  switch (event.type) {
    case 'appeal-logged':
      return { ...next, exists: true, status: 'new', assigneeId: null, outcome: null };
    case 'case-assigned':
      return { ...next, assigneeId: event.data.lawyerId };
    case 'case-status-changed':
      return { ...next, status: event.data.to };
    case 'note-added':
      return { ...next, noteIds: [...state.noteIds, event.data.noteId] };
    case 'deadline-set':
      return { ...next, deadlineIds: [...state.deadlineIds, event.data.deadlineId] };
    case 'case-closed':
      return { ...next, status: 'closed', outcome: event.data.outcome };
    case 'case-reopened':
      return { ...next, status: 'in_progress', outcome: null };
  }
};

export const foldCase = (events: readonly CaseEvent[]): CaseState =>
  events.reduce(evolve, initialCaseState());

/** The three functions together, for handlers and for the spec helper. */
export const caseDecider = { decide, evolve, initialState: initialCaseState };
