import { Forbidden, HuquqError, NotFound, RuleViolation } from '@huquq/shared-kernel';
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
import {
  CaseNotFound,
  CaseState,
  caseDecider,
  caseSealedFields,
  decide,
  evolve,
  foldCase,
  initialCaseState,
} from './case.decider';
import { AppealLogged, CaseEvent } from './case.events';
import { deciderSpec } from '@huquq/shared-kernel/testing/decider-spec';
import { Actor, CASE_STATUSES, CaseStatus, Outcome } from '@huquq/shared-kernel';

const given = deciderSpec(caseDecider);

const NOW = '2024-03-29T10:06:00+03:00';
const CASE_ID = '6f1c1d0e-4a57-4a8e-9d6b-1d6f0c2b7a11';
const LAWYER = 'lawyer-1';
const OTHER_LAWYER = 'lawyer-2';

const actor = (role: Actor['role'], userId: string = `${role}-1`): Actor => ({
  userId,
  orgId: 'org-1',
  role,
});
const intake = actor('intake');
const lawyer = actor('lawyer', LAWYER);
const otherLawyer = actor('lawyer', OTHER_LAWYER);
const coordinator = actor('coordinator');
const admin = actor('admin');

const stamp = (by: Actor) => ({ actor: by, now: NOW });

const logAppeal = (by: Actor = intake, extra: Partial<LogAppeal['data']> = {}): LogAppeal => ({
  type: 'LogAppeal',
  data: {
    caseId: CASE_ID,
    caseNumber: '2024-000123',
    clientId: 'client-1',
    appealType: 'detention',
    channel: 'hotline',
    receivedAt: '2024-03-29T10:05:00+03:00',
    nationality: 'TJ',
    language: 'tg',
    incident: {
      occurredAt: '2024-03-29T09:30:00+03:00',
      region: 'Moscow Oblast',
      city: 'Kotelniki',
      location: 'dormitory',
      description: 'Задержан при проверке общежития',
    },
    decisionReceivedAt: null,
    incidentId: null,
    possibleDuplicates: [],
    ...stamp(by),
    ...extra,
  },
});
const assign = (lawyerId: string, by: Actor = coordinator): AssignCase => ({
  type: 'AssignCase',
  data: { lawyerId, ...stamp(by) },
});
const changeStatus = (
  status: CaseStatus,
  by: Actor = coordinator,
  reason: string | null = null,
): ChangeStatus => ({
  type: 'ChangeStatus',
  data: { status, reason, ...stamp(by) },
});
const addNote = (noteId: string, text: string, by: Actor = intake): AddNote => ({
  type: 'AddNote',
  data: { noteId, text, ...stamp(by) },
});
const setDeadline = (
  deadlineId: string,
  by: Actor = coordinator,
  basis: string | null = 'KoAP RF art. 30.3',
): SetDeadline => ({
  type: 'SetDeadline',
  data: { deadlineId, kind: 'appeal_expulsion', dueAt: '2024-04-08T23:59:00+03:00', basis, ...stamp(by) },
});
const close = (outcome: Outcome = 'released', by: Actor = coordinator): CloseCase => ({
  type: 'CloseCase',
  data: { outcome, ...stamp(by) },
});
const reopen = (reason: string, by: Actor = coordinator): ReopenCase => ({
  type: 'ReopenCase',
  data: { reason, ...stamp(by) },
});

