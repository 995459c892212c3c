import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClientHits, ClientJudgement, ClientMerged, ClientRecord } from './clients.responses';
import { CurrentActor, RateLimit, Roles } from '@huquq/identity';
import { IdempotencyKey } from '@huquq/platform';
import { Actor, requestContext } from '@huquq/shared-kernel';
import { CASE_POLICY } from '../domain/case.policy';
import { GetClient } from './client-record/get-client';
import {
  ConfirmSamePersonCommand,
  MergeClientCommand,
  RecordNotSamePersonCommand,
} from './same-person/same-person.commands';
import { MergeClientRequest, OtherClientRequest } from './same-person/same-person.requests';
import { SearchClients } from './search/search-clients';
import { SearchClientsRequest } from './search/search-clients.request';

/**
 * Finding returning people and saying who is who. `search` is declared before `:id` so that
 * Express never takes "search" for an id.
 */
@ApiTags('clients')
@ApiBearerAuth()
@Controller('v1/clients')
export class ClientsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
  ) {}

  @Get('search')
  @Roles(...CASE_POLICY.searchClients)
  @RateLimit('search')
  @ApiOperation({
    summary: 'Search for a returning person (the query string carries personal data: prefer POST)',
  })
  @ApiOkResponse({ type: ClientHits })
  search(@CurrentActor() actor: Actor, @Query() request: SearchClientsRequest) {
    return this.queries.execute(new SearchClients(actor, request));
  }

  /**
   * The same search with what intake knows in a JSON body: proxies, load balancers and browser
   * histories keep URLs, seldom bodies. A query, not a command: nothing is recorded, so no
   * Idempotency-Key; same roles, same rate limit, same answer as GET.
   */
  @Post('search')
  @HttpCode(200)
  @Roles(...CASE_POLICY.searchClients)
  @RateLimit('search')
  @ApiOperation({ summary: 'Search for a returning person, the query in the body (nothing in the URL)' })
  @ApiOkResponse({ type: ClientHits })
  searchByBody(@CurrentActor() actor: Actor, @Body() request: SearchClientsRequest) {
    return this.queries.execute(new SearchClients(actor, request));
  }

  @Get(':id')
  @Roles(...CASE_POLICY.searchClients)
  @ApiOkResponse({ type: ClientRecord })
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.queries.execute(new GetClient(actor, id));
  }

  @Post(':id/same-person')
  @HttpCode(200)
  @Roles(...CASE_POLICY.judgeDuplicates)
  @ApiOkResponse({ type: ClientJudgement })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  samePerson(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: OtherClientRequest,
    @IdempotencyKey() key?: string,
    @Headers('x-request-id') requestId?: string,
  ) {
    return this.commands.execute(
      new ConfirmSamePersonCommand(requestContext(actor, requestId), id, body.otherClientId, key),
    );
  }

  @Post(':id/not-same-person')
  @HttpCode(200)
  @Roles(...CASE_POLICY.judgeDuplicates)
  @ApiOkResponse({ type: ClientJudgement })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  notSamePerson(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: OtherClientRequest,
    @IdempotencyKey() key?: string,
    @Headers('x-request-id') requestId?: string,
  ) {
    return this.commands.execute(
      new RecordNotSamePersonCommand(requestContext(actor, requestId), id, body.otherClientId, key),
    );
  }

  @Post(':id/merge')
  @HttpCode(200)
  @Roles(...CASE_POLICY.mergeClients)
  @ApiOkResponse({ type: ClientMerged })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  merge(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: MergeClientRequest,
    @IdempotencyKey() key?: string,
    @Headers('x-request-id') requestId?: string,
  ) {
    return this.commands.execute(
      new MergeClientCommand(requestContext(actor, requestId), id, body.intoClientId, key),
    );
  }
}
