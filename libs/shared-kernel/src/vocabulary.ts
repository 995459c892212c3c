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
