export * from './events';
export * from './checkpoint';
export * from './upcasting';
export { EventStore, checkpointOf } from './event-store';
export * from './notifications';
export type { Projection } from './projections/projection';
export { ProjectionRunner } from './projections/projection-runner';
export * from './integrity';
export * from './command-handling';
