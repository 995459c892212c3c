import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, Roles } from '@huquq/identity';
import { IdempotencyKey } from '@huquq/platform';
import { requestContext } from '@huquq/shared-kernel';
import { TASK_MANAGERS, TASK_READERS, TASK_RELEASERS, TASK_WORKERS } from '../domain/task.policy';
import { AssignTaskRequest, CompleteTaskRequest } from './complete-task.request';
import { ListTasksRequest } from './list-tasks.request';
import { TaskCommandHandler } from './task-commands';
import { GetTask, ListTasks } from './task-queries';
import { TaskDetailResponse, TaskPage, TaskQueueItemResponse } from './task.responses';

/** Lawyers' and coordinators' work queues (the OpenAPI document at /docs-json). Roles as task.policy.ts says. */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('v1/tasks')
export class TasksController {
  constructor(
    private readonly tasks: TaskCommandHandler,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @Roles(...TASK_READERS)
  @ApiOkResponse({ type: TaskPage })
  list(@CurrentActor() actor: Actor, @Query() filters: ListTasksRequest) {
    return this.queries.execute(new ListTasks(actor, filters));
  }

  @Get(':id')
  @Roles(...TASK_READERS)
  @ApiOkResponse({ type: TaskDetailResponse })
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.queries.execute(new GetTask(actor, id));
  }

  @Post(':id/claim')
  @HttpCode(200)
  @Roles(...TASK_WORKERS)
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ type: TaskQueueItemResponse })
  claim(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @IdempotencyKey() key?: string,
    @Headers('x-request-id') requestId?: string,
  ) {
    return this.tasks.claim(requestContext(actor, requestId), id, key);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @Roles(...TASK_WORKERS)
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ type: TaskQueueItemResponse })
  complete(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: CompleteTaskRequest,
    @IdempotencyKey() key?: string,
    @Headers('x-request-id') requestId?: string,
  ) {
    return this.tasks.complete(requestContext(actor, requestId), id, body.result, key);
  }

  /** Its holder gives it back, or a coordinator or admin takes it off them. */
  @Post(':id/release')
  @HttpCode(200)
  @Roles(...TASK_RELEASERS)
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ type: TaskQueueItemResponse })
  release(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @IdempotencyKey() key?: string,
    @Headers('x-request-id') requestId?: string,
  ) {
    return this.tasks.release(requestContext(actor, requestId), id, key);
  }

  @Post(':id/assign')
  @HttpCode(200)
  @Roles(...TASK_MANAGERS)
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ type: TaskQueueItemResponse })
  assign(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: AssignTaskRequest,
    @IdempotencyKey() key?: string,
    @Headers('x-request-id') requestId?: string,
  ) {
    return this.tasks.assign(requestContext(actor, requestId), id, body.userId, key);
  }
}
