import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, CommandHandler as Handles, ICommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { CommandHandler } from '@huquq/event-store';
import { CurrentActor, IdentityRepository, Roles } from '@huquq/identity';
import { IdempotencyKey } from '@huquq/platform';
import {
  Actor,
  CommandContext,
  NotFound,
  personIn,
  requestContext,
  requireId,
  RuleViolation,
} from '@huquq/shared-kernel';
import { CASE_POLICY } from '../domain/case.policy';
import { caseStream, incidentStream } from '../streams';

export class AssignIncidentRequest {
  @ApiProperty({ format: 'uuid', description: 'A lawyer of your organization' })
  @IsUUID()
  lawyerId!: string;
}

/** What assigning a raid's cases answers. */
export class IncidentAssignment {
  @ApiProperty({ format: 'uuid' })
  incidentId: string;

  @ApiProperty({ format: 'uuid' })
  lawyerId: string;

  @ApiProperty({ description: "The raid's cases not closed" })
  openCases: number;

  @ApiProperty({ description: "Of those, the ones newly assigned (the others were already the lawyer's)" })
  assigned: number;
}

export class AssignIncidentCommand {
  constructor(
    readonly context: CommandContext,
    readonly incidentId: string,
    readonly lawyerId: string,
    readonly idempotencyKey?: string,
  ) {}
}

/**
 * A raid's open cases to one lawyer, in one command: every case is assigned (an event on each,
 * with who did it) or none is. Cases already the lawyer's record nothing; closed ones are left.
 */
@Handles(AssignIncidentCommand)
export class AssignIncidentHandler implements ICommandHandler<AssignIncidentCommand> {
  constructor(
    private readonly commands: CommandHandler,
    private readonly identity: IdentityRepository,
  ) {}

  async execute({
    context,
    incidentId,
    lawyerId,
    idempotencyKey,
  }: AssignIncidentCommand): Promise<IncidentAssignment> {
    const id = requireId(incidentId, 'incident');
    const lawyer = await this.identity.findUser(context.orgId, lawyerId);
    if (!lawyer || lawyer.role !== 'lawyer') {
      throw RuleViolation.because('not_a_lawyer', 'lawyerId does not name a lawyer of your organization');
    }
    const actor = personIn(context);
    return this.commands.execute(
      context,
      async (unit) => {
        const { state } = await unit.load(incidentStream, id);
        if (!state.exists) throw new NotFound('incident');
        const { rows } = await unit.sql.query<{ case_id: string }>(
          `SELECT case_id FROM case_views WHERE org_id = $1 AND incident_id = $2 AND status <> 'closed'
           ORDER BY case_number`,
          [context.orgId, id],
        );
        const now = new Date().toISOString();
        let assigned = 0;
        for (const { case_id: caseId } of rows) {
          const decided = await unit.decide(caseStream, caseId, {
            type: 'AssignCase',
            data: { actor, now, lawyerId },
          });
          if (decided.events.length > 0) assigned += 1;
        }
        return { incidentId: id, lawyerId, openCases: rows.length, assigned };
      },
      {
        idempotency: {
          key: idempotencyKey,
          request: { command: 'AssignIncident', incidentId: id, lawyerId },
        },
      },
    );
  }
}

@ApiTags('cases')
@ApiBearerAuth()
@Controller('v1/incidents/:id/assignment')
export class AssignIncidentController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @Roles(...CASE_POLICY.assign)
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ type: IncidentAssignment })
  assign(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: AssignIncidentRequest,
    @IdempotencyKey() key?: string,
    @Headers('x-request-id') requestId?: string,
  ) {
    return this.commands.execute(
      new AssignIncidentCommand(requestContext(actor, requestId), id, body.lawyerId, key),
    );
  }
}
