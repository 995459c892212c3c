import { APPEAL_TYPES, AppealType } from '@huquq/shared-kernel';
import { DEFAULT_FOLLOW_UP_RULES } from './default-follow-up-rules';
import { FollowUpRules } from '../domain/follow-up-rules';
import {
  AppealTrigger,
  CustodyTrigger,
  IncidentTrigger,
  planFollowUps,
  TriggerEvent,
} from './plan-follow-ups';

/** Given the event, then the tasks and deadlines: the rules as a specification. */
const EVENT_ID = '6f1c0b8e-3d7a-4a55-9a57-1b2c3d4e5f60';
const CASE_ID = '0b9e6a4c-8d21-4c3e-a1f2-3344556677aa';
const CLIENT_ID = '1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5';

/** The events as intake writes them: the planner reads its few fields and ignores the rest. */
type AsLogged<T> = T & Record<string, unknown>;

function appeal(overrides: Partial<AppealTrigger> = {}): TriggerEvent {
  const data: AsLogged<AppealTrigger> = {
    caseId: CASE_ID,
    caseNumber: '2024-000001',
    clientId: CLIENT_ID,
    appealType: 'detention',
    channel: 'hotline',
    urgency: 'critical',
    receivedAt: '2024-03-29T03:00:00.000Z',
    nationality: 'TJ',
    language: 'tg',
    incident: {
      occurredAt: null,
      region: 'RU-MOS',
      city: null,
      location: null,
      description: '…',
    } as AppealTrigger['incident'],
    decisionReceivedAt: null,
    incidentId: null,
    possibleDuplicates: [],
    loggedAt: '2024-03-29T03:00:00.000Z',
    ...overrides,
  };
  return { eventId: EVENT_ID, recordedAt: new Date(data.loggedAt), type: 'appeal-logged', data };
}

function incident(people: number): TriggerEvent {
  const data: AsLogged<IncidentTrigger> = {
    incidentId: '2d3e4f50-6172-4839-8a4b-5c6d7e8f9012',
    kind: 'dormitory_raid',
    appealType: 'detention',
    channel: 'hotline',
    occurredAt: '2024-03-29T02:30:00.000Z',
    region: 'Moscow Oblast',
    city: 'Kotelniki',
    location: 'dormitory',
    description: '…',
    caseIds: Array.from(
      { length: people },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    ),
    reportedAt: '2024-03-29T03:00:00.000Z',
  };
  return { eventId: EVENT_ID, recordedAt: new Date(data.reportedAt), type: 'incident-reported', data };
}

const plan = (event: TriggerEvent, rules: FollowUpRules = DEFAULT_FOLLOW_UP_RULES, timeScale = 1) =>
  planFollowUps(event, rules, { timeScale });

