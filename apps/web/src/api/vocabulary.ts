/**
 * The API's words (the HTTP contract). The web app is a browser program and cannot import the
 * server's barrels; test/web/vocabulary.spec.ts checks these lists equal the shared kernel's.
 */
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
  'mvd_expulsion',
  'controlled_persons_registry',
] as const;
export const CHANNELS = ['hotline', 'messenger', 'walk_in', 'email', 'referral', 'other'] as const;
export const URGENCIES = ['critical', 'high', 'normal', 'low'] as const;
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
export type CaseStatus = 'new' | 'triaged' | 'in_progress' | 'awaiting_decision' | 'closed';

/** The status changes the case decider allows; closing and reopening have routes of their own. */
export const NEXT_STATUSES: Record<CaseStatus, CaseStatus[]> = {
  new: ['triaged'],
  triaged: ['in_progress'],
  in_progress: ['awaiting_decision'],
  awaiting_decision: ['in_progress'],
  closed: [],
};

export const INCIDENT_KINDS = ['dormitory_raid', 'workplace_raid', 'street_check', 'other'] as const;

/** One key per appeal type, in list order: the first keystroke of intake. */
export const TYPE_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '-', '=', '[', ']'];

export const HEARING_KINDS = [
  'expulsion_complaint',
  'administrative_case',
  'court_challenge',
  'labour_claim',
  'other',
] as const;
export const HEARING_RESULTS = ['held', 'postponed', 'cancelled'] as const;
export const DOCUMENT_KINDS = ['court_ruling', 'detention_protocol', 'power_of_attorney', 'other'] as const;

export const CUSTODY_GROUNDS = [
  'administrative',
  'migration_or_expulsion',
  'order',
  'expulsion_ruling',
] as const;
/**
 * The grounds each place may hold a person on, the server's default (the shorter clock) first:
 * libs/cases/src/domain/custody.ts refuses any other pair.
 */
export const groundsAt = (placeKind: string): readonly string[] =>
  placeKind === 'special_institution'
    ? ['order', 'expulsion_ruling']
    : ['administrative', 'migration_or_expulsion'];
