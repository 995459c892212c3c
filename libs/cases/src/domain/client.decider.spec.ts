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
      samePersonAs: [],
      notSamePersonAs: [],
      mergedInto: null,
    });
  });

  describe('same person, not the same person, merge', () => {
    const OTHER = '0b0e4c52-6c1e-4a53-9d55-2f4b4b7a1a02';
    const pair = { clientId: CLIENT, otherClientId: OTHER };
    const same: ClientEvent = { type: 'client-same-person-confirmed', data: pair };
    const different: ClientEvent = { type: 'client-not-same-person-recorded', data: pair };
    const merged: ClientEvent = { type: 'client-merged', data: { clientId: CLIENT, intoClientId: OTHER } };
    const confirm = { type: 'ConfirmSamePerson' as const, data: pair };
    const dismiss = { type: 'RecordNotSamePerson' as const, data: pair };
    const merge = { type: 'MergeInto' as const, data: { clientId: CLIENT, intoClientId: OTHER } };

    it('confirms a pair once; a pair dismissed before may be confirmed later', () => {
      spec([registered]).when(confirm).then([same]);
      spec([registered, same]).when(confirm).thenNothingHappens();
      spec([registered, different]).when(confirm).then([same]);
    });

    it('dismisses a pair once, and never one confirmed as the same person', () => {
      spec([registered]).when(dismiss).then([different]);
      spec([registered, different]).when(dismiss).thenNothingHappens();
      spec([registered, same])
        .when(dismiss)
        .thenThrows(RuleViolation, /same person/);
    });

    it('merges once, into one client only, never into a client judged another person', () => {
      spec([registered]).when(merge).then([merged]);
      spec([registered, merged]).when(merge).thenNothingHappens();
      spec([registered, different])
        .when(merge)
        .thenThrows(RuleViolation, /different people/);
      const third = {
        ...merge,
        data: { ...merge.data, intoClientId: '0b0e4c52-6c1e-4a53-9d55-2f4b4b7a1a03' },
      };
      spec([registered, merged])
        .when(third)
        .thenThrows(RuleViolation, /already merged/);
    });

    it('compares no client with itself, nobody unknown, nobody erased', () => {
      spec([registered])
        .when({ ...confirm, data: { clientId: CLIENT, otherClientId: CLIENT } })
        .thenThrows(RuleViolation, /itself/);
      spec().when(dismiss).thenThrows(NotFound);
      spec([registered, { type: 'client-personal-data-erased', data: { clientId: CLIENT, erasedAt: 'x' } }])
        .when(merge)
        .thenThrows(RuleViolation, /erased/);
    });

    it('remembers who this person is the same as, and who they are not', () => {
      const state = [registered, different, merged].reduce(
        clientDecider.evolve,
        clientDecider.initialState(),
      );
      expect(state).toMatchObject({ samePersonAs: [OTHER], notSamePersonAs: [OTHER], mergedInto: OTHER });
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
