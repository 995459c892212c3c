import { ApiProperty } from '@nestjs/swagger';
import type { NeedToKnowSettings } from '@huquq/identity';
import { ROLES } from '@huquq/shared-kernel';

/** The need-to-know routes' answers (the swagger plugin reads this file). */
export class NeedToKnowSettingsResponse implements NeedToKnowSettings {
  /** Coordinators steer cases without names: off by default. */
  coordinatorsSeePersonalData: boolean;

  /** Admins see personal data to erase or export it, not in the case view: off by default. */
  adminsSeePersonalDataInCases: boolean;

  /** How long intake sees the person of an appeal they logged themselves. */
  intakeWindowHours: number;

  /** More distinct cases than this read by one user in an hour is unusual reading. */
  unusualReadingCasesPerHour: number;
}

/** One read of personal data: who, in which role, what, when. Ids only. */
export class PersonalDataRead {
  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty({ enum: ROLES })
  role: string;

  /** What was read: case-view, case-list, case-history, client-record, task-result…, or unusual-reading. */
  @ApiProperty({ example: 'case-view' })
  action: string;

  @ApiProperty({ format: 'date-time' })
  at: string;

  @ApiProperty({ format: 'uuid' })
  caseId?: string;

  @ApiProperty({ format: 'uuid' })
  clientId?: string;
}

export class AccessLogPage {
  /** Newest first. */
  items: PersonalDataRead[];

  /** Send as `cursor` for the next page; null on the last. */
  nextCursor: string | null;
}
