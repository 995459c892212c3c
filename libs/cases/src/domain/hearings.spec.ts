import { Actor, Forbidden, NotFound, RuleViolation } from '@huquq/shared-kernel';
import { deciderSpec } from '@huquq/shared-kernel/testing/decider-spec';
import { ScheduleHearing } from './case.commands';
import { caseDecider } from './case.decider';
import { AppealLogged, CaseEvent, HearingScheduled } from './case.events';

const given = deciderSpec(caseDecider);
const CASE_ID = '6f1c1d0e-4a57-4a8e-9d6b-1d6f0c2b7a11';
const NOW = '2025-03-01T12:00:00+03:00';
const lawyer: Actor = { userId: 'lawyer-1', orgId: 'org-1', role: 'lawyer' };
const otherLawyer: Actor = { userId: 'lawyer-2', orgId: 'org-1', role: 'lawyer' };

const logged = {
  type: 'appeal-logged',
  data: { caseId: CASE_ID, clientId: 'client-1', appealType: 'expulsion_order' },
} as unknown as AppealLogged;
const assigned: CaseEvent = { type: 'case-assigned', data: { lawyerId: 'lawyer-1', previousLawyerId: null } };

const schedule = (extra: Partial<ScheduleHearing['data']> = {}): ScheduleHearing => ({
  type: 'ScheduleHearing',
  data: {
    hearingId: 'h-1',
    caseId: CASE_ID,
    court: ' Мещанский районный суд ',
    kind: 'expulsion_complaint',
    startsAt: '2025-03-02T10:00:00+03:00',
    complaintReceivedAt: '2025-03-01T15:00:00+03:00',
    actor: lawyer,
    now: NOW,
    ...extra,
  },
});

const scheduled: HearingScheduled = {
  type: 'hearing-scheduled',
  data: {
    hearingId: 'h-1',
    caseId: CASE_ID,
    clientId: 'client-1',
    court: 'Мещанский районный суд',
    kind: 'expulsion_complaint',
    startsAt: '2025-03-02T10:00:00+03:00',
    complaintReceivedAt: '2025-03-01T15:00:00+03:00',
  },
};

describe('hearings', () => {
  it("the case's lawyer schedules a hearing; the same one again records nothing", () => {
    given([logged, assigned]).when(schedule()).then([scheduled]);
    given([logged, assigned, scheduled]).when(schedule()).thenNothingHappens();
  });

  it("another lawyer may not; the court's receipt belongs to a complaint against an expulsion ruling only", () => {
    given([logged, assigned])
      .when(schedule({ actor: otherLawyer }))
      .thenThrows(Forbidden);
    given([logged, assigned])
      .when(schedule({ kind: 'administrative_case' }))
      .thenThrows(RuleViolation, /expulsion_complaint/);
  });

  it('records a result once, for a hearing of the case', () => {
    const result = (hearingId: string) => ({
      type: 'RecordHearingResult' as const,
      data: { hearingId, result: 'held' as const, note: null, actor: lawyer, now: NOW },
    });
    given([logged, assigned, scheduled])
      .when(result('h-1'))
      .then([{ type: 'hearing-result-recorded', data: { hearingId: 'h-1', result: 'held', note: null } }]);
    given([logged, assigned, scheduled]).when(result('h-2')).thenThrows(NotFound);
    given([
      logged,
      assigned,
      scheduled,
      { type: 'hearing-result-recorded', data: { hearingId: 'h-1', result: 'held', note: null } },
    ])
      .when(result('h-1'))
      .thenThrows(RuleViolation, /already/);
  });
});
