export * from './events';
export * from './checkpoint';
export * from './upcasting';
export { EventStore, ANY_VERSION, checkpointOf } from './event-store';
export type { AppendOptions, StreamAppendRequest, ReadAllOptions, ReadPage } from './event-store';
export * from './notifications';
export type { Projection } from './projections/projection';
export { ProjectionRunner } from './projections/projection-runner';
export type { ProjectionRunnerOptions, ProjectionStatus } from './projections/projection-runner';
