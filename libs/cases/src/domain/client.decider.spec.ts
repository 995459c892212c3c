import { NotFound, RuleViolation } from '@huquq/shared-kernel';
import { deciderSpec } from '@huquq/shared-kernel/testing/decider-spec';
import { clientDecider, clientSealedFields, ClientState, RegisterClient } from './client.decider';
import { ClientEvent } from './client.events';

const CLIENT = '0b0e4c52-6c1e-4a53-9d55-2f4b4b7a1a01';
const spec = deciderSpec(clientDecider);

const register = (fullName = '  Рахимов Фаррух '): RegisterClient => ({
  type: 'RegisterClient',
  data: {
    clientId: CLIENT,
    personal: { fullName, phone: '+79161234567', passportNumber: null, dateOfBirth: null },
    nationality: 'tj',
    language: 'tg',
    matchKeys: ['k1', 'k2'],
  },
});

const registered: ClientEvent = {
  type: 'client-registered',
  data: {
    clientId: CLIENT,
    personal: { fullName: 'Рахимов Фаррух', phone: '+79161234567', passportNumber: null, dateOfBirth: null },
    nationality: 'TJ',
    language: 'tg',
    matchKeys: '["k1","k2"]',
  },
};
const erase = {
  type: 'ErasePersonalData' as const,
  data: { clientId: CLIENT, now: '2026-12-01T10:00:00.000Z' },
};

describe('the client decider', () => {
  it('registers a new person with a trimmed name, an upper-case nationality and their index entries', () => {
    spec().when(register()).then([registered]);
  });

  it('registers nobody without a name', () => {
    spec().when(register('   ')).thenThrows(RuleViolation, /name/);
  });

  it('records a person once, however often intake retries', () => {
    spec([registered]).when(register()).thenNothingHappens();
  });

  it('erases a registered person once; the event carries nothing personal', () => {
    spec([registered])
      .when(erase)
      .then([{ type: 'client-personal-data-erased', data: { clientId: CLIENT, erasedAt: erase.data.now } }]);
    spec([registered, { type: 'client-personal-data-erased', data: { clientId: CLIENT, erasedAt: 'x' } }])
      .when(erase)
      .thenNothingHappens();
  });

  it('cannot erase a person nobody registered', () => {
    spec().when(erase).thenThrows(NotFound);
  });

  it('folds nationality and language, and remembers an erasure', () => {
    const state = [registered].reduce(clientDecider.evolve, clientDecider.initialState());
    expect(state).toEqual<ClientState>({
      exists: true,
      clientId: CLIENT,
      nationality: 'TJ',
      language: 'tg',
      erased: false,
    });
  });

  it('declares every personal field and the index entries sealed, under the person’s own key', () => {
    expect(Object.keys(clientSealedFields.fields['client-registered']!)).toEqual([
      'personal.fullName',
      'personal.phone',
      'personal.passportNumber',
      'personal.dateOfBirth',
      'matchKeys',
    ]);
    expect(clientSealedFields.subjectOf(clientDecider.initialState(), registered)).toBe(CLIENT);
  });
});
