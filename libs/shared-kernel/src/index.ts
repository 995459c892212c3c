/**
 * The words every capability shares: who acts (actor, roles), the trade's vocabulary (appeal
 * types, channels, urgency, statuses, outcomes), the regions, ids, and the errors the domain
 * throws. It imports nothing but Node itself, so every layer, the pure domain included, may use it.
 */
export * from './actor';
export * from './errors';
export * from './ids';
export * from './deterministic-id';
export * from './vocabulary';
export * from './decider';
export * from './command-context';
export * from './sealing';
export * from './regions';
export * from './legal-calendar';
