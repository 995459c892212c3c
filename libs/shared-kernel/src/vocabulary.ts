/** The words of the trade, as the HTTP contract and docs/domain.md spell them. */
export const APPEAL_TYPES = [
  'detention',
  'document_check',
  'eviction',
  'expulsion_order',
  'deportation',
  'entry_ban',
  'registration_cancelled',
  'workplace_raid',
  'hate_violence',
  'labour_exploitation',
  'document_confiscation',
  'other',
  /** Expulsion decided by the Interior Ministry without a court (possible since 05.02.2025). */
  'mvd_expulsion',
  /** Inclusion in the registry of controlled persons (banking, marriage and moving restricted; since 2025). */
  'controlled_persons_registry',
] as const;
export type AppealType = (typeof APPEAL_TYPES)[number];

/** Where a person is held: a police station, a court, a temporary detention centre, a special institution for foreigners. */
export const CUSTODY_PLACE_KINDS = [
  'police_station',
  'court',
  'temporary_detention',
  'special_institution',
  'other',
] as const;
export type CustodyPlaceKind = (typeof CUSTODY_PLACE_KINDS)[number];

/**
 * Why a person is held, which sets the clock (docs/deadlines.md): `administrative` detention
 * (3 hours), `migration_or_expulsion` (a migration-regime offence or one punishable by expulsion:
 * 48 hours), a special institution on an `order` (48 hours without a court) or after an
 * `expulsion_ruling` (90 days at most).
 */
export const CUSTODY_GROUNDS = [
  'administrative',
  'migration_or_expulsion',
  'order',
  'expulsion_ruling',
] as const;
export type CustodyGrounds = (typeof CUSTODY_GROUNDS)[number];

/**
 * What a court hearing is about. `expulsion_complaint`: a complaint against an expulsion ruling
 * while the person is held for expulsion, heard within 24 hours of the court's receipt (KoAP
 * art. 30.5 part 3).
 */
export const HEARING_KINDS = [
  'expulsion_complaint',
  'administrative_case',
  'court_challenge',
  'labour_claim',
  'other',
] as const;
export type HearingKind = (typeof HEARING_KINDS)[number];

export const HEARING_RESULTS = ['held', 'postponed', 'cancelled'] as const;
export type HearingResult = (typeof HEARING_RESULTS)[number];

export const CHANNELS = ['hotline', 'messenger', 'walk_in', 'email', 'referral', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

export const URGENCIES = ['critical', 'high', 'normal', 'low'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const CASE_STATUSES = ['new', 'triaged', 'in_progress', 'awaiting_decision', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const OUTCOMES = [
  'released',
  'order_overturned',
  'order_upheld',
  'deported',
  'settled',
  'referred',
  'withdrawn',
  'no_contact',
  'other',
] as const;
export type Outcome = (typeof OUTCOMES)[number];
