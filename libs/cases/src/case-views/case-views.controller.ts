import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor } from '@huquq/identity';
import { Actor } from '@huquq/shared-kernel';
import { GetCase, GetCaseHistory, ListCases } from './case-queries';
import { ListCasesRequest } from './list-cases.request';
import { CaseHistory, CasePage, CaseView } from './case.responses';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('v1/cases')
export class CaseViewsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOkResponse({ type: CasePage })
  list(@CurrentActor() actor: Actor, @Query() filters: ListCasesRequest) {
    return this.queries.execute(new ListCases(actor, filters));
  }

  @Get(':id')
  @ApiOkResponse({
    type: CaseView,
    headers: {
      ETag: {
        description: 'The case\'s version, `"<version>"`: send it back as If-Match',
        schema: { type: 'string' },
      },
    },
  })
  async get(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    const view = await this.queries.execute(new GetCase(actor, id));
    res.setHeader('ETag', `"${view.version}"`);
    return view;
  }

  @Get(':id/history')
  @ApiOkResponse({ type: CaseHistory })
  history(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.queries.execute(new GetCaseHistory(actor, id));
  }
}