describe('default follow-up rules', () => {
  it('a detention logged at 3 a.m.: contact the detainee by 4, escalate at 6 (KoAP 27.5)', () => {
    const { tasks, deadlines } = plan(appeal());
    expect(deadlines).toEqual([]);
    expect(tasks).toEqual([
      expect.objectContaining({
        caseId: CASE_ID,
        clientId: CLIENT_ID,
        kind: 'contact_detainee',
        queue: 'lawyer',
        priority: 'critical',
        dueAt: '2024-03-29T04:00:00.000Z',
        escalateAt: '2024-03-29T06:00:00.000Z',
        ruleId: 'detention-first-contact',
        deadlineId: null,
      }),
    ]);
    expect(tasks[0].basis).toMatch(/KoAP RF art\. 27\.5/);
  });

  it('expulsion_order with the decision received: 10 days as KoAP counts them, reminders 5, 2, 1 working days before (KoAP 30.3, 4.8)', () => {
    const { tasks, deadlines } = plan(
      appeal({
        appealType: 'expulsion_order',
        urgency: 'critical',
        decisionReceivedAt: '2024-03-28T15:00:00.000Z',
      }),
    );
    // Received Thu 28.03.2024 18:00 Moscow: day 1 is 29.03, day 10 is Sun 07.04 → Mon 08.04, 24:00 Moscow.
    expect(deadlines).toEqual([
      expect.objectContaining({
        caseId: CASE_ID,
        kind: 'appeal_against_ruling',
        dueAt: '2024-04-08T21:00:00.000Z',
        lastDay: '2024-04-08',
        movedFrom: '2024-04-07',
        timeZone: 'Europe/Moscow',
        counting: 'days',
        exact: true,
        confidence: 'confirmed',
        lastChecked: '2026-12-01',
        clock: 'appeal-against-ruling',
        reminders: [
          { before: 'P5D', at: '2024-04-01T06:00:00.000Z' },
          { before: 'P2D', at: '2024-04-04T06:00:00.000Z' },
          { before: 'P1D', at: '2024-04-05T06:00:00.000Z' },
        ],
      }),
    ]);
    expect(deadlines[0].basis).toMatch(/KoAP RF art\. 30\.3/);
    expect(tasks).toEqual([
      expect.objectContaining({
        kind: 'file_appeal',
        queue: 'lawyer',
        dueAt: '2024-04-08T21:00:00.000Z',
        escalateAt: '2024-04-08T21:00:00.000Z',
        deadlineId: deadlines[0].deadlineId,
        confidence: 'confirmed',
        lastChecked: '2026-12-01',
      }),
    ]);
    expect(deadlines[0].taskId).toBe(tasks[0].taskId);
  });

  it('worked example (KoAP 30.3): a copy received 24.12.2024 15:00 Moscow → 09.01.2025 24:00 Moscow, not 03.01 15:00', () => {
    const { deadlines, tasks } = plan(
      appeal({ appealType: 'expulsion_order', decisionReceivedAt: '2024-12-24T15:00:00+03:00' }),
    );
    expect(deadlines[0]).toMatchObject({ dueAt: '2025-01-09T21:00:00.000Z' });
    expect(tasks[0].escalateAt).toBe('2025-01-09T21:00:00.000Z');
    // No reminder on the New Year holidays (30.12.2024–08.01.2025): 24.12, 27.12 and Saturday 28.12, a working day.
    expect(deadlines[0].reminders.map((r) => r.at)).toEqual([
      '2024-12-24T06:00:00.000Z',
      '2024-12-27T06:00:00.000Z',
      '2024-12-28T06:00:00.000Z',
    ]);
  });

  it('worked example (KAS 219): an entry ban received 31.01.2025 01:00 Moscow → 30.04.2025 24:00 Moscow, not 01.05 01:00', () => {
    const { deadlines } = plan(
      appeal({ appealType: 'entry_ban', decisionReceivedAt: '2025-01-31T01:00:00+03:00' }),
    );
    expect(deadlines[0]).toMatchObject({ kind: 'entry_ban_challenge', dueAt: '2025-04-30T21:00:00.000Z' });
  });

  it('worked example (KAS 219) in Vladivostok: 31.01.2025 01:00 local → 30.04.2025 24:00 Vladivostok, 7 hours before Moscow', () => {
    const vladivostok = { region: 'RU-PRI' };
    const { deadlines } = plan(
      appeal({
        appealType: 'entry_ban',
        decisionReceivedAt: '2025-01-31T01:00:00+10:00',
        incident: vladivostok,
      }),
    );
    expect(deadlines[0]).toMatchObject({ dueAt: '2025-04-30T14:00:00.000Z' });
  });

  it.each(['deportation', 'mvd_expulsion', 'controlled_persons_registry'] as AppealType[])(
    '%s: challenged in court under KAS 219, 3 months from learning of the decision (not KoAP 30.3)',
    (appealType) => {
      const { tasks, deadlines } = plan(
        appeal({ appealType, decisionReceivedAt: '2025-02-10T12:00:00+03:00' }),
      );
      // 10.05.2025 is a Saturday → Mon 12.05, 24:00 Moscow.
      expect(deadlines).toEqual([
        expect.objectContaining({
          kind: 'court_challenge',
          clock: 'removal-decision-challenge',
          dueAt: '2025-05-12T21:00:00.000Z',
          lastDay: '2025-05-12',
          movedFrom: '2025-05-10',
        }),
      ]);
      expect(deadlines[0].basis).toMatch(/KAS RF art\. 219/);
      expect(tasks.map((t) => t.kind)).toEqual(['prepare_court_challenge']);
    },
  );

  it('a labour claim takes the shortest labour term (1 month, a dismissal) until the lawyer knows which applies', () => {
    const { deadlines, tasks } = plan(
      appeal({ appealType: 'labour_exploitation', decisionReceivedAt: '2025-03-31T12:00:00+03:00' }),
    );
    // 31.03 + 1 month → 30.04.2025 (April has no 31st), 24:00 Moscow.
    expect(deadlines[0]).toMatchObject({ clock: 'dismissal-dispute', lastDay: '2025-04-30' });
    expect(deadlines[0].basis).toMatch(/Labour Code of the RF art\. 392 part 1/);
    expect(tasks[0].kind).toBe('prepare_labour_claim');
  });

  it('a region it cannot place counts in the earliest zone of Russia and says it is not exact', () => {
    const { deadlines } = plan(
      appeal({
        appealType: 'entry_ban',
        decisionReceivedAt: '2025-01-31T01:00:00+03:00',
        incident: { region: 'other' },
      }),
    );
    expect(deadlines[0].exact).toBe(false);
    expect(deadlines[0].dueAt <= '2025-04-30T12:00:00.000Z').toBe(true);
  });

  it('an expulsion order without the date of the decision falls back to triage: no deadline is guessed', () => {
    const { tasks, deadlines } = plan(appeal({ appealType: 'expulsion_order', decisionReceivedAt: null }));
    expect(deadlines).toEqual([]);
    expect(tasks.map((t) => t.kind)).toEqual(['triage']);
  });

  it('an entry ban: court challenge within 3 months, reminders 30, 7, 1 days before, on working days (KAS 219)', () => {
    const { tasks, deadlines } = plan(
      appeal({ appealType: 'entry_ban', urgency: 'high', decisionReceivedAt: '2024-01-31T09:00:00.000Z' }),
    );
    expect(deadlines).toEqual([
      expect.objectContaining({
        kind: 'entry_ban_challenge',
        // 31.01.2024 → 30.04.2024, a day off, as is 01.05: Thu 02.05.2024, 24:00 Moscow.
        dueAt: '2024-05-02T21:00:00.000Z',
        movedFrom: '2024-04-30',
        reminders: [
          { before: 'P30D', at: '2024-04-02T06:00:00.000Z' },
          { before: 'P7D', at: '2024-04-25T06:00:00.000Z' },
          // 01.05 back over the holidays and Sunday to Saturday 27.04.2024, a working day.
          { before: 'P1D', at: '2024-04-27T06:00:00.000Z' },
        ],
      }),
    ]);
    expect(deadlines[0].basis).toMatch(/KAS RF art\. 219/);
    expect(tasks).toEqual([
      expect.objectContaining({
        kind: 'prepare_court_challenge',
        priority: 'high',
        dueAt: '2024-05-02T21:00:00.000Z',
        escalateAt: '2024-05-02T21:00:00.000Z',
      }),
    ]);
  });

  it.each(['eviction', 'registration_cancelled'] as AppealType[])(
    '%s: contact the client within 24 hours, escalate at 48',
    (appealType) => {
      const { tasks, deadlines } = plan(appeal({ appealType, urgency: 'high' }));
      expect(deadlines).toEqual([]);
      expect(tasks).toEqual([
        expect.objectContaining({
          kind: 'contact_client',
          priority: 'high',
          dueAt: '2024-03-30T03:00:00.000Z',
          escalateAt: '2024-03-31T03:00:00.000Z',
          basis: expect.stringMatching(/24 hours/),
        }),
      ]);
    },
  );

  const others = APPEAL_TYPES.filter(
    (t) =>
      ![
        'detention',
        'expulsion_order',
        'deportation',
        'entry_ban',
        'eviction',
        'registration_cancelled',
      ].includes(t),
  );
  it.each(others)('%s (any other appeal): triage within 24 hours, escalate at 72', (appealType) => {
    const { tasks, deadlines } = plan(appeal({ appealType, urgency: 'normal' }));
    expect(deadlines).toEqual([]);
    expect(tasks).toEqual([
      expect.objectContaining({
        kind: 'triage',
        priority: 'normal',
        dueAt: '2024-03-30T03:00:00.000Z',
        escalateAt: '2024-04-01T03:00:00.000Z',
        basis: expect.stringMatching(/triaged within 24 hours/),
      }),
    ]);
  });

  it('a raid with 10 people: a critical coordinator task within 30 minutes, never escalated', () => {
    const { tasks } = plan(incident(10));
    expect(tasks).toEqual([
      expect.objectContaining({
        caseId: null,
        incidentId: '2d3e4f50-6172-4839-8a4b-5c6d7e8f9012',
        clientId: null,
        kind: 'organize_raid_response',
        queue: 'coordinator',
        priority: 'critical',
        dueAt: '2024-03-29T03:30:00.000Z',
        escalateAt: null,
      }),
    ]);
    expect(plan(incident(9)).tasks).toEqual([]);
  });

  it('the urgency intake chose sets the priority', () => {
    expect(plan(appeal({ urgency: 'high' })).tasks[0].priority).toBe('high');
  });

  it('plans the same ids for the same event, and other ids for another', () => {
    const first = plan(appeal({ appealType: 'deportation', decisionReceivedAt: '2024-03-28T15:00:00.000Z' }));
    const again = plan(appeal({ appealType: 'deportation', decisionReceivedAt: '2024-03-28T15:00:00.000Z' }));
    expect(again).toEqual(first);
    const other = planFollowUps(
      { ...appeal(), eventId: '7f1c0b8e-3d7a-4a55-9a57-1b2c3d4e5f61' },
      DEFAULT_FOLLOW_UP_RULES,
    );
    expect(other.tasks[0].taskId).not.toBe(plan(appeal()).tasks[0].taskId);
  });

  it('shrinks due times by the time scale (tests): an hour becomes 3.6 seconds', () => {
    const [task] = plan(appeal(), DEFAULT_FOLLOW_UP_RULES, 0.001).tasks;
    expect(task.dueAt).toBe('2024-03-29T03:00:03.600Z');
    expect(task.escalateAt).toBe('2024-03-29T03:00:10.800Z');
  });

  it("follows an organization's own rules: configuration, not code", () => {
    const rules: FollowUpRules = {
      ...DEFAULT_FOLLOW_UP_RULES,
      appealRules: [
        {
          id: 'detention-two-hours',
          appealTypes: ['detention'],
          task: {
            kind: 'visit_police_station',
            title: 'Go to the police station',
            queue: 'lawyer',
            due: 'PT2H',
            priority: 'critical',
            escalateAfter: null,
            basis: 'Our own practice',
          },
        },
      ],
    };
    expect(plan(appeal({ urgency: 'low' }), rules).tasks).toEqual([
      expect.objectContaining({
        kind: 'visit_police_station',
        priority: 'critical',
        dueAt: '2024-03-29T05:00:00.000Z',
        escalateAt: null,
        basis: 'Our own practice',
      }),
    ]);
    expect(plan(appeal({ appealType: 'eviction' }), rules).tasks).toEqual([]);
  });
});

