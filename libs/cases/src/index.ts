export * from './cases.module';
export * from './projections';
export * from './shared/read-your-writes';
export * from './domain/vocabulary';
export * from './domain/case.events';
export * from './clients/client.events';
export * from './incidents/incident.events';
