import { Actor, RuleViolation } from '@huquq/shared-kernel';
import { deciderSpec } from '@huquq/shared-kernel/testing/decider-spec';
import { RecordCustody, ReleaseFromCustody } from './case.commands';
import { caseDecider, foldCase } from './case.decider';
import { AppealLogged, CaseEvent, CustodyRecorded } from './case.events';

const given = deciderSpec(caseDecider);
const CASE_ID = '6f1c1d0e-4a57-4a8e-9d6b-1d6f0c2b7a11';
const NOW = '2025-03-01T12:00:00+03:00';
const intake: Actor = { userId: 'intake-1', orgId: 'org-1', role: 'intake' };

const logged: AppealLogged = {
  type: 'appeal-logged',
  data: {
    caseId: CASE_ID,
    caseNumber: '2025-000001',
    clientId: 'client-1',
    appealType: 'detention',
    channel: 'hotline',
    urgency: 'critical',
    receivedAt: NOW,
    nationality: 'TJ',
    language: 'tg',
    incident: { occurredAt: null, region: 'RU-MOW', city: null, location: null, description: '…' },
    decisionReceivedAt: null,
    incidentId: null,
    possibleDuplicates: [],
    loggedAt: NOW,
  },
};

const record = (custodyId: string, extra: Partial<RecordCustody['data']> = {}): RecordCustody => ({
  type: 'RecordCustody',
  data: {
    custodyId,
    caseId: CASE_ID,
    placeKind: 'police_station',
    placeName: 'ОМВД Котельники',
    region: 'RU-MOS',
    regionText: null,
    deliveredAt: '2025-03-01T09:30:00+03:00',
    actor: intake,
    now: NOW,
    ...extra,
  },
});

const recorded = (custodyId: string, extra: Partial<CustodyRecorded['data']> = {}): CustodyRecorded => ({
  type: 'custody-recorded',
  data: {
    custodyId,
    caseId: CASE_ID,
    clientId: 'client-1',
    placeKind: 'police_station',
    placeName: 'ОМВД Котельники',
    region: 'RU-MOS',
    regionText: null,
    grounds: 'administrative',
    deliveredAt: '2025-03-01T09:30:00+03:00',
    heldSince: '2025-03-01T09:30:00+03:00',
    previousCustodyId: null,
    ...extra,
  },
});

const release = (releasedAt = '2025-03-01T11:00:00+03:00'): ReleaseFromCustody => ({
  type: 'ReleaseFromCustody',
  data: { releasedAt, actor: intake, now: NOW },
});

describe('custody: where a person is held, since when', () => {
  it('records the place since delivery; without grounds, the shorter clock (administrative, 3 hours)', () => {
    given([logged])
      .when(record('c-1'))
      .then([recorded('c-1')]);
  });

  it('a transfer within a detention keeps the first delivery: the clock does not restart', () => {
    given([logged, recorded('c-1')])
      .when(
        record('c-2', {
          placeKind: 'court',
          placeName: 'Люберецкий суд',
          deliveredAt: '2025-03-01T11:00:00+03:00',
        }),
      )
      .then([
        recorded('c-2', {
          placeKind: 'court',
          placeName: 'Люберецкий суд',
          deliveredAt: '2025-03-01T11:00:00+03:00',
          heldSince: '2025-03-01T09:30:00+03:00',
          previousCustodyId: 'c-1',
        }),
      ]);
  });

  it('a special institution starts its own clock, on an order unless said otherwise', () => {
    const placed = '2025-03-01T11:30:00+03:00';
    given([logged, recorded('c-1')])
      .when(record('c-2', { placeKind: 'special_institution', placeName: 'ЦВСИГ', deliveredAt: placed }))
      .then([
        recorded('c-2', {
          placeKind: 'special_institution',
          placeName: 'ЦВСИГ',
          grounds: 'order',
          deliveredAt: placed,
          heldSince: placed,
          previousCustodyId: 'c-1',
        }),
      ]);
  });

  it('refuses grounds the place does not hold people on, and a transfer delivered before the last place', () => {
    given([logged])
      .when(record('c-1', { grounds: 'expulsion_ruling' }))
      .thenThrows(RuleViolation, /police_station holds a person on administrative or migration_or_expulsion/);
    given([logged, recorded('c-1')])
      .when(record('c-2', { deliveredAt: '2025-03-01T08:00:00+03:00' }))
      .thenThrows(RuleViolation, /after the place/);
  });

  it('records the same custody once (a retried request)', () => {
    given([logged, recorded('c-1')])
      .when(record('c-1'))
      .thenNothingHappens();
  });

  it('releases the person from the current place; nobody held, nothing to release', () => {
    given([logged, recorded('c-1')])
      .when(release())
      .then([
        { type: 'custody-released', data: { custodyId: 'c-1', releasedAt: '2025-03-01T11:00:00+03:00' } },
      ]);
    given([
      logged,
      recorded('c-1'),
      { type: 'custody-released', data: { custodyId: 'c-1', releasedAt: NOW } },
    ])
      .when(release())
      .thenThrows(RuleViolation, /not recorded as held/);
    expect(
      foldCase([
        logged,
        recorded('c-1'),
        { type: 'custody-released', data: { custodyId: 'c-1', releasedAt: NOW } },
      ]).custody,
    ).toBeNull();
  });

  it('a closed case records no custody; an unknown one is not found', () => {
    const closed: CaseEvent = { type: 'case-closed', data: { outcome: 'released', from: 'new' } };
    given([logged, closed])
      .when(record('c-1'))
      .thenThrows(RuleViolation, /closed case/);
    given([])
      .when(record('c-1'))
      .thenThrows(Error, /No such case/);
  });

  it('every role may record custody (whoever hears first), a lawyer on any case', () => {
    const lawyer: Actor = { userId: 'l', orgId: 'org-1', role: 'lawyer' };
    given([logged])
      .when(record('c-1', { actor: lawyer }))
      .then([recorded('c-1')]);
  });
});
