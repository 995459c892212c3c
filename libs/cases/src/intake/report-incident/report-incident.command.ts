import { CommandContext } from '@huquq/shared-kernel';
import { ReportIncidentRequest } from './report-incident.request';

export class ReportIncidentCommand {
  constructor(
    readonly context: CommandContext,
    readonly request: ReportIncidentRequest,
    readonly idempotencyKey?: string,
  ) {}
}
