export * from './cases.module';
export * from './projections';
export * from '@huquq/shared-kernel';
export * from './domain/case.events';
export * from './domain/client.events';
export * from './domain/incident.events';
export { caseStream, clientStream, incidentStream } from './streams';
export { TakeCaseWithTask } from './case-commands/take-case-with-task';
