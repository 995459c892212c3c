import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IdentityRepository } from '@huquq/identity';
import { RuleViolation } from '@huquq/platform';
import { PersonalFields } from '../shared/personal-fields';
import { CaseCommandExecutor } from './case-command.executor';
import {
  AddNoteCommand,
  AssignCaseCommand,
  ChangeStatusCommand,
  CloseCaseCommand,
  ReopenCaseCommand,
  SetDeadlineCommand,
} from './case-commands';

type Answer = Promise<{ version: number }>;

@CommandHandler(AssignCaseCommand)
export class AssignCaseHandler implements ICommandHandler<AssignCaseCommand> {
  constructor(
    private readonly cases: CaseCommandExecutor,
    private readonly identity: IdentityRepository,
  ) {}
  async execute(c: AssignCaseCommand): Answer {
    const lawyer = await this.identity.findUser(c.context.actor.orgId, c.body.lawyerId);
    if (!lawyer || lawyer.role !== 'lawyer') {
      throw new RuleViolation('lawyerId does not name a lawyer of your organization');
    }
    return this.cases.execute(c.context, c.caseId, 'AssignCase', c.body, c.expectedVersion);
  }
}

@CommandHandler(ChangeStatusCommand)
export class ChangeStatusHandler implements ICommandHandler<ChangeStatusCommand> {
  constructor(private readonly cases: CaseCommandExecutor) {}
  execute(c: ChangeStatusCommand): Answer {
    return this.cases.execute(c.context, c.caseId, 'ChangeStatus', c.body, c.expectedVersion);
  }
}

@CommandHandler(AddNoteCommand)
export class AddNoteHandler implements ICommandHandler<AddNoteCommand> {
  constructor(
    private readonly cases: CaseCommandExecutor,
    private readonly personal: PersonalFields,
  ) {}
  execute(c: AddNoteCommand): Answer {
    const text = c.body.text.trim();
    if (!text) throw new RuleViolation('A note needs some text');
    // Sealed under the key of the case's client: erasing the person erases their notes too.
    return this.cases.execute(c.context, c.caseId, 'AddNote', async ({ orgId, clientId }) => ({
      noteId: c.body.noteId,
      text: (await this.personal.seal({ orgId, subjectId: clientId }, 'note.text', text))!,
    }));
  }
}

@CommandHandler(SetDeadlineCommand)
export class SetDeadlineHandler implements ICommandHandler<SetDeadlineCommand> {
  constructor(private readonly cases: CaseCommandExecutor) {}
  execute(c: SetDeadlineCommand): Answer {
    return this.cases.execute(c.context, c.caseId, 'SetDeadline', c.body, c.expectedVersion);
  }
}

@CommandHandler(CloseCaseCommand)
export class CloseCaseHandler implements ICommandHandler<CloseCaseCommand> {
  constructor(private readonly cases: CaseCommandExecutor) {}
  execute(c: CloseCaseCommand): Answer {
    return this.cases.execute(c.context, c.caseId, 'CloseCase', c.body, c.expectedVersion);
  }
}

@CommandHandler(ReopenCaseCommand)
export class ReopenCaseHandler implements ICommandHandler<ReopenCaseCommand> {
  constructor(private readonly cases: CaseCommandExecutor) {}
  execute(c: ReopenCaseCommand): Answer {
    return this.cases.execute(c.context, c.caseId, 'ReopenCase', c.body, c.expectedVersion);
  }
}

export const CASE_COMMAND_HANDLERS = [
  AssignCaseHandler,
  ChangeStatusHandler,
  AddNoteHandler,
  SetDeadlineHandler,
  CloseCaseHandler,
  ReopenCaseHandler,
];
