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

/**
 * Someone confirmed that this client and another are one person: recorded on both streams, so
 * each knows the other (erasing either reaches both). Ids only.
 */
export interface SamePersonConfirmed {
  type: 'client-same-person-confirmed';
  data: { clientId: string; otherClientId: string };
}

/** Someone judged two look-alike clients to be different people: never suggested again. */
export interface NotSamePersonRecorded {
  type: 'client-not-same-person-recorded';
  data: { clientId: string; otherClientId: string };
}

/**
 * This client was merged into another: one person from then on, under the survivor's id. Its
 * events and cases stay where they are; readers find them from the survivor.
 */
export interface ClientMerged {
  type: 'client-merged';
  data: { clientId: string; intoClientId: string };
}

export type ClientEvent =
  ClientRegistered | ClientPersonalDataErased | SamePersonConfirmed | NotSamePersonRecorded | ClientMerged;

export const CLIENT_EVENT_TYPES: ClientEvent['type'][] = [
  'client-registered',
  'client-personal-data-erased',
  'client-same-person-confirmed',
  'client-not-same-person-recorded',
  'client-merged',
];
