import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { IdentityModule } from '@huquq/identity';
import { GetBacklogReportHandler } from './backlog/backlog-report';
import { DashboardController } from './http/dashboard.controller';
import { ReportsController } from './http/reports.controller';
import { GetLoadReportHandler } from './load/load-report';
import { GetIncidentBoardHandler, IncidentBoardController } from './incident-board/incident-board';

/** The coordinators' reports over HTTP, and the dashboard page that draws them. */
@Module({
  imports: [CqrsModule, IdentityModule],
  controllers: [ReportsController, DashboardController, IncidentBoardController],
  providers: [GetLoadReportHandler, GetBacklogReportHandler, GetIncidentBoardHandler],
})
export class ReportsModule {}
