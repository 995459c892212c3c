import { FollowUpRules, LegalClock } from '../domain/follow-up-rules';

/**
 * The legal clocks of docs/domain.md, each with its basis and how sure we are of it. Terms are counted
 * from the exact moment they start, so a computed deadline is never later than the legal one
 * (which runs to the end of its last day). Not legal advice: every clock is configuration.
 */
const LEGAL_CLOCKS: LegalClock[] = [
  {
    id: 'administrative-detention',
    trigger: 'administrative detention',
    term: 'PT3H',
    basis:
      'KoAP RF art. 27.5: administrative detention lasts at most 3 hours; up to 48 hours for ' +
      'migration-stay offences or offences punishable by expulsion',
    confidence: 'confirmed',
  },
  {
    id: 'appeal-against-ruling',
    trigger: 'a ruling in an administrative case, expulsion included, received',
    term: 'P10D',
    basis:
      'KoAP RF art. 30.3: appeal within 10 days of receiving the copy of the ruling; a missed ' +
      'term can be restored on motion',
    confidence: 'confirmed',
  },
  {
    id: 'controlled-self-departure',
    trigger: 'expulsion by controlled self-departure takes effect',
    term: 'P5D',
    basis: 'KoAP RF art. 32.10: leave within 5 days of the ruling taking effect (to verify)',
    confidence: 'to_verify',
  },
  {
    id: 'visa-free-stay',
    trigger: 'entry without a visa',
    term: 'P90D',
    basis: 'Federal Law 115-FZ art. 5: a stay without a visa is at most 90 days in any 180',
    confidence: 'confirmed',
  },
  {
    id: 'entry-ban-challenge',
    trigger: 'learning of an entry ban decision',
    term: 'P3M',
    basis: 'KAS RF art. 219: challenge the decision in court within 3 months of learning of it',
    confidence: 'confirmed',
  },
  {
    id: 'unpaid-wages-claim',
    trigger: 'wages not paid when due',
    term: 'P1Y',
    basis: 'Labour Code of the RF art. 392: claim unpaid wages within 1 year (to verify)',
    confidence: 'to_verify',
  },
];

/** The default follow-ups (docs/domain.md): what the worker does for each appeal and raid. */
export const DEFAULT_FOLLOW_UP_RULES: FollowUpRules = {
  clocks: LEGAL_CLOCKS,
  appealRules: [
    {
      id: 'detention-first-contact',
      appealTypes: ['detention'],
      task: {
        kind: 'contact_detainee',
        title: 'Contact the detainee or relatives, check the grounds of detention',
        queue: 'lawyer',
        due: 'PT1H',
        escalateAfter: 'PT3H',
        basis:
          'KoAP RF art. 27.5: administrative detention lasts at most 3 hours; up to 48 hours for ' +
          'migration-stay offences or offences punishable by expulsion',
      },
    },
    {
      id: 'removal-order-appeal',
      appealTypes: ['expulsion_order', 'deportation'],
      requires: ['decisionReceivedAt'],
      task: {
        kind: 'file_appeal',
        title: 'Draft and file the appeal against the ruling',
        queue: 'lawyer',
        due: 'deadline',
        escalateAfter: 'deadline',
        basis:
          'KoAP RF art. 30.3: appeal within 10 days of receiving the copy of the ruling; a missed ' +
          'term can be restored on motion',
      },
      deadline: {
        kind: 'appeal_against_ruling',
        clock: 'appeal-against-ruling',
        from: 'decisionReceivedAt',
        remindBefore: ['P5D', 'P2D', 'P1D'],
      },
    },
    {
      id: 'entry-ban-challenge',
      appealTypes: ['entry_ban'],
      requires: ['decisionReceivedAt'],
      task: {
        kind: 'prepare_court_challenge',
        title: 'Prepare the court challenge of the entry ban',
        queue: 'lawyer',
        due: 'deadline',
        escalateAfter: 'deadline',
        basis: 'KAS RF art. 219: challenge the decision in court within 3 months of learning of it',
      },
      deadline: {
        kind: 'entry_ban_challenge',
        clock: 'entry-ban-challenge',
        from: 'decisionReceivedAt',
        remindBefore: ['P30D', 'P7D', 'P1D'],
      },
    },
    {
      id: 'housing-and-registration-contact',
      appealTypes: ['eviction', 'registration_cancelled'],
      task: {
        kind: 'contact_client',
        title: 'Contact the client',
        queue: 'lawyer',
        due: 'PT24H',
        escalateAfter: 'PT48H',
        basis:
          'Organization standard: a person losing their housing or registration is contacted within 24 hours',
      },
    },
    {
      id: 'triage',
      appealTypes: 'any',
      fallback: true,
      task: {
        kind: 'triage',
        title: 'Triage the appeal',
        queue: 'lawyer',
        due: 'PT24H',
        escalateAfter: 'PT72H',
        basis: 'Organization standard: every appeal is triaged within 24 hours',
      },
    },
  ],
  incidentRules: [
    {
      id: 'raid-response',
      minPeople: 10,
      appealTypes: 'any',
      task: {
        kind: 'organize_raid_response',
        title: 'Organize the response to the raid',
        queue: 'coordinator',
        due: 'PT30M',
        priority: 'critical',
        escalateAfter: null,
        basis:
          'Organization standard: a raid with 10 or more people gets a coordinated response within 30 minutes',
      },
    },
  ],
};
