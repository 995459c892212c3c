import { ApiProperty } from '@nestjs/swagger';
import type { LoggedAppeal } from './appeal-intake';
import type { ReportedIncident } from './report-incident/report-incident.handler';

/** What intake answers (the swagger plugin reads this file). */
export class LoggedAppealResponse implements LoggedAppeal {
  @ApiProperty({ format: 'uuid' })
  caseId: string;

  /** The organization's number for the case, by year. */
  @ApiProperty({ example: '2026-000017' })
  caseNumber: string;

  /** The person's client record: a returning person found by passport or phone keeps theirs. */
  @ApiProperty({ format: 'uuid' })
  clientId: string;

  @ApiProperty({ enum: ['new'] })
  status: 'new';

  /** The case's version: send it as expectedVersion with the next command. */
  version: number;

  /** Open cases of possibly the same person, to judge (GET /v1/cases/{id}). */
  @ApiProperty({ type: String, format: 'uuid', isArray: true })
  possibleDuplicates: string[];
}

export class ReportedIncidentResponse implements ReportedIncident {
  @ApiProperty({ format: 'uuid' })
  incidentId: string;

  /** One case per person, in the order they were sent. */
  @ApiProperty({ type: String, format: 'uuid', isArray: true })
  caseIds: string[];
}
