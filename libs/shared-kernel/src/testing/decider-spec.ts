/**
 * Specs that read like the rules: given these events, when this command, then these events
 * (or this error). No store, no mocks; the events are folded with the decider's own evolve, so
 * every spec exercises evolve and decide together.
 */
import type { Decider } from '../decider';

type ErrorClass = abstract new (...args: never[]) => Error;

export interface DeciderThen<Event> {
  then(expected: Event[]): void;
  thenNothingHappens(): void;
  thenThrows(errorClass: ErrorClass, message?: RegExp): void;
}

export interface DeciderWhen<Command, Event> {
  when(command: Command): DeciderThen<Event>;
}

/** A decider that writes to its state would make specs pass that production would fail. */
const deepFreeze = <T>(value: T): T => {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
};

export const deciderSpec =
  <Command, Event, State>(decider: Decider<Command, Event, State>) =>
  (given: Event[] = []): DeciderWhen<Command, Event> => ({
    when: (command) => {
      const decide = () =>
        decider.decide(deepFreeze(command), deepFreeze(given.reduce(decider.evolve, decider.initialState())));
      return {
        then: (expected) => expect(decide()).toEqual(expected),
        thenNothingHappens: () => expect(decide()).toEqual([]),
        thenThrows: (errorClass, message) => {
          let thrown: unknown;
          try {
            decide();
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(errorClass);
          if (message) expect((thrown as Error).message).toMatch(message);
        },
      };
    },
  });
