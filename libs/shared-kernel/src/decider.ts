/**
 * The domain of every stream type as three pure functions (the Emmett decider): `decide` turns
 * a command and the current state into new events or throws a rule error; `evolve` folds one
 * recorded event into the state and never refuses it; `initialState` is the state of a stream
 * that does not exist yet. No I/O, no clock, no framework: specs run in milliseconds.
 */
export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

/** An event as the domain sees it: a stable type string and plain data. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}
