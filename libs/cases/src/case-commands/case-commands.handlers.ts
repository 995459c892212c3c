import { randomUUID } from 'node:crypto';
import { CommandHandler as Handles, ICommandHandler } from '@nestjs/cqrs';
import { CommandHandler } from '@huquq/event-store';
import { IdentityRepository } from '@huquq/identity';
import { deterministicUuid, personIn, requireId, resolveRegion, RuleViolation } from '@huquq/shared-kernel';
import { CaseCommand } from '../domain/case.commands';
import { caseStream } from '../streams';
import {
  AddNoteCommand,
  AssignCaseCommand,
  ChangeStatusCommand,
  CloseCaseCommand,
  RecordCustodyCommand,
  RecordHearingResultCommand,
  ReleaseFromCustodyCommand,
  ReopenCaseCommand,
  ScheduleHearingCommand,
  SetDeadlineCommand,
} from './case-commands';

type Message =
  | ScheduleHearingCommand
  | RecordHearingResultCommand
  | RecordCustodyCommand
  | ReleaseFromCustodyCommand
  | AssignCaseCommand
  | ChangeStatusCommand
  | AddNoteCommand
  | SetDeadlineCommand
  | CloseCaseCommand
  | ReopenCaseCommand;

/**
 * Every case command is one decision on one stream. A command with an expectedVersion is never
 * decided again after a lost race (the caller sees the 409); a note has none, so it is.
 */
function decideOnCase(
  commands: CommandHandler,
  message: Message,
  type: CaseCommand['type'],
  data: Record<string, unknown>,
): Promise<{ version: number }> {
  const caseId = requireId(message.caseId, 'case');
  const actor = personIn(message.context);
  return commands.execute(
    message.context,
    async (unit) => {
      const command = { type, data: { ...data, actor, now: new Date().toISOString() } } as CaseCommand;
      const { version } = await unit.decide(caseStream, caseId, command, {
        expectedVersion: message.expectedVersion,
      });
      return { version };
    },
    {
      idempotency: {
        key: message.idempotencyKey,
        request: { command: type, caseId, body: message.body, expectedVersion: message.expectedVersion },
      },
      attempts: message.expectedVersion === undefined ? 3 : 1,
    },
  );
}

/** Ids a repeat derives again: with an Idempotency-Key, a retried note or deadline is the same one. */
const idFor = (message: Message, what: string) =>
  message.idempotencyKey
    ? deterministicUuid(message.context.orgId, what, message.idempotencyKey)
    : randomUUID();

@Handles(AssignCaseCommand)
class AssignCaseHandler implements ICommandHandler<AssignCaseCommand> {
  constructor(
    private readonly commands: CommandHandler,
    private readonly identity: IdentityRepository,
  ) {}
  async execute(c: AssignCaseCommand) {
    const lawyer = await this.identity.findUser(c.context.orgId, c.body.lawyerId);
    if (!lawyer || lawyer.role !== 'lawyer') {
      throw RuleViolation.because('not_a_lawyer', 'assigneeId does not name a lawyer of your organization');
    }
    return decideOnCase(this.commands, c, 'AssignCase', c.body);
  }
}

@Handles(ChangeStatusCommand)
class ChangeStatusHandler implements ICommandHandler<ChangeStatusCommand> {
  constructor(private readonly commands: CommandHandler) {}
  execute(c: ChangeStatusCommand) {
    return decideOnCase(this.commands, c, 'ChangeStatus', c.body);
  }
}

@Handles(AddNoteCommand)
class AddNoteHandler implements ICommandHandler<AddNoteCommand> {
  constructor(private readonly commands: CommandHandler) {}
  execute(c: AddNoteCommand) {
    return decideOnCase(this.commands, c, 'AddNote', { noteId: idFor(c, 'note'), text: c.body.text });
  }
}

@Handles(SetDeadlineCommand)
class SetDeadlineHandler implements ICommandHandler<SetDeadlineCommand> {
  constructor(private readonly commands: CommandHandler) {}
  execute(c: SetDeadlineCommand) {
    return decideOnCase(this.commands, c, 'SetDeadline', { deadlineId: idFor(c, 'deadline'), ...c.body });
  }
}

@Handles(CloseCaseCommand)
class CloseCaseHandler implements ICommandHandler<CloseCaseCommand> {
  constructor(private readonly commands: CommandHandler) {}
  execute(c: CloseCaseCommand) {
    return decideOnCase(this.commands, c, 'CloseCase', c.body);
  }
}

@Handles(ReopenCaseCommand)
class ReopenCaseHandler implements ICommandHandler<ReopenCaseCommand> {
  constructor(private readonly commands: CommandHandler) {}
  execute(c: ReopenCaseCommand) {
    return decideOnCase(this.commands, c, 'ReopenCase', c.body);
  }
}

/** The region as a code; the caller's words that map to none are kept, sealed, as `regionText`. */
@Handles(RecordCustodyCommand)
class RecordCustodyHandler implements ICommandHandler<RecordCustodyCommand> {
  constructor(private readonly commands: CommandHandler) {}
  execute(c: RecordCustodyCommand) {
    const region = resolveRegion(c.body.region);
    return decideOnCase(this.commands, c, 'RecordCustody', {
      ...c.body,
      custodyId: idFor(c, 'custody'),
      caseId: c.caseId,
      region: region.code,
      regionText: region.remainder,
    });
  }
}

@Handles(ReleaseFromCustodyCommand)
class ReleaseFromCustodyHandler implements ICommandHandler<ReleaseFromCustodyCommand> {
  constructor(private readonly commands: CommandHandler) {}
  execute(c: ReleaseFromCustodyCommand) {
    return decideOnCase(this.commands, c, 'ReleaseFromCustody', c.body);
  }
}

@Handles(ScheduleHearingCommand)
class ScheduleHearingHandler implements ICommandHandler<ScheduleHearingCommand> {
  constructor(private readonly commands: CommandHandler) {}
  execute(c: ScheduleHearingCommand) {
    const hearingId = idFor(c, 'hearing');
    return decideOnCase(this.commands, c, 'ScheduleHearing', { ...c.body, hearingId, caseId: c.caseId }).then(
      ({ version }) => ({ version, hearingId }),
    );
  }
}

@Handles(RecordHearingResultCommand)
class RecordHearingResultHandler implements ICommandHandler<RecordHearingResultCommand> {
  constructor(private readonly commands: CommandHandler) {}
  execute(c: RecordHearingResultCommand) {
    return decideOnCase(this.commands, c, 'RecordHearingResult', c.body);
  }
}

export const CASE_COMMAND_HANDLERS = [
  ScheduleHearingHandler,
  RecordHearingResultHandler,
  RecordCustodyHandler,
  ReleaseFromCustodyHandler,
  AssignCaseHandler,
  ChangeStatusHandler,
  AddNoteHandler,
  SetDeadlineHandler,
  CloseCaseHandler,
  ReopenCaseHandler,
];
