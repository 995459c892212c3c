import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@huquq/identity';
import { IdempotencyKey, ValidationFailed } from '@huquq/platform';
import { Actor, requestContext } from '@huquq/shared-kernel';
import { CASE_POLICY } from '../domain/case.policy';
import {
  AddNoteCommand,
  AssignCaseCommand,
  ChangeStatusCommand,
  CloseCaseCommand,
  RecordCustodyCommand,
  RecordHearingResultCommand,
  ReleaseFromCustodyCommand,
  ScheduleHearingCommand,
  ReopenCaseCommand,
  SetDeadlineCommand,
} from './case-commands';
import {
  AddNoteRequest,
  AssignCaseRequest,
  assigneeOf,
  ChangeStatusRequest,
  CloseCaseRequest,
  RecordCustodyRequest,
  RecordHearingResultRequest,
  ReleaseFromCustodyRequest,
  ScheduleHearingRequest,
  ReopenCaseRequest,
  SetDeadlineRequest,
} from './case-commands.requests';
import { CaseVersion, ScheduledHearing } from './case-commands.responses';

/** `expectedVersion` from the body, or the ETag a GET gave, sent back as `If-Match`. */
function expectedVersionOf(body: { expectedVersion?: number }, ifMatch: string | undefined): number {
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
@ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'A retry with the same key gets the first answer',
})
@Controller('v1/cases/:id')
export class CaseCommandsController {
  constructor(private readonly commands: CommandBus) {}

  @Post('assignment')
  @HttpCode(200)
  @ApiOkResponse({ type: CaseVersion })
  @Roles(...CASE_POLICY.assign)
  assign(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: AssignCaseRequest,
    @Headers('if-match') ifMatch?: string,
    @IdempotencyKey() key?: string,
    @Headers('x-request-id') requestId?: string,
  ) {
    return this.commands.execute(
      new AssignCaseCommand(
        requestContext(actor, requestId),
        id,
        { lawyerId: assigneeOf(body) },
        expectedVersionOf(body, ifMatch),
        key,
      ),
    );
  }

  @Post('status')
  @HttpCode(200)
  @ApiOkResponse({ type: CaseVersion })
  @Roles(...CASE_POLICY.changeStatus)
  changeStatus(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: ChangeStatusRequest,
    @Headers('if-match') ifMatch?: string,
    @IdempotencyKey() key?: string,
    @Headers('x-request-id') requestId?: string,
  ) {
    const version = expectedVersionOf(body, ifMatch);
    return this.commands.execute(
      new ChangeStatusCommand(
        requestContext(actor, requestId),
        id,
        { status: body.status, reason: body.reason ?? null },
        version,
        key,
      ),
    );
  }

  @Post('notes')
  @HttpCode(200)
  @ApiOkResponse({ type: CaseVersion })
  addNote(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: AddNoteRequest,
    @IdempotencyKey() key?: string,
    @Headers('x-request-id') requestId?: string,
  ) {
    return this.commands.execute(
      new AddNoteCommand(requestContext(actor, requestId), id, { text: body.text }, undefined, key),
    );
  }

  @Post('deadlines')
  @HttpCode(200)
  @ApiOkResponse({ type: CaseVersion })
  @Roles(...CASE_POLICY.setDeadline)
  setDeadline(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: SetDeadlineRequest,
    @Headers('if-match') ifMatch?: string,
    @IdempotencyKey() key?: string,
    @Headers('x-request-id') requestId?: string,
  ) {
    const version = expectedVersionOf(body, ifMatch);
    const deadline = {
      kind: body.kind,
      dueAt: body.dueAt,
      basis: body.basis ?? null,
    };
    return this.commands.execute(
      new SetDeadlineCommand(requestContext(actor, requestId), id, deadline, version, key),
    );
  }

