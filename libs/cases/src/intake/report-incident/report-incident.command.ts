import { CommandContext } from '../../shared/command-context';
import { ReportIncidentRequest } from './report-incident.request';

export class ReportIncidentCommand {
  constructor(
    readonly context: CommandContext,
    readonly request: ReportIncidentRequest,
    readonly idempotencyKey?: string,
  ) {}
}
