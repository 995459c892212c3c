import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { BacklogReportResponse, LoadReportResponse } from './reports.responses';
import type { Request, Response } from 'express';
import { Actor, CurrentActor, RateLimit, Roles } from '@huquq/identity';
import { BacklogReport, GetBacklogReport } from '../backlog/backlog-report';
import { backlogReportCsv, CsvFile, loadReportCsv } from '../csv/report-csv';
import { GetLoadReport, LoadReport } from '../load/load-report';
import { BacklogReportRequest, LoadReportRequest } from './report.requests';

/**
 * Coordinators' reports (see the HTTP contract, the OpenAPI document at /docs-json): counts and ids,
 * never a name or free text. Every report, JSON or CSV, counts against the organization's
 * `reports` rate limit.
 */
@ApiTags('reports')
@ApiBearerAuth()
@ApiProduces('application/json', 'text/csv')
@Roles('coordinator', 'admin')
@RateLimit('reports')
@ApiExtraModels(LoadReportResponse, BacklogReportResponse)
@Controller('v1/reports')
export class ReportsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('load')
  @ApiOkResponse({
    description: 'JSON, or CSV with `Accept: text/csv` (an attachment)',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(LoadReportResponse) } },
      'text/csv': { schema: { type: 'string' } },
    },
  })
  async load(
    @CurrentActor() actor: Actor,
    @Query() query: LoadReportRequest,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const report: LoadReport = await this.queries.execute(new GetLoadReport(actor, query));
    return wantsCsv(req, res) ? sendCsv(res, loadReportCsv(report)) : report;
  }

  @Get('backlog')
  @ApiOkResponse({
    description: 'JSON, or CSV with `Accept: text/csv` (an attachment)',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(BacklogReportResponse) } },
      'text/csv': { schema: { type: 'string' } },
    },
  })
  async backlog(
    @CurrentActor() actor: Actor,
    @Query() query: BacklogReportRequest,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const report: BacklogReport = await this.queries.execute(new GetBacklogReport(actor, query));
    return wantsCsv(req, res) ? sendCsv(res, backlogReportCsv(report)) : report;
  }
}

/** JSON unless the client prefers CSV; `*\/*` and no Accept at all get JSON. */
function wantsCsv(req: Request, res: Response): boolean {
  res.vary('Accept');
  return req.accepts(['application/json', 'text/csv']) === 'text/csv';
}

function sendCsv(res: Response, file: CsvFile): string {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
  return file.body;
}
