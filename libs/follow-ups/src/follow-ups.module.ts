import { Inject, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { Logger } from 'pino';
import { IdentityModule, OperatorCredentials, operatorsOnly } from '@huquq/identity';
import { AppConfig, LOGGER } from '@huquq/platform';
import { FOLLOW_UP_QUEUE_TOKEN } from './follow-up-jobs.module';
import type { FollowUpQueue } from './jobs/follow-up-queue';
import { BULL_BOARD_PATH, bullBoardRouter, operatorWrites } from './operations/bull-board';
import { FollowUpRulesController } from './rules/follow-up-rules.controller';
import { TasksController } from './work-queue/tasks.controller';
import { TaskCommandHandler } from './work-queue/task-commands';
import { GetTaskHandler, ListTasksHandler } from './work-queue/task-queries';
import { NeedToKnow } from './need-to-know/need-to-know';
import { ReadAudit } from './need-to-know/read-audit';

/**
 * Follow-ups over HTTP: the work queues, the organization's rules, and Bull Board for the
 * installation's operators (OPERATOR_TOKEN; no organization's role opens it, an admin's
 * included: the queue holds every organization's jobs). Without OPERATOR_TOKEN the board is not
 * mounted at all. Read-only unless OPERATOR_WRITE.
 * Every write goes through the one write path: expects from the app CommandHandler (with
 * WorkQueueProjection among its inline projections), EventStore and TenantDatabase, from
 * FollowUpJobsModule the queue and the rulebook, and a PersonalDataProtector.
 */
@Module({
  imports: [CqrsModule, IdentityModule],
  controllers: [TasksController, FollowUpRulesController],
  providers: [TaskCommandHandler, ListTasksHandler, GetTaskHandler, NeedToKnow, ReadAudit],
})
export class FollowUpsModule implements NestModule {
  constructor(
    @Inject(FOLLOW_UP_QUEUE_TOKEN) private readonly queue: FollowUpQueue,
    private readonly operators: OperatorCredentials,
    private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  configure(consumer: MiddlewareConsumer) {
    if (!this.operators.enabled) return;
    const writable = this.config.OPERATOR_WRITE;
    consumer
      .apply(
        operatorsOnly(this.operators),
        operatorWrites(writable, this.logger),
        bullBoardRouter(this.queue, { writable }),
      )
      .forRoutes(BULL_BOARD_PATH);
  }
}
