import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiProduces,
  ApiPropertyOptional,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Request, Response } from 'express';
import { CurrentActor } from '@huquq/identity';
import { TenantDatabase, ValidationFailed } from '@huquq/platform';
import { Actor } from '@huquq/shared-kernel';
import { IsTimeWithOffset } from '../shared/validators';
import { CalendarHearingResponse as CalendarHearing, HearingsCalendar } from './hearings.responses';

export class ListHearingsRequest {
  @ApiPropertyOptional({ description: 'From this time (with offset); default: a day ago' })
  @IsOptional()
  @IsTimeWithOffset()
  from?: string;

  @ApiPropertyOptional({ description: 'Until this time, exclusive; default: 60 days on' })
  @IsOptional()
  @IsTimeWithOffset()
  to?: string;

  @ApiPropertyOptional({ enum: ['me'], description: 'me: hearings of the cases assigned to you' })
  @IsOptional()
  @IsIn(['me'])
  assignee?: 'me';
}

const DAY_MS = 86_400_000;
const MAX_RANGE_DAYS = 400;

const HEARINGS = `
  SELECT c.case_id, c.case_number, h->>'hearingId' AS hearing_id, h->>'kind' AS kind,
         (h->>'startsAt')::timestamptz AS starts_at, h->>'result' AS result
  FROM case_views c CROSS JOIN LATERAL jsonb_array_elements(c.hearings) h
  WHERE c.org_id = $1
    AND (h->>'startsAt')::timestamptz >= $2 AND (h->>'startsAt')::timestamptz < $3
    AND ($4::uuid IS NULL OR c.assignee_id = $4)
  ORDER BY starts_at, hearing_id
  LIMIT 1000`;

export class ListHearings {
  constructor(
    readonly actor: Actor,
    readonly query: ListHearingsRequest,
  ) {}
}

@QueryHandler(ListHearings)
export class ListHearingsHandler implements IQueryHandler<ListHearings, { items: CalendarHearing[] }> {
  constructor(private readonly db: TenantDatabase) {}

  async execute({ actor, query }: ListHearings) {
    const from = query.from ? new Date(query.from) : new Date(Date.now() - DAY_MS);
    const to = query.to ? new Date(query.to) : new Date(Date.now() + 60 * DAY_MS);
    if (to <= from || to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) {
      throw new ValidationFailed('The range is not valid', [
        { field: 'to', problem: `must be after from, at most ${MAX_RANGE_DAYS} days on` },
      ]);
    }
    const assignee = query.assignee === 'me' ? actor.userId : null;
    const rows = await this.db.transaction(actor.orgId, async (tx) => {
      const result = await tx.query<{
        case_id: string;
        case_number: string;
        hearing_id: string;
        kind: string;
        starts_at: Date;
        result: string | null;
      }>(HEARINGS, [actor.orgId, from, to, assignee]);
      return result.rows;
    });
    return {
      items: rows.map((row) => ({
        hearingId: row.hearing_id,
        caseId: row.case_id,
        caseNumber: row.case_number,
        kind: row.kind,
        startsAt: row.starts_at.toISOString(),
        result: row.result,
      })),
    };
  }
}

/** iCalendar (RFC 5545) for a phone's calendar: times in UTC, lines ended by CRLF, no personal data. */
function toICalendar(items: CalendarHearing[], now: Date): string {
  const stamp = (d: Date) =>
    d
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//huquq//hearings//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
  ];
  for (const item of items) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${item.hearingId}@huquq`,
      `DTSTAMP:${stamp(now)}`,
      `DTSTART:${stamp(new Date(item.startsAt))}`,
      'DURATION:PT1H',
      `SUMMARY:Hearing (${item.kind.replace(/_/g, ' ')}) - case ${item.caseNumber}`,
      `STATUS:${item.result === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.join('\r\n') + '\r\n';
}

/** A lawyer's calendar of hearings: JSON, or `Accept: text/calendar` for a phone's calendar. */
@ApiTags('hearings')
@ApiBearerAuth()
@ApiProduces('application/json', 'text/calendar')
@Controller('v1/hearings')
export class HearingsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOkResponse({
    description: 'JSON, or iCalendar (RFC 5545) with `Accept: text/calendar`',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(HearingsCalendar) } },
      'text/calendar': { schema: { type: 'string', example: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\n…' } },
    },
  })
  @ApiExtraModels(HearingsCalendar)
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: ListHearingsRequest,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const found: { items: CalendarHearing[] } = await this.queries.execute(new ListHearings(actor, query));
    res.vary('Accept');
    if (req.accepts(['application/json', 'text/calendar']) !== 'text/calendar') return found;
    res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    return toICalendar(found.items, new Date());
  }
}
