import type { DomainEvent } from './decider';

/**
 * Which fields of each event type hold personal data or free text, and whose key seals them.
 * Declared beside the events, read by the one write path (which seals exactly these before an
 * event is stored) and by readers (which open exactly these for a caller). Free text is
 * sealed even when it looks harmless: a reason or a place typed by a person can name someone.
 */
export interface SealedFields<State, Event extends DomainEvent> {
  /** The subject whose data key seals the event: a client's id, or an incident's. */
  subjectOf(state: State, event: Event): string;
  /**
   * Per event type: a dotted path into `data` → the field name bound into the ciphertext's
   * authenticated data (so a value moved to another field fails to open). Only string values
   * are sealed; null and absent values stay as they are.
   */
  fields: { readonly [Type in Event['type']]?: Readonly<Record<string, string>> };
}
