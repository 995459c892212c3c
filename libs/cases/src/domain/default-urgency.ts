import { AppealType, Urgency } from '@huquq/shared-kernel';

/**
 * How urgent an appeal is when intake does not say. Intake can always override it per appeal;
 * this only decides where an unmarked appeal lands in the lawyers' queues. The record type makes
 * the compiler demand a row for every appeal type, so a new type cannot be forgotten here.
 *
 * Why these rows: deprivation of liberty and removal from the country run on clocks of hours
 * (KoAP art. 27.5) or a few days (art. 30.3, 32.10), so they are critical. The high rows either
 * lead to those within days or leave the person without papers or a roof. The rest can wait
 * for triage within the day.
 */
export const DEFAULT_URGENCY: Readonly<Record<AppealType, Urgency>> = {
  detention: 'critical',
  deportation: 'critical',
  expulsion_order: 'critical',
  mvd_expulsion: 'critical',

  entry_ban: 'high',
  eviction: 'high',
  workplace_raid: 'high',
  hate_violence: 'high',
  document_confiscation: 'high',
  controlled_persons_registry: 'high',

  registration_cancelled: 'normal',
  document_check: 'normal',
  labour_exploitation: 'normal',
  other: 'normal',
};

export const defaultUrgency = (appealType: AppealType): Urgency => DEFAULT_URGENCY[appealType];
