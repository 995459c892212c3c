import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { IdentityModule } from '@huquq/identity';
import { GetBacklogReportHandler } from './backlog/backlog-report';
import { DashboardController } from './http/dashboard.controller';
import { ReportsController } from './http/reports.controller';
import { GetLoadReportHandler } from './load/load-report';

/** The coordinators' reports over HTTP, and the dashboard page that draws them. */
@Module({
  imports: [CqrsModule, IdentityModule],
  controllers: [ReportsController, DashboardController],
  providers: [GetLoadReportHandler, GetBacklogReportHandler],
})
export class ReportsModule {}
