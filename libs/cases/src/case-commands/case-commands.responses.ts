/** What a case command answers (the swagger plugin reads this file). */
export class CaseVersion {
  /** The case's version now: send it as the next command's expectedVersion (or If-Match). */
  version: number;
}

export class ScheduledHearing extends CaseVersion {
  /** For POST /v1/cases/{id}/hearings/{hearingId}/result. */
  hearingId: string;
}
