import type { Decider, DomainEvent, SealedFields } from '@huquq/shared-kernel';

/**
 * One kind of stream (a case, a client, a task…) as the write path needs it: the decider that
 * holds its rules, the fields its events seal, and what a missing stream answers. Streams are
 * named `<name>-<id>`.
 */
export interface StreamType<Command, Event extends DomainEvent, State> {
  name: string;
  decider: Decider<Command, Event, State>;
  sealed?: SealedFields<State, Event>;
  /** What an unknown id, or another organization's, answers: the same error either way. */
  notFound(): Error;
}

// The domain's types are unions of specific events; the write path handles any of them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyStreamType = StreamType<any, any, any>;

export const streamIdOf = (type: { name: string }, id: string): string => `${type.name}-${id}`;
