import { Inject, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { IdentityModule, TokenService } from '@huquq/identity';
import { FOLLOW_UP_QUEUE_TOKEN } from './follow-up-jobs.module';
import type { FollowUpQueue } from './jobs/follow-up-queue';
import { adminsOnly, BULL_BOARD_PATH, bullBoardRouter } from './operations/bull-board';
import { FollowUpRulesController } from './rules/follow-up-rules.controller';
import { TasksController } from './work-queue/tasks.controller';
import { TaskCommandHandler } from './work-queue/task-commands';
import { GetTaskHandler, ListTasksHandler } from './work-queue/task-queries';

/**
 * Follow-ups over HTTP: the work queues, the organization's rules, and Bull Board for admins.
 * Every write goes through the one write path: expects from the app CommandHandler (with
 * WorkQueueProjection among its inline projections), EventStore and TenantDatabase, from
 * FollowUpJobsModule the queue and the rulebook, and a PersonalDataProtector.
 */
@Module({
  imports: [CqrsModule, IdentityModule],
  controllers: [TasksController, FollowUpRulesController],
  providers: [TaskCommandHandler, ListTasksHandler, GetTaskHandler],
})
export class FollowUpsModule implements NestModule {
  constructor(
    @Inject(FOLLOW_UP_QUEUE_TOKEN) private readonly queue: FollowUpQueue,
    private readonly tokens: TokenService,
  ) {}

  configure(consumer: MiddlewareConsumer) {
    consumer.apply(adminsOnly(this.tokens), bullBoardRouter(this.queue)).forRoutes(BULL_BOARD_PATH);
  }
}
