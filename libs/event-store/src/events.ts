/**
 * The shapes that go into the event log and come out of it. Types are stable strings chosen
 * by the domain (never class names), so renaming code never breaks stored history.
 */

/** Who did it and why: carried with every event, never interpreted by the store. */
export interface EventMetadata {
  actorId?: string;
  orgId?: string;
  correlationId?: string;
  causationId?: string;
  [key: string]: unknown;
}

export interface NewEvent<T = unknown> {
  /** Makes a retried append harmless; a random UUID when left out. */
  eventId?: string;
  type: string;
  /** The version of `data`'s shape; upcasters bring old shapes to the newest on read. */
  schemaVersion?: number;
  data: T;
  metadata?: EventMetadata;
}

export interface StoredEvent<T = unknown> {
  globalPosition: number;
  streamId: string;
  /** 1 for the first event of a stream. */
  streamVersion: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: T;
  metadata: EventMetadata;
  orgId: string | null;
  recordedAt: Date;
  /** The PostgreSQL transaction (xid8, as a decimal string) that wrote it. */
  transactionId: string;
}

/**
 * A number is the stream's current version, that is the count of its events (0: the stream
 * must not exist yet). 'any' appends at the end, whatever is there.
 */
export type ExpectedVersion = number | 'any';

/**
 * How far a reader of the whole log has come. Ordered by transaction id first, then
 * position: positions become visible in commit order, not in position order.
 */
export interface Checkpoint {
  transactionId: string;
  globalPosition: number;
}

export const START: Checkpoint = Object.freeze({ transactionId: '0', globalPosition: 0 });

export interface AppendResult {
  streamId: string;
  /** The stream's version after the append: the expected version of the next one. */
  nextVersion: number;
  firstPosition: number;
  lastPosition: number;
  /**
   * The transaction that wrote the event at lastPosition (xid8 as text); with it, a reader's
   * checkpoint can be compared with the event without looking it up. Null when nothing was touched.
   */
  lastTransactionId: string | null;
  /** Every event id was in the log already: nothing was written, the originals are returned. */
  alreadyStored: boolean;
  /** The events this call inserted, in stream order, as the log recorded them (for inline projections). */
  written: WrittenEvent[];
}

export interface WrittenEvent {
  eventId: string;
  globalPosition: number;
  streamVersion: number;
  transactionId: string;
  recordedAt: Date;
}
