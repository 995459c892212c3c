import { Actor, Forbidden } from '@huquq/shared-kernel';

/**
 * Who may do what to a case: the one table the deciders and the HTTP routes' role checks share.
 * Coordinators and admins steer every case; a lawyer works only the cases assigned to them;
 * everyone logs appeals and adds notes.
 */
export const CASE_POLICY = {
  logAppeal: ['intake', 'lawyer', 'coordinator', 'admin'],
  addNote: ['intake', 'lawyer', 'coordinator', 'admin'],
  /** Where a person is held is logged by whoever hears of it first, intake included. */
  logCustody: ['intake', 'lawyer', 'coordinator', 'admin'],
  changeStatus: ['lawyer', 'coordinator', 'admin'],
  setDeadline: ['lawyer', 'coordinator', 'admin'],
  assign: ['coordinator', 'admin'],
  close: ['coordinator', 'admin'],
  reopen: ['coordinator', 'admin'],
  eraseClient: ['admin'],
  // Finding a returning person and judging look-alikes needs the person in front of you, not
  // counts: coordinators never need a name, so they never search by one. Admins do, to find
  // whom to erase.
  searchClients: ['intake', 'lawyer', 'admin'],
  judgeDuplicates: ['intake', 'lawyer', 'admin'],
  mergeClients: ['lawyer', 'admin'],
  checkIntegrity: ['admin'],
  // A document is the person's papers: whoever works with the person, never coordinators.
  documents: ['intake', 'lawyer', 'admin'],
} as const satisfies Record<string, readonly Actor['role'][]>;

const MANAGERS: readonly Actor['role'][] = CASE_POLICY.assign;

/** For a lawyer, only a case assigned to them; coordinators and admins, any case. */
export function mayWorkOn(actor: Actor, state: { assigneeId: string | null }, action: string): void {
  if (MANAGERS.includes(actor.role)) return;
  if (actor.role === 'lawyer') {
    if (state.assigneeId === actor.userId) return;
    throw new Forbidden(`You may ${action} only on a case assigned to you`);
  }
  throw new Forbidden(`Your role may not ${action}`);
}

export function mayLogCustody(actor: Actor): void {
  if (!(CASE_POLICY.logCustody as readonly string[]).includes(actor.role)) {
    throw new Forbidden('Your role may not record custody');
  }
}

export function mayManage(actor: Actor, action: string): void {
  if (!MANAGERS.includes(actor.role)) throw new Forbidden(`Only coordinators and admins may ${action}`);
}

export function mayHandleDocuments(actor: Actor): void {
  if (!(CASE_POLICY.documents as readonly string[]).includes(actor.role)) {
    throw new Forbidden('Your role may not handle documents');
  }
}
