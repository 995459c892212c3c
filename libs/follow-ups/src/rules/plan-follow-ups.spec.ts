import { APPEAL_TYPES, AppealType } from '@huquq/shared-kernel';
import { DEFAULT_FOLLOW_UP_RULES } from './default-follow-up-rules';
import { FollowUpRules } from '../domain/follow-up-rules';
import { AppealTrigger, IncidentTrigger, planFollowUps, TriggerEvent } from './plan-follow-ups';

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
    incident: { occurredAt: null, region: 'Moscow Oblast', city: null, location: null, description: '…' },
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

  it.each(['expulsion_order', 'deportation'] as AppealType[])(
    '%s with the decision received: appeal deadline 10 days on, reminders 5, 2, 1 days before (KoAP 30.3)',
    (appealType) => {
      const { tasks, deadlines } = plan(
        appeal({ appealType, urgency: 'critical', decisionReceivedAt: '2024-03-28T15:00:00.000Z' }),
      );
      expect(deadlines).toEqual([
        expect.objectContaining({
          caseId: CASE_ID,
          kind: 'appeal_against_ruling',
          dueAt: '2024-04-07T15:00:00.000Z',
          confidence: 'confirmed',
          clock: 'appeal-against-ruling',
          reminders: [
            { before: 'P5D', at: '2024-04-02T15:00:00.000Z' },
            { before: 'P2D', at: '2024-04-05T15:00:00.000Z' },
            { before: 'P1D', at: '2024-04-06T15:00:00.000Z' },
          ],
        }),
      ]);
      expect(deadlines[0].basis).toMatch(/KoAP RF art\. 30\.3/);
      expect(tasks).toEqual([
        expect.objectContaining({
          kind: 'file_appeal',
          queue: 'lawyer',
          dueAt: '2024-04-07T15:00:00.000Z',
          escalateAt: '2024-04-07T15:00:00.000Z',
          deadlineId: deadlines[0].deadlineId,
        }),
      ]);
      expect(deadlines[0].taskId).toBe(tasks[0].taskId);
      expect(tasks[0].basis).toMatch(/KoAP RF art\. 30\.3/);
    },
  );

  it('an expulsion order without the date of the decision falls back to triage: no deadline is guessed', () => {
    const { tasks, deadlines } = plan(appeal({ appealType: 'expulsion_order', decisionReceivedAt: null }));
    expect(deadlines).toEqual([]);
    expect(tasks.map((t) => t.kind)).toEqual(['triage']);
  });

  it('an entry ban: court challenge within 3 months, reminders 30, 7, 1 days before (KAS 219)', () => {
    const { tasks, deadlines } = plan(
      appeal({ appealType: 'entry_ban', urgency: 'high', decisionReceivedAt: '2024-01-31T09:00:00.000Z' }),
    );
    expect(deadlines).toEqual([
      expect.objectContaining({
        kind: 'entry_ban_challenge',
        dueAt: '2024-04-30T09:00:00.000Z',
        reminders: [
          { before: 'P30D', at: '2024-03-31T09:00:00.000Z' },
          { before: 'P7D', at: '2024-04-23T09:00:00.000Z' },
          { before: 'P1D', at: '2024-04-29T09:00:00.000Z' },
        ],
      }),
    ]);
    expect(deadlines[0].basis).toMatch(/KAS RF art\. 219/);
    expect(tasks).toEqual([
      expect.objectContaining({
        kind: 'prepare_court_challenge',
        priority: 'high',
        dueAt: '2024-04-30T09:00:00.000Z',
        escalateAt: '2024-04-30T09:00:00.000Z',
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