  @Post('close')
  @HttpCode(200)
  @ApiOkResponse({ type: CaseVersion })
  @Roles(...CASE_POLICY.close)
  close(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: CloseCaseRequest,
    @Headers('if-match') ifMatch?: string,
    @IdempotencyKey() key?: string,
    @Headers('x-request-id') requestId?: string,
  ) {
    return this.commands.execute(
      new CloseCaseCommand(
        requestContext(actor, requestId),
        id,
        bodyOf(body),
        expectedVersionOf(body, ifMatch),
        key,
      ),
    );
  }

  @Post('reopen')
  @HttpCode(200)
  @ApiOkResponse({ type: CaseVersion })
  @Roles(...CASE_POLICY.reopen)
  reopen(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: ReopenCaseRequest,
    @Headers('if-match') ifMatch?: string,
    @IdempotencyKey() key?: string,
    @Headers('x-request-id') requestId?: string,
  ) {
    return this.commands.execute(
      new ReopenCaseCommand(
        requestContext(actor, requestId),
        id,
        bodyOf(body),
        expectedVersionOf(body, ifMatch),
        key,
      ),
    );
  }

  /** Where the person is held, since delivery; sent again with a new place, a transfer. */
  @Post('custody')
  @HttpCode(200)
  @ApiOkResponse({ type: CaseVersion })
  @Roles(...CASE_POLICY.logCustody)
  recordCustody(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: RecordCustodyRequest,
    @Headers('if-match') ifMatch?: string,
    @IdempotencyKey() key?: string,
    @Headers('x-request-id') requestId?: string,
  ) {
    const custody = {
      placeKind: body.placeKind,
      placeName: body.placeName ?? null,
      region: body.region ?? null,
      deliveredAt: body.deliveredAt,
      ...(body.grounds && { grounds: body.grounds }),
    };
    return this.commands.execute(
      new RecordCustodyCommand(
        requestContext(actor, requestId),
        id,
        custody,
        expectedVersionOf(body, ifMatch),
        key,
      ),
    );
  }

  @Post('custody/release')
  @HttpCode(200)
  @ApiOkResponse({ type: CaseVersion })
  @Roles(...CASE_POLICY.logCustody)
  release(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: ReleaseFromCustodyRequest,
    @Headers('if-match') ifMatch?: string,
    @IdempotencyKey() key?: string,
    @Headers('x-request-id') requestId?: string,
  ) {
    return this.commands.execute(
      new ReleaseFromCustodyCommand(
        requestContext(actor, requestId),
        id,
        bodyOf(body),
        expectedVersionOf(body, ifMatch),
        key,
      ),
    );
  }

  /** A court hearing: answers `{version, hearingId}`. */
  @Post('hearings')
  @HttpCode(200)
  @ApiOkResponse({ type: ScheduledHearing })
  @Roles(...CASE_POLICY.setDeadline)
  scheduleHearing(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: ScheduleHearingRequest,
    @Headers('if-match') ifMatch?: string,
    @IdempotencyKey() key?: string,
    @Headers('x-request-id') requestId?: string,
  ) {
    const hearing = {
      court: body.court ?? null,
      kind: body.kind,
      startsAt: body.startsAt,
      complaintReceivedAt: body.complaintReceivedAt ?? null,
    };
    return this.commands.execute(
      new ScheduleHearingCommand(
        requestContext(actor, requestId),
        id,
        hearing,
        expectedVersionOf(body, ifMatch),
        key,
      ),
    );
  }

  @Post('hearings/:hearingId/result')
  @HttpCode(200)
  @ApiOkResponse({ type: CaseVersion })
  @Roles(...CASE_POLICY.setDeadline)
  recordHearingResult(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('hearingId') hearingId: string,
    @Body() body: RecordHearingResultRequest,
    @Headers('if-match') ifMatch?: string,
    @IdempotencyKey() key?: string,
    @Headers('x-request-id') requestId?: string,
  ) {
    const result = { hearingId, result: body.result, note: body.note ?? null };
    return this.commands.execute(
      new RecordHearingResultCommand(
        requestContext(actor, requestId),
        id,
        result,
        expectedVersionOf(body, ifMatch),
        key,
      ),
    );
  }
}
