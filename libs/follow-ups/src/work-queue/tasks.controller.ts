import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, Roles } from '@huquq/identity';
import { CompleteTaskRequest } from './complete-task.request';
import { ListTasksRequest } from './list-tasks.request';
import { ClaimTask, CompleteTask } from './task-commands';
import { GetTask, ListTasks } from './task-queries';

/** Lawyers' and coordinators' work queues (see the HTTP contract, the OpenAPI document at /docs-json). */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('v1/tasks')
export class TasksController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @Roles('lawyer', 'coordinator', 'admin')
  list(@CurrentActor() actor: Actor, @Query() filters: ListTasksRequest) {
    return this.queries.execute(new ListTasks(actor, filters));
  }

  @Get(':id')
  @Roles('lawyer', 'coordinator', 'admin')
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.queries.execute(new GetTask(actor, id));
  }

  @Post(':id/claim')
  @HttpCode(200)
  @Roles('lawyer', 'coordinator')
  claim(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.commands.execute(new ClaimTask(actor, id));
  }

  @Post(':id/complete')
  @HttpCode(200)
  @Roles('lawyer', 'coordinator')
  complete(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: CompleteTaskRequest) {
    return this.commands.execute(new CompleteTask(actor, id, body.result));
  }
}
