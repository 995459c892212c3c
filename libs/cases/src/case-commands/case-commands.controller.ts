import { randomUUID } from 'node:crypto';
import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@huquq/identity';
import { ValidationFailed } from '@huquq/platform';
import { Actor } from '@huquq/shared-kernel';
import { contextFor } from '../shared/command-context';
import {
  AddNoteCommand,
  AssignCaseCommand,
  ChangeStatusCommand,
  CloseCaseCommand,
  ReopenCaseCommand,
  SetDeadlineCommand,
} from './case-commands';
import {
  AddNoteRequest,
  AssignCaseRequest,
  ChangeStatusRequest,
  CloseCaseRequest,
  ReopenCaseRequest,
  SetDeadlineRequest,
} from './case-commands.requests';

/** `expectedVersion` from the body, or the ETag a GET gave, sent back as `If-Match`. */
export function expectedVersionOf(body: { expectedVersion?: number }, ifMatch: string | undefined): number {
  if (body.expectedVersion !== undefined) return body.expectedVersion;
  const match = ifMatch?.trim().match(/^(?:W\/)?"?(\d+)"?$/);
  if (match) return Number(match[1]);
  throw new ValidationFailed('expectedVersion (or an If-Match header) is required', [
    {
      field: 'expectedVersion',
      problem: ifMatch ? 'If-Match must be an ETag from GET /v1/cases/:id' : 'is required',
    },
  ]);
}

function bodyOf<T extends { expectedVersion?: number }>(request: T): Omit<T, 'expectedVersion'> {
  const { expectedVersion: _version, ...rest } = request;
  return rest;
}

@ApiTags('cases')
@ApiBearerAuth()
@ApiHeader({ name: 'If-Match', required: false, description: 'The case ETag, instead of expectedVersion' })
@Controller('v1/cases/:id')
export class CaseCommandsController {
  constructor(private readonly commands: CommandBus) {}

  @Post('assignment')
  @HttpCode(200)
  @Roles('coordinator', 'admin')
  assign(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: AssignCaseRequest,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.commands.execute(
      new AssignCaseCommand(contextFor(actor), id, bodyOf(body), expectedVersionOf(body, ifMatch)),
    );
  }

  @Post('status')
  @HttpCode(200)
  @Roles('lawyer', 'coordinator', 'admin')
  changeStatus(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: ChangeStatusRequest,
    @Headers('if-match') ifMatch?: string,
  ) {
    const version = expectedVersionOf(body, ifMatch);
    return this.commands.execute(
      new ChangeStatusCommand(
        contextFor(actor),
        id,
        { status: body.status, reason: body.reason ?? null },
        version,
      ),
    );
  }

  @Post('notes')
  @HttpCode(200)
  addNote(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: AddNoteRequest) {
    return this.commands.execute(
      new AddNoteCommand(contextFor(actor), id, { noteId: randomUUID(), text: body.text }),
    );
  }

  @Post('deadlines')
  @HttpCode(200)
  @Roles('lawyer', 'coordinator', 'admin')
  setDeadline(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: SetDeadlineRequest,
    @Headers('if-match') ifMatch?: string,
  ) {
    const version = expectedVersionOf(body, ifMatch);
    const deadline = {
      deadlineId: randomUUID(),
      kind: body.kind,
      dueAt: body.dueAt,
      basis: body.basis ?? null,
    };
    return this.commands.execute(new SetDeadlineCommand(contextFor(actor), id, deadline, version));
  }

  @Post('close')
  @HttpCode(200)
  @Roles('coordinator', 'admin')
  close(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: CloseCaseRequest,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.commands.execute(
      new CloseCaseCommand(contextFor(actor), id, bodyOf(body), expectedVersionOf(body, ifMatch)),
    );
  }

  @Post('reopen')
  @HttpCode(200)
  @Roles('coordinator', 'admin')
  reopen(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: ReopenCaseRequest,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.commands.execute(
      new ReopenCaseCommand(contextFor(actor), id, bodyOf(body), expectedVersionOf(body, ifMatch)),
    );
  }
}
