import { Decider, NotFound, RuleViolation, SealedFields } from '@huquq/shared-kernel';
import { ClientEvent, PersonalData } from './client.events';

export interface ClientState {
  exists: boolean;
  clientId: string | null;
  nationality: string | null;
  language: string | null;
  erased: boolean;
  /** Clients confirmed to be this same person (merges included, both ways). */
  samePersonAs: string[];
  /** Look-alike clients judged to be other people. */
  notSamePersonAs: string[];
  /** The client this one was merged into, if it was. */
  mergedInto: string | null;
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

/** `otherClientId` is known to exist: the handler loaded it in the same unit. */
export type ConfirmSamePerson = {
  type: 'ConfirmSamePerson';
  data: { clientId: string; otherClientId: string };
};
export type RecordNotSamePerson = {
  type: 'RecordNotSamePerson';
  data: { clientId: string; otherClientId: string };
};
/** Decided on the client that goes; the survivor is told with a ConfirmSamePerson. */
export type MergeInto = { type: 'MergeInto'; data: { clientId: string; intoClientId: string } };

export type ClientCommand =
  RegisterClient | ErasePersonalData | ConfirmSamePerson | RecordNotSamePerson | MergeInto;

const initialClientState = (): ClientState => ({
  exists: false,
  clientId: null,
  nationality: null,
  language: null,
  erased: false,
  samePersonAs: [],
  notSamePersonAs: [],
  mergedInto: null,
});

const register = ({ data }: RegisterClient, state: ClientState): ClientEvent[] => {
  if (state.exists) return []; // a retry of the same intake: the person is there already
  const fullName = data.personal.fullName.trim();
  if (fullName === '') throw RuleViolation.because('client_name_required', 'A client needs a name');
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

/** Judging a pair needs two different people on record, neither of them erased. */
function judgeable(state: ClientState, clientId: string, otherClientId: string): void {
  if (!state.exists) throw new NotFound('client');
  if (clientId === otherClientId)
    throw RuleViolation.because('same_client', 'A client cannot be compared with itself');
  if (state.erased)
    throw RuleViolation.because(
      'client_erased',
      "This person's data was erased; there is nothing to compare",
    );
}

/** Confirming again is harmless; a pair judged different before may be confirmed on better evidence. */
const confirmSamePerson = ({ data }: ConfirmSamePerson, state: ClientState): ClientEvent[] => {
  judgeable(state, data.clientId, data.otherClientId);
  if (state.samePersonAs.includes(data.otherClientId)) return [];
  return [
    {
      type: 'client-same-person-confirmed',
      data: { clientId: data.clientId, otherClientId: data.otherClientId },
    },
  ];
};

/** A pair confirmed as one person is not taken apart by a dismissal. */
const recordNotSamePerson = ({ data }: RecordNotSamePerson, state: ClientState): ClientEvent[] => {
  judgeable(state, data.clientId, data.otherClientId);
  if (state.samePersonAs.includes(data.otherClientId)) {
    throw RuleViolation.because(
      'clients_confirmed_same',
      'These two clients were confirmed to be the same person',
    );
  }
  if (state.notSamePersonAs.includes(data.otherClientId)) return [];
  return [
    {
      type: 'client-not-same-person-recorded',
      data: { clientId: data.clientId, otherClientId: data.otherClientId },
    },
  ];
};

/** A client is merged once; the same merge again records nothing. */
const mergeInto = ({ data }: MergeInto, state: ClientState): ClientEvent[] => {
  judgeable(state, data.clientId, data.intoClientId);
  if (state.mergedInto === data.intoClientId) return [];
  if (state.mergedInto)
    throw RuleViolation.because('client_already_merged', 'This client was already merged into another');
  if (state.notSamePersonAs.includes(data.intoClientId)) {
    throw RuleViolation.because(
      'clients_judged_different',
      'These two clients were judged to be different people',
    );
  }
  return [{ type: 'client-merged', data: { clientId: data.clientId, intoClientId: data.intoClientId } }];
};

function decide(command: ClientCommand, state: ClientState): ClientEvent[] {
  switch (command.type) {
    case 'RegisterClient':
      return register(command, state);
    case 'ErasePersonalData':
      return erase(command, state);
    case 'ConfirmSamePerson':
      return confirmSamePerson(command, state);
    case 'RecordNotSamePerson':
      return recordNotSamePerson(command, state);
    case 'MergeInto':
      return mergeInto(command, state);
  }
}

const withOne = (list: string[], id: string) => (list.includes(id) ? list : [...list, id]);

function evolve(state: ClientState, event: ClientEvent): ClientState {
  switch (event.type) {
    case 'client-registered':
      return {
        ...state,
        exists: true,
        clientId: event.data.clientId,
        nationality: event.data.nationality,
        language: event.data.language,
      };
    case 'client-personal-data-erased':
      return { ...state, erased: true };
    case 'client-same-person-confirmed':
      return {
        ...state,
        samePersonAs: withOne(state.samePersonAs, event.data.otherClientId),
        notSamePersonAs: state.notSamePersonAs.filter((id) => id !== event.data.otherClientId),
      };
    case 'client-not-same-person-recorded':
      return { ...state, notSamePersonAs: withOne(state.notSamePersonAs, event.data.otherClientId) };
    case 'client-merged':
      return {
        ...state,
        mergedInto: event.data.intoClientId,
        samePersonAs: withOne(state.samePersonAs, event.data.intoClientId),
      };
  }
}

export const clientDecider: Decider<ClientCommand, ClientEvent, ClientState> = {
  initialState: initialClientState,
  decide,
  evolve,
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
