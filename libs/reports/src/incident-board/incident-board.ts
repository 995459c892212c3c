import { Controller, Get, Param } from '@nestjs/common';
import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { IncidentBoardResponse, IncidentBoardResponse as IncidentBoard } from './incident-board.responses';
import { Actor, CurrentActor, RateLimit, Roles } from '@huquq/identity';
import { TenantDatabase } from '@huquq/platform';
import { NotFound, requireId } from '@huquq/shared-kernel';

/**
 * One state per person, the first that applies: expelled (closed as `deported`), held by the kind
 * of the current place, released, not reached, reached. So the counts add up to `people`.
 */
const BOARD = `
  WITH people AS (
    SELECT c.case_id, c.outcome,
           c.custody->'current'->>'placeKind' AS place,
           (c.custody->'current'->>'heldSince')::timestamptz AS held_since,
           c.custody->'current'->>'custodyId' AS custody_id,
           c.custody->>'releasedAt' IS NOT NULL OR c.outcome = 'released' AS released,
           EXISTS (SELECT 1 FROM follow_up_tasks t
                   WHERE t.case_id = c.case_id AND t.org_id = c.org_id AND t.status = 'done'
                     AND t.kind IN ('contact_detainee', 'reach_detainee')) AS reached
    FROM case_views c WHERE c.org_id = $1 AND c.incident_id = $2
  ), states AS (
    SELECT *, CASE
      WHEN outcome = 'deported' THEN 'expelled'
      WHEN place = 'court' THEN 'in_court'
      WHEN place = 'special_institution' THEN 'special_institution'
      WHEN place IS NOT NULL THEN 'held'
      WHEN released THEN 'released'
      WHEN NOT reached THEN 'not_reached'
      ELSE 'reached' END AS state
    FROM people
  )
  SELECT count(*)::int AS people,
         count(*) FILTER (WHERE state = 'held')::int AS held,
         min(held_since) FILTER (WHERE state = 'held') AS longest_held_since,
         count(*) FILTER (WHERE state = 'held' AND EXISTS (
           SELECT 1 FROM follow_up_deadlines d
           WHERE d.org_id = $1 AND d.custody_id::text = states.custody_id AND d.due_at <= now()))::int AS clocks_run_out,
         count(*) FILTER (WHERE state = 'in_court')::int AS in_court,
         count(*) FILTER (WHERE state = 'special_institution')::int AS special_institution,
         count(*) FILTER (WHERE state = 'released')::int AS released,
         count(*) FILTER (WHERE state = 'expelled')::int AS expelled,
         count(*) FILTER (WHERE state = 'not_reached')::int AS not_reached,
         count(*) FILTER (WHERE state = 'reached')::int AS reached
  FROM states`;

interface BoardRow {
  people: number;
  held: number;
  longest_held_since: Date | null;
  clocks_run_out: number;
  in_court: number;
  special_institution: number;
  released: number;
  expelled: number;
  not_reached: number;
  reached: number;
}

export class GetIncidentBoard {
  constructor(
    readonly actor: Actor,
    readonly incidentId: string,
  ) {}
}

@QueryHandler(GetIncidentBoard)
export class GetIncidentBoardHandler implements IQueryHandler<GetIncidentBoard, IncidentBoard> {
  constructor(private readonly db: TenantDatabase) {}

  async execute({ actor, incidentId }: GetIncidentBoard): Promise<IncidentBoard> {
    const id = requireId(incidentId, 'incident');
    const row = await this.db.transaction(actor.orgId, async (tx) => {
      const { rows } = await tx.query<BoardRow>(BOARD, [actor.orgId, id]);
      return rows[0];
    });
    // Another organization's raid answers like an unknown one: no people of ours.
    if (!row || row.people === 0) throw new NotFound('incident');
    return {
      incidentId: id,
      people: row.people,
      held: {
        count: row.held,
        longestHeldSince: row.longest_held_since?.toISOString() ?? null,
        clocksRunOut: row.clocks_run_out,
      },
      inCourt: row.in_court,
      specialInstitution: row.special_institution,
      released: row.released,
      expelled: row.expelled,
      notReached: row.not_reached,
      reached: row.reached,
      asOf: new Date().toISOString(),
    };
  }
}

/** The raid board for coordinators: `GET /v1/incidents/:id/board`. */
@ApiTags('incidents')
@ApiBearerAuth()
@Roles('coordinator', 'admin')
@RateLimit('reports')
@Controller('v1/incidents/:id/board')
export class IncidentBoardController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOkResponse({ type: IncidentBoardResponse })
  board(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<IncidentBoard> {
    return this.queries.execute(new GetIncidentBoard(actor, id));
  }
}
