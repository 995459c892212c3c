import { NotFound, RuleViolation } from '@huquq/shared-kernel';
import type { RecordHearingResult, ScheduleHearing } from './case.commands';
import type { CaseEvent } from './case.events';
import { mayWorkOn } from './case.policy';

/** What the rules need of a case's hearings: which exist, which have a result. */
export interface HearingsState {
  clientId: string | null;
  assigneeId: string | null;
  status: string | null;
  hearings: Readonly<Record<string, { hasResult: boolean }>>;
}

/** Scheduled by whoever works the case: its lawyer, coordinators and admins. */
export function scheduleHearing({ data }: ScheduleHearing, state: HearingsState): CaseEvent[] {
  mayWorkOn(data.actor, state, 'schedule hearings');
  if (state.status === 'closed')
    throw RuleViolation.because('case_closed', 'A closed case takes no hearings; reopen it first');
  if (state.hearings[data.hearingId]) return [];
  if (data.complaintReceivedAt && data.kind !== 'expulsion_complaint') {
    throw RuleViolation.because(
      'hearing_complaint_only_for_expulsion',
      'complaintReceivedAt is for a complaint against an expulsion ruling (expulsion_complaint)',
    );
  }
  return [
    {
      type: 'hearing-scheduled',
      data: {
        hearingId: data.hearingId,
        caseId: data.caseId,
        clientId: state.clientId!,
        court: data.court?.trim() || null,
        kind: data.kind,
        startsAt: data.startsAt,
        complaintReceivedAt: data.complaintReceivedAt,
      },
    },
  ];
}

export function recordHearingResult({ data }: RecordHearingResult, state: HearingsState): CaseEvent[] {
  mayWorkOn(data.actor, state, 'record hearing results');
  const hearing = state.hearings[data.hearingId];
  if (!hearing) throw new NotFound('hearing');
  if (hearing.hasResult)
    throw RuleViolation.because('hearing_result_recorded', 'This hearing already has its result');
  return [
    {
      type: 'hearing-result-recorded',
      data: { hearingId: data.hearingId, result: data.result, note: data.note?.trim() || null },
    },
  ];
}
