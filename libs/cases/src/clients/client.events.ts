/**
 * A person the organization helps. Their personal fields live only in their own stream, so
 * that erasing a person touches one stream and one key, and case history stays intact.
 */
export interface PersonalData {
  fullName: string;
  phone: string | null;
  passportNumber: string | null;
  dateOfBirth: string | null;
}

export interface ClientRegistered {
  type: 'client-registered';
  data: {
    clientId: string;
    personal: PersonalData;
    nationality: string;
    language: string | null;
    /** Keyed blind-index entries (HMACs): they find a returning person, they reveal nobody. */
    matchKeys: string[];
  };
}

export type ClientEvent = ClientRegistered;

export const CLIENT_EVENT_TYPES: ClientEvent['type'][] = ['client-registered'];

export const clientStreamId = (clientId: string) => `client-${clientId}`;
