import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
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
@ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'A retry with the same key gets the first answer',
})
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
  searchByBody(@CurrentActor() actor: Actor, @Body() request: SearchClientsRequest) {
    return this.queries.execute(new SearchClients(actor, request));
  }

  @Get(':id')
  @Roles(...CASE_POLICY.searchClients)
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.queries.execute(new GetClient(actor, id));
  }

  @Post(':id/same-person')
  @HttpCode(200)
  @Roles(...CASE_POLICY.judgeDuplicates)
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
