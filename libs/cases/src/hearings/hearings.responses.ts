import { ApiProperty } from '@nestjs/swagger';
import { HEARING_KINDS, HEARING_RESULTS } from '@huquq/shared-kernel';

/** The hearings calendar's answer (the swagger plugin reads this file): no name, no court, no free text. */
export class CalendarHearingResponse {
  @ApiProperty({ format: 'uuid' })
  hearingId: string;

  @ApiProperty({ format: 'uuid' })
  caseId: string;

  /** Says where to look. */
  @ApiProperty({ example: '2026-000017' })
  caseNumber: string;

  @ApiProperty({ enum: HEARING_KINDS })
  kind: string;

  @ApiProperty({ format: 'date-time' })
  startsAt: string;

  @ApiProperty({ enum: [...HEARING_RESULTS, null], nullable: true, type: String })
  result: string | null;
}

export class HearingsCalendar {
  /** Soonest first, at most 1000. */
  items: CalendarHearingResponse[];
}
