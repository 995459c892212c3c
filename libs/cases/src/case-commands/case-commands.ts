import {
  CaseStatus,
  CommandContext,
  CustodyGrounds,
  CustodyPlaceKind,
  HearingKind,
  HearingResult,
  Outcome,
} from '@huquq/shared-kernel';

/** The commands of the case routes; each names the version the caller last saw, notes excepted. */
abstract class CaseCommandMessage<Body> {
  constructor(
    readonly context: CommandContext,
    readonly caseId: string,
    readonly body: Body,
    readonly expectedVersion?: number,
    /** From the Idempotency-Key header: a retry gets the first answer. */
    readonly idempotencyKey?: string,
  ) {}
}

export class AssignCaseCommand extends CaseCommandMessage<{ lawyerId: string }> {}
export class ChangeStatusCommand extends CaseCommandMessage<{ status: CaseStatus; reason: string | null }> {}
export class AddNoteCommand extends CaseCommandMessage<{ text: string }> {}
export class SetDeadlineCommand extends CaseCommandMessage<{
  kind: string;
  dueAt: string;
  basis: string | null;
}> {}
export class CloseCaseCommand extends CaseCommandMessage<{ outcome: Outcome }> {}
export class ReopenCaseCommand extends CaseCommandMessage<{ reason: string }> {}
export class RecordCustodyCommand extends CaseCommandMessage<{
  placeKind: CustodyPlaceKind;
  placeName: string | null;
  region: string | null;
  grounds?: CustodyGrounds;
  deliveredAt: string;
}> {}
export class ReleaseFromCustodyCommand extends CaseCommandMessage<{ releasedAt: string }> {}
export class ScheduleHearingCommand extends CaseCommandMessage<{
  court: string | null;
  kind: HearingKind;
  startsAt: string;
  complaintReceivedAt: string | null;
}> {}
export class RecordHearingResultCommand extends CaseCommandMessage<{
  hearingId: string;
  result: HearingResult;
  note: string | null;
}> {}