const appealLogged: AppealLogged = {
  type: 'appeal-logged',
  data: {
    caseId: CASE_ID,
    caseNumber: '2024-000123',
    clientId: 'client-1',
    appealType: 'detention',
    channel: 'hotline',
    urgency: 'critical',
    receivedAt: '2024-03-29T10:05:00+03:00',
    nationality: 'TJ',
    language: 'tg',
    incident: {
      occurredAt: '2024-03-29T09:30:00+03:00',
      region: 'Moscow Oblast',
      city: 'Kotelniki',
      location: 'dormitory',
      description: 'Задержан при проверке общежития',
    },
    decisionReceivedAt: null,
    incidentId: null,
    possibleDuplicates: [],
    loggedAt: NOW,
  },
};
const assigned = (lawyerId: string, previousLawyerId: string | null = null): CaseEvent => ({
  type: 'case-assigned',
  data: { lawyerId, previousLawyerId },
});
const statusChanged = (from: CaseStatus, to: CaseStatus, reason: string | null = null): CaseEvent => ({
  type: 'case-status-changed',
  data: { from, to, reason },
});
const noteAdded = (noteId: string, text: string): CaseEvent => ({
  type: 'note-added',
  data: { noteId, text },
});
const deadlineSet = (deadlineId: string, basis: string | null = 'KoAP RF art. 30.3'): CaseEvent => ({
  type: 'deadline-set',
  data: { deadlineId, kind: 'appeal_expulsion', dueAt: '2024-04-08T23:59:00+03:00', basis },
});
const closed = (from: CaseStatus, outcome: Outcome = 'released'): CaseEvent => ({
  type: 'case-closed',
  data: { outcome, from },
});
const reopened = (reason: string): CaseEvent => ({ type: 'case-reopened', data: { reason } });

/** The shortest history that leaves a case in each status. */
const historyIn: Record<CaseStatus, CaseEvent[]> = {
  new: [appealLogged],
  triaged: [appealLogged, statusChanged('new', 'triaged')],
  in_progress: [appealLogged, statusChanged('new', 'triaged'), statusChanged('triaged', 'in_progress')],
  awaiting_decision: [
    appealLogged,
    statusChanged('new', 'triaged'),
    statusChanged('triaged', 'in_progress'),
    statusChanged('in_progress', 'awaiting_decision'),
  ],
  closed: [
    appealLogged,
    statusChanged('new', 'triaged'),
    statusChanged('triaged', 'in_progress'),
    closed('in_progress'),
  ],
};
const OPEN_STATUSES = CASE_STATUSES.filter((status) => status !== 'closed');