describe('custody clocks', () => {
  const custody = (overrides: Partial<CustodyTrigger> = {}): TriggerEvent => ({
    eventId: EVENT_ID,
    recordedAt: new Date('2025-03-01T07:00:00.000Z'),
    type: 'custody-recorded',
    data: {
      custodyId: 'c0ffee00-0000-4000-8000-000000000001',
      caseId: CASE_ID,
      clientId: CLIENT_ID,
      region: 'RU-MOS',
      grounds: 'administrative',
      heldSince: '2025-03-01T09:30:00+03:00',
      ...overrides,
    } as CustodyTrigger,
  });

  it('an administrative detention: 3 hours from delivery, a lawyer within the hour, escalated at the end (KoAP 27.5)', () => {
    const { tasks, deadlines } = plan(custody());
    expect(deadlines).toEqual([
      expect.objectContaining({
        kind: 'detention_limit',
        clock: 'administrative-detention',
        dueAt: '2025-03-01T09:30:00.000Z',
        counting: 'hours',
        custodyId: 'c0ffee00-0000-4000-8000-000000000001',
        reminders: [{ before: 'PT1H', at: '2025-03-01T08:30:00.000Z' }],
      }),
    ]);
    expect(tasks).toEqual([
      expect.objectContaining({
        kind: 'reach_detainee',
        priority: 'critical',
        dueAt: '2025-03-01T07:30:00.000Z',
        escalateAt: '2025-03-01T09:30:00.000Z',
        custodyId: 'c0ffee00-0000-4000-8000-000000000001',
        confidence: 'confirmed',
      }),
    ]);
  });

  it('a migration-regime offence: 48 hours from the first delivery', () => {
    const { deadlines } = plan(custody({ grounds: 'migration_or_expulsion' }));
    expect(deadlines[0]).toMatchObject({ dueAt: '2025-03-03T06:30:00.000Z' });
  });

  it('a special institution: 48 hours without a court on an order; 90 days after a ruling, to 24:00 local', () => {
    expect(plan(custody({ grounds: 'order' })).deadlines[0]).toMatchObject({
      kind: 'special_institution_limit',
      dueAt: '2025-03-03T06:30:00.000Z',
      confidence: 'to_verify',
    });
    // 01.03.2025 + 90 days = 30.05.2025 (Friday), 24:00 in Vladivostok.
    expect(plan(custody({ grounds: 'expulsion_ruling', region: 'RU-PRI' })).deadlines[0]).toMatchObject({
      lastDay: '2025-05-30',
      dueAt: '2025-05-30T14:00:00.000Z',
    });
  });
});
