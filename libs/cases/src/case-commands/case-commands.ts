import { CommandContext } from '../shared/command-context';
import { Outcome, CaseStatus } from '@huquq/shared-kernel';

/**
 * The commands of the case routes of the HTTP contract (the OpenAPI document at /docs-json); each
 * names the version the caller last saw.
 */
abstract class CaseCommandMessage<Body> {
  constructor(
    readonly context: CommandContext,
    readonly caseId: string,
    readonly body: Body,
    readonly expectedVersion?: number,
  ) {}
}

export class AssignCaseCommand extends CaseCommandMessage<{ lawyerId: string }> {}
export class ChangeStatusCommand extends CaseCommandMessage<{ status: CaseStatus; reason: string | null }> {}
export class AddNoteCommand extends CaseCommandMessage<{ noteId: string; text: string }> {}
export class SetDeadlineCommand extends CaseCommandMessage<{
  deadlineId: string;
  kind: string;
  dueAt: string;
  basis: string | null;
}> {}
export class CloseCaseCommand extends CaseCommandMessage<{ outcome: Outcome }> {}
export class ReopenCaseCommand extends CaseCommandMessage<{ reason: string }> {}
