import { Decider, NotFound, RuleViolation, SealedFields } from '@huquq/shared-kernel';
import { ClientEvent, PersonalData } from './client.events';

export interface ClientState {
  exists: boolean;
  clientId: string | null;
  nationality: string | null;
  language: string | null;
  erased: boolean;
}

export type RegisterClient = {
  type: 'RegisterClient';
  data: {
    clientId: string;
    personal: PersonalData;
    nationality: string;
    language: string | null;
    /** The person's blind-index entries (keyed HMACs); recorded sealed, as one JSON array. */
    matchKeys: readonly string[];
  };
};

/** The data key is destroyed by the handler; the event records that it happened. */
export type ErasePersonalData = { type: 'ErasePersonalData'; data: { clientId: string; now: string } };

export type ClientCommand = RegisterClient | ErasePersonalData;

const initialClientState = (): ClientState => ({
  exists: false,
  clientId: null,
  nationality: null,
  language: null,
  erased: false,
});

const register = ({ data }: RegisterClient, state: ClientState): ClientEvent[] => {
  if (state.exists) return []; // a retry of the same intake: the person is there already
  const fullName = data.personal.fullName.trim();
  if (fullName === '') throw new RuleViolation('A client needs a name');
  return [
    {
      type: 'client-registered',
      data: {
        clientId: data.clientId,
        personal: {
          fullName,
          phone: data.personal.phone ?? null,
          passportNumber: data.personal.passportNumber ?? null,
          dateOfBirth: data.personal.dateOfBirth ?? null,
        },
        nationality: data.nationality.toUpperCase(),
        language: data.language ?? null,
        matchKeys: JSON.stringify(data.matchKeys),
      },
    },
  ];
};

/** Erasing twice is harmless: the second time records nothing. */
const erase = ({ data }: ErasePersonalData, state: ClientState): ClientEvent[] => {
  if (!state.exists) throw new NotFound('client');
  if (state.erased) return [];
  return [{ type: 'client-personal-data-erased', data: { clientId: data.clientId, erasedAt: data.now } }];
};

export const clientDecider: Decider<ClientCommand, ClientEvent, ClientState> = {
  initialState: initialClientState,
  decide: (command, state) =>
    command.type === 'RegisterClient' ? register(command, state) : erase(command, state),
  evolve: (state, event) =>
    event.type === 'client-registered'
      ? {
          ...state,
          exists: true,
          clientId: event.data.clientId,
          nationality: event.data.nationality,
          language: event.data.language,
        }
      : { ...state, erased: true },
};

/** Every personal field of a person, sealed under their own key; so are their index entries. */
export const clientSealedFields: SealedFields<ClientState, ClientEvent> = {
  subjectOf: (_state, event) => event.data.clientId,
  fields: {
    'client-registered': {
      'personal.fullName': 'fullName',
      'personal.phone': 'phone',
      'personal.passportNumber': 'passportNumber',
      'personal.dateOfBirth': 'dateOfBirth',
      matchKeys: 'matchKeys',
    },
  },
};
