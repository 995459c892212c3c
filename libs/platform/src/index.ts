export * from './config/app-config';
export * from './config/development-secrets';
export * from './database/database';
export * from './database/create-database';
export * from './database/migrate';
export * from './errors/domain-errors';