describe('the case decider', () => {
  describe('logging an appeal', () => {
    it('opens the case, stamped with the time the handler supplied', () => {
      given([]).when(logAppeal()).then([appealLogged]);
    });

    it('takes the urgency from the appeal type when intake gives none', () => {
      given([])
        .when(logAppeal(intake, { appealType: 'eviction' }))
        .then([{ ...appealLogged, data: { ...appealLogged.data, appealType: 'eviction', urgency: 'high' } }]);
    });

    it('keeps the urgency intake gives, even below the default', () => {
      given([])
        .when(logAppeal(intake, { urgency: 'low' }))
        .then([{ ...appealLogged, data: { ...appealLogged.data, urgency: 'low' } }]);
    });

    it('trims the incident description', () => {
      const incident = { ...appealLogged.data.incident, description: '  Задержан при проверке общежития \n' };
      given([]).when(logAppeal(intake, { incident })).then([appealLogged]);
    });

    it('records only the fields of the event, never whatever else the handler passed along', () => {
      const command = logAppeal();
      const leaky = {
        ...command,
        data: { ...command.data, client: { fullName: 'Рахимов Фаррух', passportNumber: '400123456' } },
      } as LogAppeal;
      const [event] = decide(leaky, initialCaseState());
      expect(JSON.stringify(event)).not.toMatch(/Рахимов|400123456|actor/);
    });

    it.each([intake, lawyer, coordinator, admin])('is open to every role ($role)', (by) => {
      given([]).when(logAppeal(by)).then([appealLogged]);
    });

    it('is refused for a case that already exists', () => {
      given([appealLogged])
        .when(logAppeal())
        .thenThrows(RuleViolation, /already been logged/);
    });
  });

  describe('a case that does not exist', () => {
    const commands: [string, CaseCommand][] = [
      ['AssignCase', assign(LAWYER)],
      ['ChangeStatus', changeStatus('triaged')],
      ['AddNote', addNote('note-1', 'Позвонил брат')],
      ['SetDeadline', setDeadline('deadline-1')],
      ['CloseCase', close()],
      ['ReopenCase', reopen('new decision')],
    ];

    it.each(commands)('answers %s with CaseNotFound', (_name, command) => {
      given([])
        .when(command)
        .thenThrows(CaseNotFound, /^No such case$/);
    });

    it('answers not found before checking the role', () => {
      given([]).when(assign(LAWYER, intake)).thenThrows(CaseNotFound);
    });

    it('is a 404 the HTTP layer maps like any other NotFound', () => {
      const error = new CaseNotFound();
      expect(error).toBeInstanceOf(NotFound);
      expect(error).toBeInstanceOf(HuquqError);
      expect(error).toMatchObject({ status: 404, code: 'not_found', name: 'CaseNotFound' });
    });
  });

  describe('status transitions', () => {
    const allowed = new Set([
      'new→triaged',
      'triaged→in_progress',
      'in_progress→awaiting_decision',
      'awaiting_decision→in_progress',
      'new→closed',
      'triaged→closed',
      'in_progress→closed',
      'awaiting_decision→closed',
    ]);
    const matrix = CASE_STATUSES.flatMap((from) =>
      CASE_STATUSES.map((to) => ({ from, to, allowed: allowed.has(`${from}→${to}`) })),
    );

    it('covers all 25 pairs, 8 of them allowed', () => {
      expect(matrix).toHaveLength(25);
      expect(matrix.filter((row) => row.allowed)).toHaveLength(8);
    });

    it.each(matrix.filter((row) => row.allowed))('$from → $to is allowed', ({ from, to }) => {
      given(historyIn[from])
        .when(changeStatus(to))
        .then([statusChanged(from, to)]);
    });

    it.each(matrix.filter((row) => !row.allowed))('$from → $to is refused, naming both', ({ from, to }) => {
      given(historyIn[from])
        .when(changeStatus(to))
        .thenThrows(RuleViolation, new RegExp(`from ${from} to ${to}`));
    });

    it('points to reopening when someone tries to move a closed case back to work', () => {
      given(historyIn.closed)
        .when(changeStatus('in_progress'))
        .thenThrows(RuleViolation, /reopen the case instead/);
    });

    it('records the reason trimmed', () => {
      given(historyIn.new)
        .when(changeStatus('triaged', coordinator, '  called the family \n'))
        .then([statusChanged('new', 'triaged', 'called the family')]);
    });

    it.each([null, '', '   '])('records a missing or blank reason (%p) as null', (reason) => {
      given(historyIn.new)
        .when(changeStatus('triaged', coordinator, reason))
        .then([statusChanged('new', 'triaged', null)]);
    });

    it('treats a case closed through the status route as closed', () => {
      given([...historyIn.triaged, statusChanged('triaged', 'closed')])
        .when(changeStatus('in_progress'))
        .thenThrows(RuleViolation, /from closed to in_progress/);
    });
  });

  describe('closing', () => {
    it.each(OPEN_STATUSES)('closes a case that is %s, remembering where it came from', (from) => {
      given(historyIn[from])
        .when(close('order_overturned'))
        .then([closed(from, 'order_overturned')]);
    });

    it('refuses a case that is already closed', () => {
      given(historyIn.closed)
        .when(close())
        .thenThrows(RuleViolation, /already closed/);
    });

    it('refuses a case closed through the status route too', () => {
      given([...historyIn.new, statusChanged('new', 'closed')])
        .when(close())
        .thenThrows(RuleViolation, /already closed/);
    });
  });

  describe('reopening', () => {
    it('reopens a closed case with the reason trimmed', () => {
      given(historyIn.closed)
        .when(reopen('  court restored the appeal term '))
        .then([reopened('court restored the appeal term')]);
    });

    it.each(OPEN_STATUSES)('refuses a case that is %s', (from) => {
      given(historyIn[from])
        .when(reopen('why not'))
        .thenThrows(RuleViolation, new RegExp(`closed case can be reopened; this one is ${from}`));
    });

    it('leaves the case in progress, so it can be closed again', () => {
      given([...historyIn.closed, reopened('new decision')])
        .when(close('order_upheld'))
        .then([closed('in_progress', 'order_upheld')]);
    });
  });

  describe('assignment', () => {
    it('assigns an unassigned case', () => {
      given(historyIn.new)
        .when(assign(LAWYER))
        .then([assigned(LAWYER, null)]);
    });

    it('reassigns, naming the previous lawyer', () => {
      given([...historyIn.new, assigned(LAWYER)])
        .when(assign(OTHER_LAWYER))
        .then([assigned(OTHER_LAWYER, LAWYER)]);
    });

    it('records nothing when the lawyer is already assigned', () => {
      given([...historyIn.triaged, assigned(LAWYER)])
        .when(assign(LAWYER))
        .thenNothingHappens();
    });

    it('refuses a closed case', () => {
      given(historyIn.closed)
        .when(assign(LAWYER))
        .thenThrows(RuleViolation, /closed case cannot be assigned/);
    });

    it('works again once the case is reopened', () => {
      given([...historyIn.closed, reopened('new decision')])
        .when(assign(LAWYER))
        .then([assigned(LAWYER, null)]);
    });
  });

  describe('notes', () => {
    it('adds a note with its text trimmed', () => {
      given(historyIn.new)
        .when(addNote('note-1', '\n Позвонил брат, адрес ОВД известен  '))
        .then([noteAdded('note-1', 'Позвонил брат, адрес ОВД известен')]);
    });

    it.each(['', '   ', '\n\t'])('refuses an empty note (%p)', (text) => {
      given(historyIn.new)
        .when(addNote('note-1', text))
        .thenThrows(RuleViolation, /needs some text/);
    });

    it('records nothing for a note id already used', () => {
      given([...historyIn.new, noteAdded('note-1', 'Позвонил брат')])
        .when(addNote('note-1', 'Позвонил брат'))
        .thenNothingHappens();
    });

    it('accepts notes on a closed case, where follow-up contact still happens', () => {
      given(historyIn.closed)
        .when(addNote('note-2', 'Client reached home'))
        .then([noteAdded('note-2', 'Client reached home')]);
    });
  });

  describe('deadlines', () => {
    it('sets a deadline with its legal basis', () => {
      given(historyIn.in_progress)
        .when(setDeadline('deadline-1'))
        .then([deadlineSet('deadline-1')]);
    });

    it('trims the basis and records a blank one as null', () => {
      given(historyIn.in_progress)
        .when(setDeadline('deadline-1', coordinator, '  KAS RF art. 219 '))
        .then([deadlineSet('deadline-1', 'KAS RF art. 219')]);
      given(historyIn.in_progress)
        .when(setDeadline('deadline-1', coordinator, '  '))
        .then([deadlineSet('deadline-1', null)]);
    });

    it('records nothing for a deadline id already set', () => {
      given([...historyIn.in_progress, deadlineSet('deadline-1')])
        .when(setDeadline('deadline-1'))
        .thenNothingHappens();
    });

    it('refuses a closed case', () => {
      given(historyIn.closed)
        .when(setDeadline('deadline-1'))
        .thenThrows(RuleViolation, /closed case takes no deadlines/);
    });
  });

  describe('who may do what', () => {
    const workingCase = [...historyIn.in_progress, assigned(LAWYER)];
    const closedCase = [...historyIn.closed, assigned(LAWYER)];
    const actions: Record<string, { history: CaseEvent[]; command: (by: Actor) => CaseCommand }> = {
      'add a note': { history: workingCase, command: (by) => addNote('note-9', 'text', by) },
      'change the status': { history: workingCase, command: (by) => changeStatus('awaiting_decision', by) },
      'set deadlines': { history: workingCase, command: (by) => setDeadline('deadline-9', by) },
      'assign a case': { history: workingCase, command: (by) => assign(OTHER_LAWYER, by) },
      'close a case': { history: workingCase, command: (by) => close('settled', by) },
      'close through the status route': { history: workingCase, command: (by) => changeStatus('closed', by) },
      'reopen a case': { history: closedCase, command: (by) => reopen('new decision', by) },
    };
    const assignedLawyer = lawyer;
    const otherLawyerMsg = /only on a case assigned to you/;
    const managersOnly = /Only coordinators and admins may/;
    // [who, actor, action, undefined when allowed or the message that refuses it]
    const table: [string, Actor, string, RegExp | undefined][] = [
      ['intake', intake, 'add a note', undefined],
      ['intake', intake, 'change the status', /Your role may not change the status/],
      ['intake', intake, 'set deadlines', /Your role may not set deadlines/],
      ['intake', intake, 'assign a case', managersOnly],
      ['intake', intake, 'close a case', managersOnly],
      ['intake', intake, 'close through the status route', managersOnly],
      ['intake', intake, 'reopen a case', managersOnly],
      ['the assigned lawyer', assignedLawyer, 'add a note', undefined],
      ['the assigned lawyer', assignedLawyer, 'change the status', undefined],
      ['the assigned lawyer', assignedLawyer, 'set deadlines', undefined],
      ['the assigned lawyer', assignedLawyer, 'assign a case', managersOnly],
      ['the assigned lawyer', assignedLawyer, 'close a case', managersOnly],
      ['the assigned lawyer', assignedLawyer, 'close through the status route', managersOnly],
      ['the assigned lawyer', assignedLawyer, 'reopen a case', managersOnly],
      ['another lawyer', otherLawyer, 'add a note', undefined],
      ['another lawyer', otherLawyer, 'change the status', otherLawyerMsg],
      ['another lawyer', otherLawyer, 'set deadlines', otherLawyerMsg],
      ['another lawyer', otherLawyer, 'assign a case', managersOnly],
      ['another lawyer', otherLawyer, 'close a case', managersOnly],
      ['another lawyer', otherLawyer, 'close through the status route', managersOnly],
      ['another lawyer', otherLawyer, 'reopen a case', managersOnly],
      ...[coordinator, admin].flatMap((by) =>
        Object.keys(actions).map((action): [string, Actor, string, undefined] => [
          by.role,
          by,
          action,
          undefined,
        ]),
      ),
    ];

    it.each(table.filter(([, , , refusal]) => refusal === undefined))('%s may %s', (_who, by, action) => {
      const { history, command } = actions[action];
      expect(decide(command(by), foldCase(history))).toHaveLength(1);
    });

    it.each(table.filter(([, , , refusal]) => refusal !== undefined))(
      '%s may not %s',
      (_who, by, action, refusal) => {
        const { history, command } = actions[action];
        given(history).when(command(by)).thenThrows(Forbidden, refusal);
      },
    );

    it('tells an unassigned lawyer no before telling them the transition is illegal', () => {
      given([...historyIn.closed, assigned(LAWYER)])
        .when(changeStatus('triaged', otherLawyer))
        .thenThrows(Forbidden, /assigned to you/);
    });

    it('refuses a lawyer on an unassigned case', () => {
      given(historyIn.in_progress)
        .when(setDeadline('deadline-1', lawyer))
        .thenThrows(Forbidden, /assigned to you/);
    });

    it('follows the case when it is reassigned away from a lawyer', () => {
      given([...historyIn.in_progress, assigned(LAWYER), assigned(OTHER_LAWYER, LAWYER)])
        .when(changeStatus('awaiting_decision', lawyer))
        .thenThrows(Forbidden, /assigned to you/);
    });
  });

  describe('evolve', () => {
    it('starts from a case that does not exist', () => {
      expect(initialCaseState()).toEqual({
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
      expect(foldCase([])).toEqual(initialCaseState());
    });

    it('opens a new, unassigned case at version 1 when the appeal is logged', () => {
      expect(foldCase([appealLogged])).toEqual<CaseState>({
        ...initialCaseState(),
        exists: true,
        clientId: appealLogged.data.clientId,
        status: 'new',
        version: 1,
      });
    });

    it('counts every event in the version, notes and deadlines included', () => {
      const history = [
        appealLogged,
        noteAdded('note-1', 'a'),
        assigned(LAWYER),
        deadlineSet('deadline-1'),
        statusChanged('new', 'triaged'),
        noteAdded('note-2', 'b'),
      ];
      expect(foldCase(history).version).toBe(6);
    });

    it('collects note and deadline ids', () => {
      const state = foldCase([
        appealLogged,
        noteAdded('note-1', 'a'),
        deadlineSet('deadline-1'),
        noteAdded('note-2', 'b'),
      ]);
      expect(state.noteIds).toEqual(['note-1', 'note-2']);
      expect(state.deadlineIds).toEqual(['deadline-1']);
    });

    it('follows the assignee through reassignment', () => {
      expect(foldCase([appealLogged, assigned(LAWYER)]).assigneeId).toBe(LAWYER);
      expect(foldCase([appealLogged, assigned(LAWYER), assigned(OTHER_LAWYER, LAWYER)]).assigneeId).toBe(
        OTHER_LAWYER,
      );
    });

    it('follows the status', () => {
      expect(foldCase(historyIn.awaiting_decision).status).toBe('awaiting_decision');
    });

    it('keeps the outcome of a closed case', () => {
      expect(foldCase([...historyIn.triaged, closed('triaged', 'deported')])).toMatchObject({
        status: 'closed',
        outcome: 'deported',
        version: 3,
      });
    });

    it('has no outcome for a case closed through the status route', () => {
      expect(foldCase([...historyIn.triaged, statusChanged('triaged', 'closed')])).toMatchObject({
        status: 'closed',
        outcome: null,
      });
    });

    it('puts a reopened case back in progress, clears the outcome and keeps the lawyer', () => {
      expect(foldCase([...historyIn.closed, assigned(LAWYER), reopened('new decision')])).toMatchObject({
        status: 'in_progress',
        outcome: null,
        assigneeId: LAWYER,
        version: 6,
      });
    });

    it('never changes the state it is given', () => {
      const before = Object.freeze(foldCase(historyIn.new));
      const snapshot = structuredClone(before);
      const after = evolve(before, noteAdded('note-1', 'a'));
      expect(before).toEqual(snapshot);
      expect(after).not.toBe(before);
    });
  });
});

describe('a lawyer claiming a task of the case', () => {
  const take = (by: Actor): CaseCommand => ({
    type: 'TakeCaseWithTask',
    data: { ...stamp(by), taskId: 'task-1' },
  });

  it('takes an open case nobody has, naming the task', () => {
    given([appealLogged])
      .when(take(lawyer))
      .then([
        { type: 'case-assigned', data: { lawyerId: LAWYER, previousLawyerId: null, taskId: 'task-1' } },
      ]);
  });

  it("leaves a case someone has, a closed case, and a coordinator's claim alone", () => {
    given([appealLogged, assigned(OTHER_LAWYER)])
      .when(take(lawyer))
      .thenNothingHappens();
    given([appealLogged, closed('new')])
      .when(take(lawyer))
      .thenNothingHappens();
    given([appealLogged]).when(take(coordinator)).thenNothingHappens();
  });
});

describe('attaching a document', () => {
  const attach = (by: Actor, documentId = 'doc-1'): CaseCommand => ({
    type: 'AttachDocument',
    data: {
      documentId,
      kind: 'court_ruling',
      contentType: 'application/pdf',
      size: 10,
      fileName: ' ruling.pdf ',
      ...stamp(by),
    },
  });
  const attached = {
    type: 'document-attached' as const,
    data: {
      documentId: 'doc-1',
      kind: 'court_ruling' as const,
      contentType: 'application/pdf',
      size: 10,
      fileName: 'ruling.pdf',
    },
  };

  it('records what the document is, once', () => {
    given([appealLogged]).when(attach(intake)).then([attached]);
    given([appealLogged, attached]).when(attach(lawyer)).thenNothingHappens();
  });

  it('is not for coordinators, who never see personal data', () => {
    given([appealLogged]).when(attach(coordinator)).thenThrows(Forbidden);
  });
});

describe('what a case seals', () => {
  it('declares every free-text field of every case event, under the client’s key', () => {
    expect(caseSealedFields.fields).toEqual({
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
    });
    const logged = foldCase([appealLogged]);
    expect(caseSealedFields.subjectOf(initialCaseState(), appealLogged)).toBe(appealLogged.data.clientId);
    expect(caseSealedFields.subjectOf(logged, { type: 'note-added', data: { noteId: 'n', text: 't' } })).toBe(
      appealLogged.data.clientId,
    );
  });
});
