import { FollowUpRules, LegalClock } from '../domain/follow-up-rules';

/** When the texts below were last read against the codes (docs/domain.md, "Legal clocks"). */
const CHECKED = '2026-12-01';

const KOAP_27_5 =
  'KoAP RF art. 27.5 parts 1–4: administrative detention lasts at most 3 hours from delivery to the ' +
  'police station; up to 48 hours for migration-regime offences or offences punishable by expulsion';
const KOAP_30_3 =
  'KoAP RF art. 30.3: appeal within 10 days of receiving the copy of the ruling (days, not 24-hour ' +
  'periods, since 29.10.2024); counted under art. 4.8; a missed term can be restored on motion';
const KAS_219 =
  'KAS RF art. 219 part 1: challenge the decision in court within 3 months of learning of it; ' +
  'counted under art. 92–93';

/**
 * The legal clocks of docs/domain.md, each with its basis, how sure we are of it and when its text
 * was last checked. Counted by the legal calendar (docs/deadlines.md): hours from the exact moment,
 * days and months to 24:00 local of the last day, moved to the next working day. Not legal advice:
 * every clock is configuration.
 */
const LEGAL_CLOCKS: LegalClock[] = [
  {
    id: 'administrative-detention',
    trigger: 'delivery to the police station after an administrative detention',
    term: 'PT3H',
    basis: KOAP_27_5,
    confidence: 'confirmed',
    lastChecked: CHECKED,
  },
  {
    id: 'administrative-detention-migration',
    trigger: 'delivery to the police station, for a migration-regime offence or one punishable by expulsion',
    term: 'PT48H',
    basis: KOAP_27_5,
    confidence: 'confirmed',
    lastChecked: CHECKED,
  },
  {
    id: 'appeal-against-ruling',
    trigger: 'a ruling in an administrative case, court expulsion included, received',
    term: 'P10D',
    basis: KOAP_30_3,
    confidence: 'confirmed',
    lastChecked: CHECKED,
  },
  {
    id: 'expulsion-complaint-review',
    trigger:
      'the court receives a complaint against an expulsion ruling while the person is held for expulsion',
    term: 'PT24H',
    basis: 'KoAP RF art. 30.5 part 3: the complaint is heard within 24 hours of its receipt by the court',
    confidence: 'confirmed',
    lastChecked: CHECKED,
  },
  {
    id: 'controlled-self-departure',
    trigger: 'expulsion by controlled self-departure takes effect',
    term: 'P5D',
    basis: 'KoAP RF art. 32.10: leave within 5 days of the ruling taking effect (to verify)',
    confidence: 'to_verify',
    lastChecked: CHECKED,
  },
  {
    id: 'special-institution-without-court',
    trigger: 'placement in a special institution for foreigners on an Interior Ministry or FSB order',
    term: 'PT48H',
    basis:
      'Federal Law 115-FZ as amended by 260-FZ (in force 05.02.2025): at most 48 hours without a court ' +
      'decision; a court may extend (confirmed by news, text to verify)',
    confidence: 'to_verify',
    lastChecked: CHECKED,
  },
  {
    id: 'special-institution-after-ruling',
    trigger: 'placement in a special institution after an expulsion ruling',
    term: 'P90D',
    basis:
      'KoAP RF art. 27.19.1 / Federal Law 115-FZ (2023–2025 amendments): at most 90 days; a court may ' +
      'extend, at most 90 days each time (to verify)',
    confidence: 'to_verify',
    lastChecked: CHECKED,
  },
  {
    id: 'entry-ban-challenge',
    trigger: 'learning of an entry ban decision',
    term: 'P3M',
    basis: KAS_219,
    confidence: 'confirmed',
    lastChecked: CHECKED,
  },
  {
    id: 'removal-decision-challenge',
    trigger:
      'learning of a deportation decision (115-FZ art. 31), an Interior Ministry expulsion without a ' +
      'court (since 05.02.2025) or an inclusion in the controlled-persons registry',
    term: 'P3M',
    basis: `${KAS_219}; Federal Law 115-FZ art. 31 for deportation; for the registry the procedure is plausible, not confirmed`,
    confidence: 'confirmed',
    lastChecked: CHECKED,
  },
  {
    id: 'visa-free-stay',
    trigger: 'entry without a visa',
    term: 'P90D',
    basis:
      'Federal Law 115-FZ art. 5 as amended: a stay without a visa is at most 90 days per calendar year ' +
      'since 01.01.2025 (before: 90 in any 180); confirmed by news, text to verify',
    confidence: 'to_verify',
    lastChecked: CHECKED,
  },
  {
    id: 'dismissal-dispute',
    trigger: 'a dismissal: receiving the copy of the order or the work book',
    term: 'P1M',
    basis: 'Labour Code of the RF art. 392 part 1: a dismissal is disputed within 1 month',
    confidence: 'confirmed',
    lastChecked: CHECKED,
  },
  {
    id: 'labour-dispute',
    trigger: 'learning of a violation of labour rights',
    term: 'P3M',
    basis: 'Labour Code of the RF art. 392 part 1: an individual labour dispute within 3 months',
    confidence: 'confirmed',
    lastChecked: CHECKED,
  },
  {
    id: 'unpaid-wages-claim',
    trigger: 'wages not paid when due',
    term: 'P1Y',
    basis: 'Labour Code of the RF art. 392 part 2: claim unpaid wages within 1 year of the day they were due',
    confidence: 'confirmed',
    lastChecked: CHECKED,
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
        basis: KOAP_27_5,
        clock: 'administrative-detention',
      },
    },
    {
      id: 'removal-order-appeal',
      appealTypes: ['expulsion_order'],
      requires: ['decisionReceivedAt'],
      task: {
        kind: 'file_appeal',
        title: 'Draft and file the appeal against the ruling',
        queue: 'lawyer',
        due: 'deadline',
        escalateAfter: 'deadline',
        basis: KOAP_30_3,
      },
      deadline: {
        kind: 'appeal_against_ruling',
        clock: 'appeal-against-ruling',
        from: 'decisionReceivedAt',
        remindBefore: ['P5D', 'P2D', 'P1D'],
        remindIn: 'working_days',
      },
    },
    {
      id: 'removal-decision-challenge',
      appealTypes: ['deportation', 'mvd_expulsion', 'controlled_persons_registry'],
      requires: ['decisionReceivedAt'],
      task: {
        kind: 'prepare_court_challenge',
        title: 'Prepare the court challenge of the decision',
        queue: 'lawyer',
        due: 'deadline',
        escalateAfter: 'deadline',
        basis: KAS_219,
      },
      deadline: {
        kind: 'court_challenge',
        clock: 'removal-decision-challenge',
        from: 'decisionReceivedAt',
        remindBefore: ['P30D', 'P7D', 'P1D'],
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
        basis: KAS_219,
      },
      deadline: {
        kind: 'entry_ban_challenge',
        clock: 'entry-ban-challenge',
        from: 'decisionReceivedAt',
        remindBefore: ['P30D', 'P7D', 'P1D'],
      },
    },
    {
      // Which labour term applies (1 month, 3 months, 1 year) depends on the dispute, which the
      // appeal does not record: the shortest one is set, so the deadline is never later than the law.
      id: 'labour-claim',
      appealTypes: ['labour_exploitation'],
      requires: ['decisionReceivedAt'],
      task: {
        kind: 'prepare_labour_claim',
        title:
          'Check which labour term applies (1 month for a dismissal, 3 months, 1 year for unpaid wages) and prepare the claim',
        queue: 'lawyer',
        due: 'deadline',
        escalateAfter: 'deadline',
        basis:
          'Labour Code of the RF art. 392: 1 month for a dismissal, 3 months for other disputes (part 1), ' +
          '1 year for unpaid wages (part 2); the shortest is set until the lawyer knows which applies',
      },
      deadline: {
        kind: 'labour_claim',
        clock: 'dismissal-dispute',
        from: 'decisionReceivedAt',
        remindBefore: ['P7D', 'P2D', 'P1D'],
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
  custodyRules: [
    {
      id: 'custody-detention',
      grounds: ['administrative'],
      task: {
        kind: 'reach_detainee',
        title: 'Reach the person where they are held; check the grounds and the term of detention',
        queue: 'lawyer',
        due: 'PT1H',
        priority: 'critical',
        escalateAfter: 'deadline',
        basis: KOAP_27_5,
        clock: 'administrative-detention',
      },
      deadline: { kind: 'detention_limit', clock: 'administrative-detention', remindBefore: ['PT1H'] },
    },
    {
      id: 'custody-detention-migration',
      grounds: ['migration_or_expulsion'],
      task: {
        kind: 'reach_detainee',
        title: 'Reach the person where they are held; check the grounds and the term of detention',
        queue: 'lawyer',
        due: 'PT3H',
        priority: 'critical',
        escalateAfter: 'deadline',
        basis: KOAP_27_5,
        clock: 'administrative-detention-migration',
      },
      deadline: {
        kind: 'detention_limit',
        clock: 'administrative-detention-migration',
        remindBefore: ['PT12H', 'PT2H'],
      },
    },
    {
      id: 'special-institution-order',
      grounds: ['order'],
      task: {
        kind: 'check_placement',
        title: 'Check the placement order; is a court asked to extend the stay beyond 48 hours?',
        queue: 'lawyer',
        due: 'PT3H',
        priority: 'critical',
        escalateAfter: 'deadline',
        basis:
          'Federal Law 115-FZ as amended by 260-FZ: at most 48 hours in a special institution without a court decision',
        clock: 'special-institution-without-court',
      },
      deadline: {
        kind: 'special_institution_limit',
        clock: 'special-institution-without-court',
        remindBefore: ['PT12H', 'PT2H'],
      },
    },
    {
      id: 'special-institution-after-ruling',
      grounds: ['expulsion_ruling'],
      task: {
        kind: 'check_placement',
        title:
          'Check the placement after the expulsion ruling and its term (90 days at most, court extensions)',
        queue: 'lawyer',
        due: 'P1D',
        priority: 'high',
        escalateAfter: 'deadline',
        basis:
          'KoAP RF art. 27.19.1 / Federal Law 115-FZ: at most 90 days after an expulsion ruling, unless a court extends',
        clock: 'special-institution-after-ruling',
      },
      deadline: {
        kind: 'special_institution_limit',
        clock: 'special-institution-after-ruling',
        remindBefore: ['P14D', 'P7D', 'P1D'],
      },
    },
  ],
  hearingRules: [
    {
      id: 'attend-hearing',
      kinds: 'any',
      from: 'startsAt',
      task: {
        kind: 'attend_hearing',
        title: 'Attend the hearing; record its result',
        queue: 'lawyer',
        due: 'PT0S',
        priority: 'high',
        escalateAfter: 'PT2H',
        basis:
          'Organization standard: every hearing is attended; a hearing without a result 2 hours on goes to the coordinators',
      },
    },
    {
      id: 'expulsion-complaint-review',
      kinds: ['expulsion_complaint'],
      from: 'complaintReceivedAt',
      task: {
        kind: 'follow_complaint_review',
        title: 'Make sure the complaint against the expulsion ruling is heard within 24 hours of its receipt',
        queue: 'lawyer',
        due: 'deadline',
        priority: 'critical',
        escalateAfter: 'deadline',
        basis: 'KoAP RF art. 30.5 part 3: the complaint is heard within 24 hours of its receipt by the court',
        clock: 'expulsion-complaint-review',
      },
      deadline: { kind: 'complaint_review', clock: 'expulsion-complaint-review', remindBefore: ['PT6H'] },
    },
  ],
};
