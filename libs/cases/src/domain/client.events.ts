/**
 * A person the organization helps. Their personal fields live only in their own stream, so
 * that erasing a person touches one stream and one key, and case history stays intact. Every
 * field here is sealed (AES-256-GCM under the person's data key) before it is stored.
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
    /**
     * The person's blind-index entries (keyed HMACs), sealed as one JSON array: after erasure
     * not even the HMACs can link a later appeal back to this person.
     */
    matchKeys: string;
  };
}

/** The data key is destroyed; the event says so and carries nothing personal. */
export interface ClientPersonalDataErased {
  type: 'client-personal-data-erased';
  data: { clientId: string; erasedAt: string };
}

export type ClientEvent = ClientRegistered | ClientPersonalDataErased;

export const CLIENT_EVENT_TYPES: ClientEvent['type'][] = ['client-registered', 'client-personal-data-erased'];
