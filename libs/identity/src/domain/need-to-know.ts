import { Actor } from '@huquq/shared-kernel';

/**
 * An organization's need-to-know settings (table `need_to_know_settings`; no row, the defaults).
 */
export interface NeedToKnowSettings {
  /** Coordinators steer cases without names: off by default. */
  coordinatorsSeePersonalData: boolean;
  /** Admins see personal data to erase or export it, not in the case view: off by default. */
  adminsSeePersonalDataInCases: boolean;
  /** How long intake sees the person of an appeal they logged themselves. */
  intakeWindowHours: number;
  /** More distinct cases than this read by one user in an hour is unusual reading. */
  unusualReadingCasesPerHour: number;
}

export const DEFAULT_NEED_TO_KNOW: NeedToKnowSettings = {
  coordinatorsSeePersonalData: false,
  adminsSeePersonalDataInCases: false,
  intakeWindowHours: 24,
  unusualReadingCasesPerHour: 50,
};

/** What the policy needs to know about one case: who works it and who logged it, when. */
export interface CaseFacts {
  assigneeId: string | null;
  /** Users who claimed one of the case's tasks (open or done). */
  taskClaimants: readonly string[];
  loggedBy: string | null;
  loggedAt: Date | null;
}

/**
 * The one need-to-know rule: does this actor see the personal data (name, phone, passport,
 * birth date, free text) of this case? Everyone in the organization sees its non-personal
 * fields; this decides only the personal ones.
 */
export function seesPersonalData(
  actor: Actor,
  facts: CaseFacts,
  settings: NeedToKnowSettings,
  now: Date,
): boolean {
  switch (actor.role) {
    case 'lawyer':
      return facts.assigneeId === actor.userId || facts.taskClaimants.includes(actor.userId);
    case 'intake':
      return (
        facts.loggedBy === actor.userId &&
        facts.loggedAt !== null &&
        now.getTime() - facts.loggedAt.getTime() < settings.intakeWindowHours * 3_600_000
      );
    case 'coordinator':
      return settings.coordinatorsSeePersonalData;
    case 'admin':
      return settings.adminsSeePersonalDataInCases;
  }
}
